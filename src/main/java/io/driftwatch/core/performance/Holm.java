package io.driftwatch.core.performance;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction (Holm 1979): rejecting every hypothesis whose adjusted p-value is at most {@code alpha}
 * keeps the probability of any false rejection at most {@code alpha}, whatever the dependence between the tests. The
 * same rule as {@code io.driftwatch.core.drift.Holm}, which is package-private there; here NaN p-values (tests that
 * could not be computed) are left out of the family and stay NaN.
 */
final class Holm {

  private Holm() {}

  /** Adjusted p-values: {@code p_adj(i) = max_{j <= i} min(1, (m - j + 1) p(j))} over the m finite p-values. */
  static double[] adjust(double[] p) {
    Integer[] order = new Integer[p.length];
    int m = 0;
    for (int i = 0; i < p.length; i++) {
      if (!Double.isNaN(p[i])) {
        order[m++] = i;
      }
    }
    Integer[] finite = Arrays.copyOf(order, m);
    Arrays.sort(finite, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[p.length];
    Arrays.fill(adjusted, Double.NaN);
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = finite[rank];
      running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
      adjusted[i] = running;
    }
    return adjusted;
  }
}
