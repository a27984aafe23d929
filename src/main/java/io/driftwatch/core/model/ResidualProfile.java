package io.driftwatch.core.model;

/**
 * The chosen model's out-of-fold residuals ({@code actual - predicted}) on the training rows: the honest error level
 * that concept-drift monitoring compares live errors with.
 *
 * @param folds number of cross-validation folds that produced them
 * @param count number of residuals
 * @param rmse root mean squared residual
 * @param bias mean residual
 * @param meanAbsolute mean absolute residual
 * @param quantiles residual values at probabilities 0, 0.01, ..., 1
 */
public record ResidualProfile(
    int folds, long count, double rmse, double bias, double meanAbsolute, double[] quantiles) {}
