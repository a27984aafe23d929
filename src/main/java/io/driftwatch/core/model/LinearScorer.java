package io.driftwatch.core.model;

/**
 * Scores raw clinical units with a model artifact. Scaling and coefficients are folded into one weight per feature at
 * construction, so a prediction is one fused multiply-add per feature and allocates nothing.
 */
public final class LinearScorer {

  private final double[] mean;
  private final double[] invScale;
  private final double[] coefficients;
  private final double intercept;

  public LinearScorer(ModelArtifact artifact) {
    int n = artifact.featureCount();
    this.mean = artifact.scaler().mean().clone();
    this.invScale = new double[n];
    for (int j = 0; j < n; j++) {
      invScale[j] = 1.0 / artifact.scaler().scale()[j];
    }
    this.coefficients = artifact.model().coefficients().clone();
    this.intercept = artifact.model().intercept();
  }

  public int featureCount() {
    return coefficients.length;
  }

  public double intercept() {
    return intercept;
  }

  /** The prediction for one event's features, in the artifact's feature order and raw units. */
  public double predict(double[] raw) {
    double sum = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      sum += coefficients[j] * ((raw[j] - mean[j]) * invScale[j]);
    }
    return sum;
  }

  /**
   * Writes each feature's contribution (coefficient × standardized value) into {@code out} and returns the
   * prediction, which equals the intercept plus the sum of the contributions.
   */
  public double explain(double[] raw, double[] out) {
    double sum = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      double c = coefficients[j] * ((raw[j] - mean[j]) * invScale[j]);
      out[j] = c;
      sum += c;
    }
    return sum;
  }
}
