package io.driftwatch.core.model;

import java.util.Arrays;

/** Builds {@link DistributionProfile}s from training values. */
public final class DistributionProfiles {

  private DistributionProfiles() {}

  /**
   * Summarises {@code values} (not modified); categorical kinds also get their categories and proportions. A column
   * indistinguishable from a constant ({@link ConstantFeature}) gets σ = 0 exactly.
   */
  public static DistributionProfile of(String name, FeatureKind kind, double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot profile '" + name + "' from no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double mean = 0;
    for (double v : sorted) {
      mean += v;
    }
    mean /= sorted.length;
    double squares = 0;
    double correction = 0;
    for (double v : sorted) {
      squares += (v - mean) * (v - mean);
      correction += v - mean;
    }
    double std = Math.sqrt(squares / sorted.length);
    if (ConstantFeature.isConstant(squares / sorted.length, mean, sorted.length)) {
      // The σ is rounding residue (8.5e-14 for 353 × 14.62), and so is the mean's error: store σ = 0 and the mean
      // corrected once (exactly the value, for a column of one value). Other columns keep the one-pass figures.
      std = 0;
      mean += correction / sorted.length;
    }

    double[] quantiles = new double[DistributionProfile.QUANTILE_COUNT];
    for (int i = 0; i < quantiles.length; i++) {
      quantiles[i] = quantileOfSorted(sorted, i / (double) (quantiles.length - 1));
    }
    double[] categories = new double[0];
    double[] proportions = new double[0];
    if (kind == FeatureKind.CATEGORICAL) {
      categories = Arrays.stream(sorted).distinct().toArray();
      proportions = new double[categories.length];
      for (double v : sorted) {
        proportions[Arrays.binarySearch(categories, v)] += 1.0 / sorted.length;
      }
    }
    return new DistributionProfile(
        name, kind, sorted.length, mean, std, sorted[0], sorted[sorted.length - 1], quantiles, categories,
        proportions);
  }

  /** NumPy's default ("linear") quantile of an ascending array: {@code np.quantile(sorted, p)}. */
  public static double quantileOfSorted(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
  }
}
