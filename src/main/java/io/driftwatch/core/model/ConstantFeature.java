package io.driftwatch.core.model;

/**
 * The one rule for "this feature is a constant": its computed variance is no larger than the floating-point error the
 * two-pass variance algorithm can make on values of that magnitude, so what remains is rounding residue, not spread.
 * Training (the scaler and the reference profile) and drift (every division by a reference σ) all decide with it.
 *
 * <p>The rule is scikit-learn's {@code sklearn.preprocessing._data._is_constant_feature} (Chan, Golub & LeVeque's
 * error bound, "Algorithms for computing the sample variance", 1983): with {@code eps = 2^-52},
 * {@code var <= n·eps·var + (n·mean·eps)²}. The bound is relative to the feature's magnitude: a column of 14.62s whose
 * computed σ is 8.5e-14 is constant, a column around 1e-20 that varies by 10% is not. A constant feature is then
 * divided by 1, as {@code sklearn.preprocessing._data._handle_zeros_in_scale} does, so its effects are in the
 * feature's own units.
 */
public final class ConstantFeature {

  /** {@code np.finfo(np.float64).eps}. */
  private static final double EPS = Math.ulp(1.0);

  private ConstantFeature() {}

  /**
   * The largest variance that is rounding residue: {@code n·eps·variance + (n·mean·eps)²}.
   *
   * @param variance the computed population variance (squared units)
   * @param mean the computed mean (units)
   * @param n how many values both were computed from
   */
  public static double varianceBound(double variance, double mean, long n) {
    double meanError = n * Math.abs(mean) * EPS;
    return n * EPS * variance + meanError * meanError;
  }

  /** {@code variance <= varianceBound(variance, mean, n)}; false for a NaN variance. */
  public static boolean isConstant(double variance, double mean, long n) {
    return variance <= varianceBound(variance, mean, n);
  }

  /** What to divide by: {@code √variance}, or 1 for a constant feature (units of the feature). */
  public static double scale(double variance, double mean, long n) {
    return isConstant(variance, mean, n) ? 1.0 : Math.sqrt(variance);
  }

  /**
   * {@code √varianceBound}: in the feature's units, the smallest difference its computed statistics resolve. For a
   * constant feature, differences up to this are residue of the same kind as its variance.
   */
  public static double tolerance(double variance, double mean, long n) {
    return Math.sqrt(varianceBound(variance, mean, n));
  }
}
