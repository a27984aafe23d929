package io.driftwatch.core.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceProfile;
import io.driftwatch.core.model.Standardizer;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The notebook's final model, as {@code ./driftwatch train} builds it from the bundled data: reference profiles of its
 * 353 training rows (raw units) and of its predictions on them, scaler and LASSO coefficients. The final LASSO zeroes
 * {@code s3}. Also builds variants of it with other reference rows.
 */
final class NotebookModel {

  static final List<String> FEATURES = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
  static final double[][] ROWS = loadRows();
  static final ModelArtifact ARTIFACT =
      ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact();

  private NotebookModel() {}

  static int index(String feature) {
    return FEATURES.indexOf(feature);
  }

  static double[] column(double[][] rows, int j) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][j];
    }
    return out;
  }

  static double[][] trainingRows() {
    JsonNode index = Golden.get("notebook").get("train_index");
    double[][] rows = new double[index.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = ROWS[index.get(i).asInt()];
    }
    return rows;
  }

  /** An artifact for {@code model}, with the reference profiled from {@code referenceRows}. */
  static ModelArtifact artifact(String version, double[][] referenceRows, Standardizer scaler, LinearModel model) {
    List<FeatureSpec> specs = new ArrayList<>();
    List<DistributionProfile> profiles = new ArrayList<>();
    for (int j = 0; j < FEATURES.size(); j++) {
      FeatureKind kind = FEATURES.get(j).equals("sex") ? FeatureKind.CATEGORICAL : FeatureKind.CONTINUOUS;
      profiles.add(DistributionProfiles.of(FEATURES.get(j), kind, column(referenceRows, j)));
      specs.add(new FeatureSpec(FEATURES.get(j), "raw", 0, 1000, kind, profiles.get(j).categories()));
    }
    ModelArtifact unprofiled = new ModelArtifact(ModelArtifact.SCHEMA_VERSION, "diabetes-lasso", version,
        "2026-11-24T00:00:00Z", "progression", specs, scaler, model, null, null);
    LinearScorer scorer = new LinearScorer(unprofiled);
    double[] predictions = new double[referenceRows.length];
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = scorer.predict(referenceRows[i]);
    }
    ReferenceProfile reference = new ReferenceProfile(profiles,
        DistributionProfiles.of("prediction", FeatureKind.CONTINUOUS, predictions), null);
    return new ModelArtifact(ModelArtifact.SCHEMA_VERSION, "diabetes-lasso", version, "2026-11-24T00:00:00Z",
        "progression", specs, scaler, model, null, reference);
  }

  /** The scikit-learn LASSO of the golden file, on a reference built here from the golden training rows. */
  static ModelArtifact goldenArtifact() {
    JsonNode nb = Golden.get("notebook");
    Standardizer scaler =
        new Standardizer(Golden.doubles(nb.get("scaler_mean")), Golden.doubles(nb.get("scaler_scale")));
    LinearModel lasso = new LinearModel("lasso", nb.get("lasso_alpha").asDouble(), Golden.doubles(nb.get("lasso_coef")),
        nb.get("lasso_intercept").asDouble());
    return artifact("golden-lasso", trainingRows(), scaler, lasso);
  }

  private static double[][] loadRows() {
    return Dataset.loadBundledDiabetes().rows();
  }
}
