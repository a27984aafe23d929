package io.driftwatch.core.train;

import io.driftwatch.core.model.Metrics;

/** scikit-learn's regression scores: {@code mean_squared_error} and {@code r2_score}. */
public final class Scores {

  private Scores() {}

  public static Metrics of(double[] actual, double[] predicted) {
    return new Metrics(Math.sqrt(meanSquaredError(actual, predicted)), r2(actual, predicted), actual.length);
  }

  public static double meanSquaredError(double[] actual, double[] predicted) {
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = actual[i] - predicted[i];
      sum += d * d;
    }
    return sum / actual.length;
  }

  /** {@code 1 − SS_res / SS_tot}; a constant target scores 1 if predicted exactly, else 0 (scikit-learn's rule). */
  public static double r2(double[] actual, double[] predicted) {
    double mean = 0;
    for (double v : actual) {
      mean += v;
    }
    mean /= actual.length;
    double residual = 0;
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
      total += (actual[i] - mean) * (actual[i] - mean);
    }
    if (total == 0) {
      return residual == 0 ? 1.0 : 0.0;
    }
    return 1 - residual / total;
  }
}
