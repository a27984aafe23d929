package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Which pairs of features move together differently in a window than in the reference: per pair (j, k), Fisher's z
 * test of the window's correlation of normal scores against the reference's,
 * {@code z = (atanh r_w − atanh r_ref) / sqrt(1/(n_w − 3) + 1/(n_ref − 3))}, two-sided normal p-value. Checked
 * against NumPy/SciPy ({@code src/test/python/golden_multivariate.py}).
 *
 * <p>Pairs with an undefined correlation (a feature whose scores do not vary) or fewer than 4 events on either side are
 * left out. Correlations of ±1 are moved to ±(1 − 10⁻¹⁵) so that z stays finite.
 */
public final class CorrelationChange {

  /**
   * One pair's change.
   *
   * @param first index of the first feature (artifact order), less than {@code second}
   * @param z Fisher's z statistic, negative when the window's correlation is the weaker
   * @param pValue two-sided, unadjusted
   */
  public record Pair(int first, int second, String firstName, String secondName, double referenceCorrelation,
      double windowCorrelation, double z, double pValue) {}

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
  private static final double MAX_R = 1 - 1e-15;

  private CorrelationChange() {}

  /** Every pair of the window's normal-score correlations against the reference's, most changed first. */
  public static List<Pair> test(List<String> names, ReferenceMoments reference, MultivariateSummary window) {
    return test(names, reference.count(), reference.scoreCorrelation(), window.count(), window.scoreCorrelation());
  }

  /**
   * Every pair of two correlation matrices, most changed first: by p-value ascending, then by |z| descending (p-values
   * that underflow to 0 stay ordered).
   *
   * @param names feature names, one per row of the matrices
   */
  public static List<Pair> test(List<String> names, long referenceCount, double[][] referenceCorrelation,
      long windowCount, double[][] windowCorrelation) {
    int p = referenceCorrelation.length;
    if (names.size() != p || windowCorrelation.length != p) {
      throw new IllegalArgumentException("expected " + p + " names and a " + p + " x " + p + " window matrix");
    }
    List<Pair> pairs = new ArrayList<>(p * (p - 1) / 2);
    if (referenceCount < 4 || windowCount < 4) {
      return pairs;
    }
    double se = Math.sqrt(1.0 / (windowCount - 3) + 1.0 / (referenceCount - 3));
    for (int j = 0; j < p; j++) {
      for (int k = j + 1; k < p; k++) {
        double rr = referenceCorrelation[j][k];
        double rw = windowCorrelation[j][k];
        if (Double.isNaN(rr) || Double.isNaN(rw)) {
          continue;
        }
        double z = (atanh(rw) - atanh(rr)) / se;
        double pValue = Math.min(1, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
        pairs.add(new Pair(j, k, names.get(j), names.get(k), rr, rw, z, pValue));
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::pValue).thenComparingDouble(q -> -Math.abs(q.z())));
    return pairs;
  }

  static double atanh(double r) {
    double c = Math.max(-MAX_R, Math.min(MAX_R, r));
    return 0.5 * Math.log1p(2 * c / (1 - c));
  }
}
