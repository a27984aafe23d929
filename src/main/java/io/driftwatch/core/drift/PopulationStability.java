package io.driftwatch.core.drift;

/**
 * The population stability index, {@code PSI = sum_i (a_i - e_i) ln(a_i / e_i)} over the bins' expected (reference)
 * and actual (window) shares. Empty bins would make it infinite; as is customary, shares are floored at
 * {@value #EPSILON} first.
 */
final class PopulationStability {

  static final double EPSILON = 1e-4;

  private PopulationStability() {}

  static double index(double[] expected, double[] actual) {
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], EPSILON);
      double a = Math.max(actual[i], EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }
}
