package io.driftwatch.core.model;

import java.util.List;

/**
 * What "normal" looks like, frozen at training time: the distribution of every feature (in raw units, as events carry
 * them), of the model's predictions on the training rows, and of its out-of-fold residuals.
 *
 * @param moments the training rows' joint moments for the multivariate drift tests (schema
 *     {@value ModelArtifact#MOMENTS_SCHEMA_VERSION}); null in older artifacts, which are then monitored feature by
 *     feature only
 * @param calibration the drift detector's significance level for this reference, computed where the model was made
 *     (schema {@value ModelArtifact#CALIBRATION_SCHEMA_VERSION}); null when it was not, and the service then resamples
 */
public record ReferenceProfile(
    List<DistributionProfile> features, DistributionProfile prediction, ResidualProfile residuals,
    ReferenceMoments moments, ReferenceCalibration calibration) {

  /** A profile without joint moments (schemas 1 to 3). */
  public ReferenceProfile(List<DistributionProfile> features, DistributionProfile prediction,
      ResidualProfile residuals) {
    this(features, prediction, residuals, null, null);
  }

  /** A profile without a stored calibration. */
  public ReferenceProfile(List<DistributionProfile> features, DistributionProfile prediction,
      ResidualProfile residuals, ReferenceMoments moments) {
    this(features, prediction, residuals, moments, null);
  }

  /** The profile with other moments, and without a calibration: one computed with the former moments is stale. */
  public ReferenceProfile withMoments(ReferenceMoments value) {
    return new ReferenceProfile(features, prediction, residuals, value, null);
  }

  public ReferenceProfile withCalibration(ReferenceCalibration value) {
    return new ReferenceProfile(features, prediction, residuals, moments, value);
  }
}
