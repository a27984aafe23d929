package io.driftwatch.core.drift;

import io.driftwatch.core.model.FeatureKind;

/**
 * How far one distribution (a feature, or the model's predictions) moved from its reference in one window, and the
 * decision taken on it. Distances are in reference standard deviations (σ), or in the feature's units when the
 * reference is constant ({@link io.driftwatch.core.model.ConstantFeature}); undefined values are {@code NaN}.
 *
 * @param name feature name, or {@code prediction}
 * @param count finite values in the window
 * @param psi population stability index on the reference's decile bins (categories for categorical features)
 * @param ksStatistic largest gap between the reference and window CDFs at the frozen cut points
 * @param test the test that gave {@code pValue}: KS, or chi-square for categorical features
 * @param chiSquare chi-square statistic (categorical features), else {@code NaN}
 * @param pValue the test's p-value
 * @param adjustedPValue {@code pValue} after Holm's correction over every test of the window
 * @param wassersteinSigma Wasserstein-1 distance between the window and the reference, in σ
 * @param wassersteinErrorSigma bound on the error of {@code wassersteinSigma} due to binning
 * @param meanShiftSigma (window mean - reference mean) / σ
 * @param stdShiftSigma (window std - reference std) / σ
 * @param significant {@code adjustedPValue <= } the calibrated significance level
 * @param largeEffect PSI or Wasserstein distance at or above its floor
 * @param drift significant, large, and the window has at least {@code min_samples} records
 * @param predictionShift shift of the mean prediction this feature causes: coefficient × (window mean − reference
 *     mean) / scale; {@code NaN} for the prediction itself
 * @param affectsPrediction false when the model does not use the feature (zero coefficient)
 * @param histogram the window beside the reference on PSI's bins; may be null in reports built by hand
 */
public record DistributionDrift(
    String name,
    FeatureKind kind,
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
    double adjustedPValue,
    double wassersteinSigma,
    double wassersteinErrorSigma,
    double meanShiftSigma,
    double stdShiftSigma,
    boolean significant,
    boolean largeEffect,
    boolean drift,
    double predictionShift,
    boolean affectsPrediction,
    Histogram histogram) {}
