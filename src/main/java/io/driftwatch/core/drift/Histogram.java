package io.driftwatch.core.drift;

import io.driftwatch.core.model.FeatureKind;
import java.util.Arrays;

/**
 * One quantity of a window beside its reference, on PSI's bins: what the report's {@code histogram} shows.
 *
 * <p>Continuous quantities: {@code edges} are the cut points of PSI's bins ({@link ReferenceBins#psiCuts}: about the
 * reference deciles), ascending; {@code edges.length + 1} bins, {@code (-inf, e[0]), [e[0], e[1]), ..., [e[K-1],
 * +inf)}; {@code categories} is empty. Categorical quantities: one bin per code, {@code categories} ascending, and
 * {@code edges} is empty (validated events hold no other value).
 *
 * @param edges cut points of PSI's bins (continuous quantities), in the quantity's units
 * @param categories the codes (categorical quantities)
 * @param reference the reference's share of each bin, summing to 1: the expected shares PSI uses (before its floor),
 *     rounded to 12 decimals so that a decile reads 0.1, not 0.09999999999999999
 * @param window the window's count of finite values in each bin; they sum to the quantity's {@code count}
 */
public record Histogram(double[] edges, double[] categories, double[] reference, long[] window) {

  public boolean categorical() {
    return categories.length > 0;
  }

  /** Quantity {@code q} of {@code summary} on the bins of {@code bins}. */
  static Histogram of(ReferenceBins bins, WindowSummary summary, int q) {
    if (bins.kind == FeatureKind.CATEGORICAL) {
      // Bin 2i + 1 holds exactly code i (ReferenceBins.categorical); the bins between codes stay empty.
      int codes = bins.categories.length;
      double[] reference = new double[codes];
      long[] window = new long[codes];
      for (int i = 0; i < codes; i++) {
        reference[i] = round(bins.cdfAtEdge[2 * i + 1] - bins.cdfAtEdge[2 * i]);
        window[i] = summary.binCount(q, 2 * i + 1);
      }
      return new Histogram(new double[0], bins.categories.clone(), reference, window);
    }
    int[] cuts = bins.psiCuts;
    double[] edges = new double[cuts.length];
    double[] reference = new double[cuts.length + 1];
    long[] window = new long[cuts.length + 1];
    double previous = 0;
    int bin = 0;
    for (int g = 0; g <= cuts.length; g++) {
      // Fine bins up to and including cut index c lie below edges[c]: PSI's bin g gathers fine bins (c[g-1], c[g]].
      int last = g < cuts.length ? cuts[g] : bins.edges.length;
      for (; bin <= last; bin++) {
        window[g] += summary.binCount(q, bin);
      }
      double cdf = g < cuts.length ? bins.cdfAtEdge[cuts[g]] : 1;
      reference[g] = round(cdf - previous);
      previous = cdf;
      if (g < cuts.length) {
        edges[g] = bins.edges[cuts[g]];
      }
    }
    return new Histogram(edges, new double[0], reference, window);
  }

  private static double round(double share) {
    return Math.round(share * 1e12) / 1e12;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(categories, h.categories)
        && Arrays.equals(reference, h.reference) && Arrays.equals(window, h.window);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges) * 31 + Arrays.hashCode(window);
  }

  @Override
  public String toString() {
    return "Histogram[edges=" + Arrays.toString(edges) + ", categories=" + Arrays.toString(categories)
        + ", reference=" + Arrays.toString(reference) + ", window=" + Arrays.toString(window) + "]";
  }
}
