package io.driftwatch.core.model;

/**
 * The training-data distribution of one quantity (a feature or the model's predictions), frozen into the artifact so
 * live windows are always compared with the same bins and cut points.
 *
 * @param name feature name, or {@code prediction}
 * @param kind continuous or categorical
 * @param count number of training rows summarised
 * @param mean arithmetic mean
 * @param std population standard deviation; 0 when the values are indistinguishable from a constant
 *     ({@link ConstantFeature}), though artifacts written before that rule may hold a residue (read as 0)
 * @param min smallest training value
 * @param max largest training value
 * @param quantiles values at probabilities 0, 0.01, ..., 1 ({@link #QUANTILE_COUNT} points, NumPy's linear
 *     interpolation); the reference CDF for KS and Wasserstein, and the source of PSI's decile cut points
 * @param categories for categorical features, the distinct values in ascending order; empty otherwise
 * @param categoryProportions for categorical features, the training share of each category; empty otherwise
 */
public record DistributionProfile(
    String name,
    FeatureKind kind,
    long count,
    double mean,
    double std,
    double min,
    double max,
    double[] quantiles,
    double[] categories,
    double[] categoryProportions) {

  public static final int QUANTILE_COUNT = 101;
}
