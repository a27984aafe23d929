package io.driftwatch.core.performance;

/**
 * A feature blamed for concept drift.
 *
 * @param feature feature name
 * @param effectChange estimated change of the feature's effect on the outcome that the model does not capture, in
 *     target units per σ of the feature (scaler σ): the slope of the residual on the standardized feature. Doubling
 *     bmi's effect in the diabetes model gives about +25.9, bmi's own standardized coefficient
 * @param pValue in a window report the Holm-adjusted p-value of the feature's association test; in an alarm the
 *     approximate, uncorrected one-sided p-value of the scores since its CUSUM last left zero
 */
public record Attribution(String feature, double effectChange, double pValue) {}
