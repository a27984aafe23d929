package io.driftwatch.core.drift;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov–Smirnov test as drift detection uses it: the statistic is the largest gap between two CDFs
 * at a set of cut points, and its p-value is SciPy's {@code ks_2samp(method="asymp")}: the exact two-sided one-sample
 * Kolmogorov distribution at {@code N = round(n m / (n + m))}, as computed by Commons Statistics.
 *
 * <p>Evaluated on fewer cut points than the data has (frozen bins, or tied values), the statistic can only be smaller
 * than the full one, so this p-value is valid and conservative for binned and discrete data.
 */
final class KolmogorovSmirnov {

  private static final KolmogorovSmirnovTest TEST = KolmogorovSmirnovTest.withDefaults();

  private KolmogorovSmirnov() {}

  /** {@code max_k |a[k] - b[k]|}. */
  static double statistic(double[] cdfA, double[] cdfB) {
    double d = 0;
    for (int k = 0; k < cdfA.length; k++) {
      d = Math.max(d, Math.abs(cdfA[k] - cdfB[k]));
    }
    return d;
  }

  /** Effective sample size of the two-sample test, {@code round(n m / (n + m))}. */
  static int effectiveSize(long n, long m) {
    return (int) Math.max(1, Math.round((double) n * m / ((double) n + m)));
  }

  /** Probability that samples of sizes {@code n} and {@code m} of one distribution differ by at least {@code d}. */
  static double pValue(double d, long n, long m) {
    return survival(d, effectiveSize(n, m));
  }

  /**
   * {@code P(D_N >= d)} for the one-sample two-sided statistic. Commons Statistics exposes this distribution only
   * through its one-sample test, so we give the test N evenly spaced points and a uniform CDF shifted so that its
   * statistic is exactly {@code d} (the smallest attainable statistic is 1/(2N), whose survival is 1).
   */
  static double survival(double d, int n) {
    if (!(d > 0.5 / n)) {
      return 1.0;
    }
    if (d >= 1) {
      return 0.0;
    }
    if (n == 1) {
      return 2 * (1 - d); // one point: D = max(F, 1 - F) >= 1/2
    }
    double[] points = new double[n];
    for (int i = 0; i < n; i++) {
      points[i] = (i + 0.5) / n;
    }
    double shift = d - 0.5 / n;
    return TEST.test(points, t -> t - shift).getPValue();
  }

  /** The smallest statistic whose p-value is at most {@code alpha} for effective size {@code n} (by bisection). */
  static double criticalValue(double alpha, int n) {
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 50; i++) {
      double mid = 0.5 * (lo + hi);
      if (survival(mid, n) <= alpha) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }
}
