package io.driftwatch.core.train;

/** A fitted linear model on standardized inputs: {@code intercept + coefficients · z}. */
public record LinearFit(double[] coefficients, double intercept) {

  public double predict(double[] z) {
    double sum = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      sum += coefficients[j] * z[j];
    }
    return sum;
  }

  public double[] predict(double[][] z) {
    double[] predictions = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      predictions[i] = predict(z[i]);
    }
    return predictions;
  }

  /** Number of coefficients exactly zero (the LASSO's sparsity). */
  public int zeroCount() {
    int zeros = 0;
    for (double c : coefficients) {
      if (c == 0.0) {
        zeros++;
      }
    }
    return zeros;
  }
}
