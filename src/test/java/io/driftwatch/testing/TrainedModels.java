package io.driftwatch.testing;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;

/** The notebook's final model as our trainer builds it (trained once per test JVM), and variants of it. */
public final class TrainedModels {

  private static final class Holder {
    static final ModelArtifact DIABETES =
        ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact();
  }

  private TrainedModels() {}

  /** {@code diabetes-lasso}: LassoCV's alpha refitted on the notebook's training rows, with its reference profile. */
  public static ModelArtifact diabetes() {
    return Holder.DIABETES;
  }

  /** The same artifact with every coefficient scaled by {@code factor}, under its own content version. */
  public static ModelArtifact scaled(ModelArtifact artifact, double factor) {
    double[] coefficients = artifact.model().coefficients().clone();
    for (int j = 0; j < coefficients.length; j++) {
      coefficients[j] *= factor;
    }
    LinearModel model =
        new LinearModel(artifact.model().type(), artifact.model().alpha(), coefficients, artifact.model().intercept());
    ModelArtifact unversioned = new ModelArtifact(artifact.schemaVersion(), artifact.modelName(), "pending",
        artifact.createdAt(), artifact.target(), artifact.features(), artifact.scaler(), model, artifact.training(),
        artifact.reference());
    return new ModelArtifact(artifact.schemaVersion(), artifact.modelName(),
        ModelArtifactJson.contentVersion(unversioned), artifact.createdAt(), artifact.target(), artifact.features(),
        artifact.scaler(), model, artifact.training(), artifact.reference());
  }
}
