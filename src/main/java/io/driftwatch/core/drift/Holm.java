package io.driftwatch.core.drift;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction: rejecting every hypothesis whose adjusted p-value is at most {@code alpha} keeps the
 * probability of any false rejection at most {@code alpha}, whatever the dependence between the tests.
 */
final class Holm {

  private Holm() {}

  /** Adjusted p-values: {@code p_adj(i) = max_{j <= i} min(1, (k - j + 1) p(j))} in ascending order of p. */
  static double[] adjust(double[] p) {
    int k = p.length;
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[k];
    double running = 0;
    for (int rank = 0; rank < k; rank++) {
      int i = order[rank];
      running = Math.max(running, Math.min(1.0, (k - rank) * p[i]));
      adjusted[i] = running;
    }
    return adjusted;
  }
}
