package io.driftwatch.core.retrain;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.TTest;

/**
 * One-sided paired t-test on the holdout rows that the challenger's mean squared error is below {@code (1 − margin)²}
 * times the champion's, i.e. its RMSE below {@code (1 − margin)} times the champion's: the per-row differences {@code
 * d_i = e²_challenger,i − (1 − margin)² · e²_champion,i}, H0: E[d] ≥ 0 against H1: E[d] < 0, {@code t = mean(d) /
 * (sd(d) / √n)} with n − 1 degrees of freedom (Student 1908). SciPy's {@code ttest_rel(challenger, (1 − margin)² ·
 * champion, alternative='less')}; computed by Commons Statistics' {@code TTest}.
 *
 * <p>When every difference is the same (sd = 0, e.g. two identical models and no margin) the t statistic is undefined:
 * the p-value is then 0 if that difference is negative, else 1, and the statistic ±∞ or NaN (SciPy gives NaN for both).
 *
 * @param rows holdout rows (n)
 * @param meanDifference mean of d: challenger MSE − (1 − margin)² × champion MSE (squared target units)
 * @param statistic t
 * @param degreesOfFreedom n − 1
 * @param pValue one-sided p-value, P(T ≤ t) for Student's t with n − 1 degrees of freedom
 */
public record PairedTTest(int rows, double meanDifference, double statistic, double degreesOfFreedom, double pValue) {

  private static final TTest LESS = TTest.withDefaults().with(AlternativeHypothesis.LESS_THAN);

  /**
   * @param challenger the challenger's squared error on each holdout row
   * @param champion the champion's, on the same rows in the same order
   * @param margin the margin, in [0, 1)
   */
  public static PairedTTest of(double[] challenger, double[] champion, double margin) {
    if (challenger.length != champion.length || challenger.length < 2) {
      throw new IllegalArgumentException("a paired test needs two equally long samples of at least 2 rows, got "
          + challenger.length + " and " + champion.length);
    }
    int n = challenger.length;
    double factor = (1 - margin) * (1 - margin);
    double[] scaled = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      scaled[i] = factor * champion[i];
      d[i] = challenger[i] - scaled[i];
    }
    double mean = mean(d);
    boolean constant = true;
    for (double v : d) {
      constant &= v == d[0];
    }
    if (constant) {
      double statistic = mean < 0 ? Double.NEGATIVE_INFINITY : mean > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
      return new PairedTTest(n, mean, statistic, n - 1, mean < 0 ? 0.0 : 1.0);
    }
    TTest.Result result = LESS.pairedTest(challenger, scaled);
    return new PairedTTest(n, mean, result.getStatistic(), result.getDegreesOfFreedom(), result.getPValue());
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
