package io.driftwatch.core.performance;

/**
 * One feature's association with the residuals in a window: its coefficient in the least-squares regression of the
 * residual on every usable standardized feature (with intercept), and the t-test of that coefficient.
 *
 * @param feature feature name
 * @param usable false when the model does not use the feature (coefficient 0: z is NaN) or not every label of the window
 *     carried a finite z for it; an unusable feature is not tested (numbers NaN) and never attributed
 * @param effectChange regression coefficient, target units per σ of the feature
 * @param standardError its standard error (same units)
 * @param tStatistic effectChange / standardError, with n − k − 1 degrees of freedom (k usable features)
 * @param pValue two-sided p-value of the t-test
 * @param adjustedPValue Holm-adjusted over the window's family (error test and every usable feature)
 * @param significant adjusted p-value at most the level
 * @param largeEffect |effectChange| at least {@code minEffectChange} × reference RMSE
 * @param attributed significant, large and the window has at least {@code minSamples} labels
 */
public record FeatureAssociation(
    String feature,
    boolean usable,
    double effectChange,
    double standardError,
    double tStatistic,
    double pValue,
    double adjustedPValue,
    boolean significant,
    boolean largeEffect,
    boolean attributed) {}
