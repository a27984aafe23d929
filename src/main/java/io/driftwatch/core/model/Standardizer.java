package io.driftwatch.core.model;

/**
 * The fitted scaler saved with the model (the notebook's task 2.1): {@code z = (x - mean) / scale}, with scikit-learn's
 * population standard deviation as scale (a zero-variance column gets scale 1, as in scikit-learn).
 */
public record Standardizer(double[] mean, double[] scale) {}
