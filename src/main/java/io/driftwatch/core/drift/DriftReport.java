package io.driftwatch.core.drift;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The drift verdict on one closed window: every feature and the prediction against the model's reference profile.
 * Written to {@code drift-reports} by {@link DriftReportJson}.
 *
 * @param count records in the window
 * @param lateRecords records that arrived after their window had closed, as counted by the stream
 * @param belowMinSamples fewer than {@code min_samples} records: statistics are reported, nothing is flagged
 * @param datasetDrift at least one feature drifted, or the joint tests did ({@link MultivariateDrift#drift()})
 * @param driftedFeatures drifted features, those that move the mean prediction most first
 * @param features one entry per model feature, in the model's order
 * @param predictionMeanShift window mean prediction − reference mean prediction
 * @param multivariate the joint tests of the window
 * @param explainedPredictionShift sum of the features' {@code predictionShift}: what the drift of the inputs explains
 *     of the prediction shift
 */
public record DriftReport(
    Instant windowStart,
    Instant windowEnd,
    String modelName,
    String modelVersion,
    long count,
    long lateRecords,
    boolean belowMinSamples,
    boolean datasetDrift,
    List<String> driftedFeatures,
    List<DistributionDrift> features,
    DistributionDrift prediction,
    double predictionMeanShift,
    double explainedPredictionShift,
    DriftThresholds thresholds,
    DataQuality dataQuality,
    DriftStates driftStates,
    MultivariateDrift multivariate) {

  public DriftReport {
    driftedFeatures = List.copyOf(driftedFeatures);
    features = List.copyOf(features);
    if (dataQuality == null) {
      dataQuality = DataQuality.of(count, java.util.Map.of());
    }
    if (driftStates == null) {
      driftStates = DriftStates.NONE.after(windowStart, windowEnd, belowMinSamples, datasetDrift, features, prediction);
    }
    if (multivariate == null) {
      multivariate = MultivariateDrift.notTested("not computed", count);
    }
  }

  public DistributionDrift feature(String name) {
    return features.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no feature '" + name + "' in this report"));
  }
}
