package io.driftwatch.core.model;

/** Root mean squared error and coefficient of determination on one set of rows. */
public record Metrics(double rmse, double r2, int rows) {}
