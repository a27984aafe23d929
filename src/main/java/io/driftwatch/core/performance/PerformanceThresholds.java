package io.driftwatch.core.performance;

/**
 * The thresholds a window is judged with, as reported with it.
 *
 * @param minSamples windows with fewer labels are never flagged
 * @param significanceLevel level the Holm-adjusted p-values are compared with ({@code concept.false-alarm-rate})
 * @param minRmseRatio smallest RMSE ratio that counts as a large error rise
 * @param minEffectChange smallest |effect change| that counts as large, in target units per σ (the setting times the
 *     reference RMSE)
 */
public record PerformanceThresholds(
    long minSamples, double significanceLevel, double minRmseRatio, double minEffectChange) {

  /** The multiple-testing correction used across the tests of a window. */
  public static final String CORRECTION = "holm";
}
