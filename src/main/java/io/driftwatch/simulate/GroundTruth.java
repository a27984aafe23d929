package io.driftwatch.simulate;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ResidualProfile;
import java.util.List;

/**
 * How the simulated world produces outcomes: the trained model's prediction plus a residual drawn from the model's own
 * out-of-fold residuals (the artifact's {@code reference.residuals} quantile function, interpolated linearly). With no
 * change this world is exactly what the model learned, so the scenario {@code none} is free of concept drift as well
 * as data drift. A {@link Relation} changes it: one feature's effect scaled ({@code concept-shift}), or the residual
 * noise scaled ({@code noise-increase}); feature scenarios ({@code covariate-shift}, ...) change only the inputs and
 * keep this relation.
 */
public final class GroundTruth {

  /** How the input-to-outcome relation departs from the model for event {@code index}. */
  public interface Relation {
    /** The world of the model. */
    Relation UNCHANGED = new Relation() {
      @Override
      public double effectFactor(long index, int modelFeature) {
        return 1;
      }

      @Override
      public double noiseFactor(long index) {
        return 1;
      }
    };

    /** Multiplies the model's coefficient of feature {@code modelFeature} (model order) for event {@code index}. */
    double effectFactor(long index, int modelFeature);

    /** Multiplies the residual of event {@code index}. */
    double noiseFactor(long index);
  }

  private final double intercept;
  private final double[] coefficients;
  private final double[] mean;
  private final double[] scale;
  /** For each model feature, its index in the sample's rows. */
  private final int[] column;
  private final double[] residualQuantiles;
  private final Relation relation;

  private GroundTruth(ModelArtifact artifact, List<FeatureColumn> columns, Relation relation) {
    List<String> features = List.of(artifact.featureNames());
    this.intercept = artifact.model().intercept();
    this.coefficients = artifact.model().coefficients().clone();
    this.mean = artifact.scaler().mean().clone();
    this.scale = artifact.scaler().scale().clone();
    this.column = new int[features.size()];
    for (int j = 0; j < column.length; j++) {
      String name = features.get(j);
      column[j] = columns.stream().filter(c -> c.name().equals(name)).mapToInt(FeatureColumn::index).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("the model's feature '" + name
              + "' is not a column of the simulated data"));
    }
    ResidualProfile residuals = artifact.reference() == null ? null : artifact.reference().residuals();
    if (residuals == null || residuals.quantiles() == null || residuals.quantiles().length < 2) {
      throw new IllegalArgumentException("model " + artifact.modelName() + " version " + artifact.modelVersion()
          + " has no out-of-fold residual profile (reference.residuals): retrain it with ./driftwatch train");
    }
    this.residualQuantiles = residuals.quantiles().clone();
    this.relation = relation;
  }

  /**
   * The world of {@code artifact}, changed by {@code relation}.
   *
   * @param columns the sample's feature columns (matched to the model's features by name)
   * @throws IllegalArgumentException if a model feature is not in the sample or the artifact has no residual profile
   */
  public static GroundTruth of(ModelArtifact artifact, List<FeatureColumn> columns, Relation relation) {
    return new GroundTruth(artifact, columns, relation);
  }

  /**
   * The outcome of event {@code index} with readings {@code row} (sample order, after any feature scenario), given a
   * uniform draw {@code u} in [0, 1) for its residual.
   */
  public double outcome(long index, double[] row, double u) {
    double y = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      double z = (row[column[j]] - mean[j]) / scale[j];
      y += coefficients[j] * relation.effectFactor(index, j) * z;
    }
    return y + relation.noiseFactor(index) * residual(u);
  }

  /** The residual quantile function at {@code u}, linear between the profile's 101 quantiles. */
  double residual(double u) {
    double position = u * (residualQuantiles.length - 1);
    int i = Math.min((int) position, residualQuantiles.length - 2);
    double f = position - i;
    return residualQuantiles[i] + f * (residualQuantiles[i + 1] - residualQuantiles[i]);
  }

  /** Index of {@code feature} in the model's order, or -1. */
  public static int modelIndex(ModelArtifact artifact, String feature) {
    return List.of(artifact.featureNames()).indexOf(feature);
  }
}
