package io.driftwatch.core.model;

/**
 * A linear model on standardized inputs: {@code prediction = intercept + sum_j coefficients[j] * z[j]}.
 *
 * @param type estimator that produced it, e.g. {@code lasso}
 * @param alpha its regularisation strength (scikit-learn's {@code alpha})
 */
public record LinearModel(String type, double alpha, double[] coefficients, double intercept) {}
