package io.driftwatch.core.drift;

import io.driftwatch.core.model.FeatureKind;
import java.util.Arrays;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * How one quantity of a window compares with its reference, before any decision: the raw material of a
 * {@link DistributionDrift}. All distances are in reference standard deviations (σ); for a constant reference
 * ({@link ReferenceBins#constant}) in the feature's units, with differences up to its tolerance reported as 0.
 */
record QuantityStatistics(
    long count,
    double mean,
    double std,
    double min,
    double max,
    double psi,
    double ksStatistic,
    DistributionTest test,
    double chiSquare,
    double pValue,
    double wassersteinSigma,
    double wassersteinErrorSigma,
    double meanShiftSigma,
    double stdShiftSigma) {

  private static final ChiSquareTest CHI_SQUARE = ChiSquareTest.withDefaults();

  /**
   * Measures quantity {@code q} of {@code summary} against {@code bins}. KS p-values (the costly part) are computed
   * only for statistics of at least {@code ksSkipBelow}; smaller ones get p = 1 (calibration uses this, reports 0).
   */
  static QuantityStatistics measure(ReferenceBins bins, WindowSummary summary, int q, double ksSkipBelow) {
    DistributionTest test = bins.kind == FeatureKind.CATEGORICAL ? DistributionTest.CHI_SQUARE : DistributionTest.KS;
    long n = summary.count(q);
    if (n == 0) {
      double nan = Double.NaN;
      return new QuantityStatistics(0, nan, nan, nan, nan, nan, nan, test, nan, 1.0, nan, nan, nan, nan);
    }
    int k = bins.edges.length;
    double[] windowCdf = new double[k];
    long cumulative = 0;
    for (int b = 0; b < k; b++) {
      cumulative += summary.binCount(q, b);
      windowCdf[b] = (double) cumulative / n;
    }
    double ks = KolmogorovSmirnov.statistic(bins.cdfAtEdge, windowCdf);
    double psi = psi(bins, windowCdf);

    double w1 = 0;
    double error = 0;
    if (bins.constant && bins.kind == FeatureKind.CONTINUOUS) {
      double[] distance = pointMassDistance(bins, summary, q);
      w1 = distance[0];
      error = distance[1];
    } else {
      // Wasserstein-1 = ∫ |F_ref - F_window|, bin by bin, each bin's window values taken at their mean (exact for an
      // empty bin, a bin of equal values, or one where the two CDFs do not cross).
      boolean allEqual = summary.min(q) == summary.max(q);
      for (int b = 0; b <= k; b++) {
        w1 += binDistance(bins, summary, q, windowCdf, b);
        error += allEqual ? 0 : crossingError(bins, summary, q, windowCdf, b);
      }
    }
    double sigma = bins.sigma;
    double mean = summary.mean(q);
    double std = summary.std(q);
    double meanShift = mean - bins.referenceMean;
    double stdShift = std - bins.referenceStd;
    if (bins.constant) {
      // The reference's own σ and mean error are residue up to the tolerance; so is any difference that small.
      w1 = residueToZero(w1, bins.tolerance);
      error = residueToZero(error, bins.tolerance);
      meanShift = residueToZero(meanShift, bins.tolerance);
      stdShift = residueToZero(stdShift, bins.tolerance);
    }

    double chiSquare = Double.NaN;
    double p;
    if (test == DistributionTest.CHI_SQUARE) {
      double[] result = chiSquare(bins, summary, q);
      chiSquare = result[0];
      p = result[1];
    } else {
      p = ks < ksSkipBelow ? 1.0 : KolmogorovSmirnov.pValue(ks, bins.referenceCount, n);
    }
    return new QuantityStatistics(n, mean, std, summary.min(q), summary.max(q), psi, ks, test, chiSquare, p,
        w1 / sigma, error / sigma, meanShift / sigma, stdShift / sigma);
  }

  private static double residueToZero(double difference, double tolerance) {
    return Math.abs(difference) <= tolerance ? 0 : difference;
  }

  /**
   * {E|X - c|, error bound} for a constant reference c (its mean): the Wasserstein-1 distance to a point mass. A
   * window on one side of c gives exactly |mean - c|; otherwise the bins below and above c's bin give their part
   * exactly, and values in c's bin (within its half-width of c) are counted at c, which the error bound accounts for.
   */
  private static double[] pointMassDistance(ReferenceBins bins, WindowSummary summary, int q) {
    double c = bins.referenceMean;
    long n = summary.count(q);
    if (summary.min(q) >= c || summary.max(q) <= c) {
      return new double[] {Math.abs(summary.mean(q) - c), 0};
    }
    double below = summary.binDistance(q, 0) + summary.binCount(q, 0) * (c - bins.edges[0]);
    double above = summary.binDistance(q, 2) + summary.binCount(q, 2) * (bins.edges[1] - c);
    // Values in c's bin lie between it and the window's own extremes.
    double reach = Math.max(c - Math.max(bins.edges[0], summary.min(q)), Math.min(bins.edges[1], summary.max(q)) - c);
    return new double[] {(below + above) / n, summary.binCount(q, 1) * reach / n};
  }

  private static double psi(ReferenceBins bins, double[] windowCdf) {
    int[] cuts = bins.psiCuts;
    double[] expected = new double[cuts.length + 1];
    double[] actual = new double[cuts.length + 1];
    double previousRef = 0;
    double previousWin = 0;
    for (int g = 0; g < cuts.length; g++) {
      expected[g] = bins.cdfAtEdge[cuts[g]] - previousRef;
      actual[g] = windowCdf[cuts[g]] - previousWin;
      previousRef = bins.cdfAtEdge[cuts[g]];
      previousWin = windowCdf[cuts[g]];
    }
    expected[cuts.length] = 1 - previousRef;
    actual[cuts.length] = 1 - previousWin;
    return PopulationStability.index(expected, actual);
  }

  /**
   * {@code ∫_bin |F_ref - F_window|} with the window's values in the bin placed at their mean (known from the count and
   * the distance sum): the window CDF is then a step from its value before the bin to its value after it.
   */
  private static double binDistance(ReferenceBins bins, WindowSummary summary, int q, double[] windowCdf, int b) {
    int k = bins.edges.length;
    double before = b == 0 ? 0 : windowCdf[b - 1];
    double after = b == k ? 1 : windowCdf[b];
    long count = summary.binCount(q, b);
    if (b == 0) {
      double right = bins.edges[0];
      double at = count == 0 ? right : Math.min(right, right - summary.binDistance(q, b) / count);
      return bins.areaBelow(at) + bins.distanceToLevel(at, right, after);
    }
    if (b == k) {
      double left = bins.edges[k - 1];
      double at = count == 0 ? left : Math.max(left, left + summary.binDistance(q, b) / count);
      return bins.distanceToLevel(left, at, before) + bins.areaAbove(at);
    }
    double left = bins.edges[b - 1];
    double right = bins.edges[b];
    double at = count == 0 ? right : Math.max(left, Math.min(right, right - summary.binDistance(q, b) / count));
    return bins.distanceToLevel(left, at, before) + bins.distanceToLevel(at, right, after);
  }

  /**
   * Upper bound of the error {@link #binDistance} can make in bin {@code b}: the truth and the estimate both lie
   * between {@code |∫ g|} and {@code |∫ g| + 2 width min(max g, -min g)}, {@code g = F_ref - F_window}, and coincide
   * when g keeps its sign, when the bin holds at most one window value, or when it holds none.
   */
  private static double crossingError(ReferenceBins bins, WindowSummary summary, int q, double[] windowCdf, int b) {
    if (summary.binCount(q, b) < 2) {
      return 0;
    }
    int k = bins.edges.length;
    double from = b == 0 ? Math.min(bins.referenceMin, summary.min(q)) : bins.edges[b - 1];
    double to = b == k ? Math.max(bins.referenceMax, summary.max(q)) : bins.edges[b];
    double refFrom = b == 0 ? 0 : bins.cdfAtEdge[b - 1];
    double refTo = b == k ? 1 : bins.cdfAtEdge[b];
    double winFrom = b == 0 ? 0 : windowCdf[b - 1];
    double winTo = b == k ? 1 : windowCdf[b];
    double highest = refTo - winFrom;
    double lowest = refFrom - winTo;
    if (highest <= 0 || lowest >= 0 || to <= from) {
      return 0;
    }
    return 2 * (to - from) * Math.min(highest, -lowest);
  }

  /** {chi-square statistic, p-value} of the 2 x categories table of reference and window counts. */
  private static double[] chiSquare(ReferenceBins bins, WindowSummary summary, int q) {
    int binCount = bins.binCount();
    long[] reference = new long[binCount];
    long[] window = new long[binCount];
    double previous = 0;
    for (int b = 0; b < binCount; b++) {
      double cdf = b < bins.edges.length ? bins.cdfAtEdge[b] : 1;
      reference[b] = Math.round((cdf - previous) * bins.referenceCount);
      previous = cdf;
      window[b] = summary.binCount(q, b);
    }
    int used = 0;
    for (int b = 0; b < binCount; b++) {
      if (reference[b] + window[b] > 0) {
        reference[used] = reference[b];
        window[used] = window[b];
        used++;
      }
    }
    if (used < 2) {
      return new double[] {0, 1};
    }
    SignificanceResult r = CHI_SQUARE.test(new long[][] {Arrays.copyOf(reference, used), Arrays.copyOf(window, used)});
    return new double[] {r.getStatistic(), r.getPValue()};
  }
}
