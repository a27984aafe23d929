package io.driftwatch.testing;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded labelled predictions for concept-drift tests: a patient drawn at random from the bundled diabetes rows, scored
 * by the model, and an outcome y = prediction + a residual drawn from the artifact's reference residual distribution
 * (inverse CDF of its 101 quantiles), so that without a scenario the stream has no concept drift. Each label gives the
 * standardized features as the stream recovers them (z_j = contribution_j / coefficient_j: NaN where the coefficient is
 * 0) and the residual outcome − prediction.
 */
public final class LabelledStream {

  /** What changes after the change point. */
  public record Scenario(String feature, double effectFactor, double noiseFactor, double shiftSigma) {
    public static Scenario none() {
      return new Scenario(null, 1, 1, 0);
    }

    /** The outcome's dependence on {@code feature} is multiplied by {@code factor} (the model is not). */
    public static Scenario effect(String feature, double factor) {
      return new Scenario(feature, factor, 1, 0);
    }

    /** Residuals multiplied by {@code factor}. */
    public static Scenario noise(double factor) {
      return new Scenario(null, 1, factor, 0);
    }

    /** {@code feature} raised by {@code sigma} training σ, the outcome still following the model (relation intact). */
    public static Scenario covariateShift(String feature, double sigma) {
      return new Scenario(feature, 1, 1, sigma);
    }
  }

  private static final double[][] ROWS = Dataset.loadBundledDiabetes().rows();

  private final ModelArtifact artifact;
  private final LinearScorer scorer;
  private final double[] coefficients;
  private final double[] scale;
  private final double[] quantiles;
  private final SplittableRandom random;
  private final double[] raw;
  private final double[] contributions;
  /** The last label's standardized features (NaN for unused features) and residual. */
  public final double[] z;
  public double residual;

  public LabelledStream(ModelArtifact artifact, long seed) {
    this.artifact = artifact;
    this.scorer = new LinearScorer(artifact);
    this.coefficients = artifact.model().coefficients().clone();
    this.scale = artifact.scaler().scale().clone();
    this.quantiles = artifact.reference().residuals().quantiles().clone();
    this.random = new SplittableRandom(seed);
    this.raw = new double[coefficients.length];
    this.contributions = new double[coefficients.length];
    this.z = new double[coefficients.length];
  }

  public int index(String feature) {
    int j = Arrays.asList(artifact.featureNames()).indexOf(feature);
    if (j < 0) {
      throw new IllegalArgumentException("no feature " + feature);
    }
    return j;
  }

  /** Draws the next label under {@code scenario}, into {@link #z} and {@link #residual}. */
  public void next(Scenario scenario) {
    double[] row = ROWS[random.nextInt(ROWS.length)];
    System.arraycopy(row, 0, raw, 0, raw.length);
    int target = scenario.feature() == null ? -1 : index(scenario.feature());
    if (target >= 0) {
      raw[target] += scenario.shiftSigma() * scale[target];
    }
    double prediction = scorer.explain(raw, contributions);
    double noise = draw(random.nextDouble()) * scenario.noiseFactor();
    double outcome = prediction + noise;
    if (target >= 0) {
      outcome += (scenario.effectFactor() - 1) * contributions[target];
    }
    for (int j = 0; j < z.length; j++) {
      z[j] = coefficients[j] == 0 ? Double.NaN : contributions[j] / coefficients[j];
    }
    residual = outcome - prediction;
  }

  private double draw(double u) {
    double position = u * (quantiles.length - 1);
    int below = Math.min((int) position, quantiles.length - 2);
    return quantiles[below] + (quantiles[below + 1] - quantiles[below]) * (position - below);
  }
}
