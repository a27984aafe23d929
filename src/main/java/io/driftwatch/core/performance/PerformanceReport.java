package io.driftwatch.core.performance;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The concept-drift verdict on one window of labelled predictions. Undefined numbers (an empty window, a singular
 * regression) are NaN, written as JSON null by {@link PerformanceReportJson}.
 *
 * @param count labelled predictions in the window
 * @param belowMinSamples fewer than {@code minSamples} labels: statistics are reported, nothing is flagged
 * @param rmse root mean squared residual (target units)
 * @param mae mean absolute residual
 * @param bias mean residual (outcome − prediction; positive: the model under-predicts)
 * @param referenceRmse the reference (out-of-fold) RMSE of the artifact
 * @param rmseRatio rmse / referenceRmse
 * @param pValue one-sided p-value of the test that the window's mean squared error exceeds the reference's
 * @param adjustedPValue that p-value, Holm-adjusted over the window's family
 * @param errorDrift adjusted p-value ≤ level, rmseRatio ≥ minRmseRatio, count ≥ minSamples
 * @param conceptDrift errorDrift or a non-empty attribution
 * @param attribution attributed features, most significant first, with Holm-adjusted p-values
 * @param features every model feature in the artifact's order
 */
public record PerformanceReport(
    long count,
    boolean belowMinSamples,
    double rmse,
    double mae,
    double bias,
    double referenceRmse,
    double rmseRatio,
    double pValue,
    double adjustedPValue,
    boolean errorDrift,
    boolean conceptDrift,
    List<Attribution> attribution,
    List<FeatureAssociation> features,
    PerformanceThresholds thresholds) {

  public PerformanceReport {
    attribution = List.copyOf(attribution);
    features = List.copyOf(features);
  }

  public FeatureAssociation feature(String name) {
    return features.stream()
        .filter(f -> f.feature().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no feature '" + name + "' in this report"));
  }
}
