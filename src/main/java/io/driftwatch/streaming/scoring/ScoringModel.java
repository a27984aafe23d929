package io.driftwatch.streaming.scoring;

import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.Standardizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model artifact checked and compiled for scoring: the artifact itself (features, reference profile for drift) and
 * its {@link LinearScorer}. Immutable, so it is shared by every stream thread and swapped as a whole.
 */
public final class ScoringModel {

  private final ModelArtifact artifact;
  private final LinearScorer scorer;
  private final String[] featureNames;

  private ScoringModel(ModelArtifact artifact) {
    this.artifact = artifact;
    this.scorer = new LinearScorer(artifact);
    this.featureNames = artifact.featureNames();
  }

  /**
   * Checks what scoring relies on (names, lengths, finiteness, positive scales, ordered ranges) and compiles.
   *
   * @throws InvalidModelArtifactException naming the faulty field
   */
  public static ScoringModel compile(ModelArtifact artifact) {
    check(artifact);
    return new ScoringModel(artifact);
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public LinearScorer scorer() {
    return scorer;
  }

  public String name() {
    return artifact.modelName();
  }

  public String version() {
    return artifact.modelVersion();
  }

  public List<FeatureSpec> features() {
    return artifact.features();
  }

  public int featureCount() {
    return featureNames.length;
  }

  /** The name of feature {@code j} in the model's order (the index of {@code ScoredEvent} arrays). */
  public String featureName(int j) {
    return featureNames[j];
  }

  @Override
  public String toString() {
    return name() + "@" + version();
  }

  private static void check(ModelArtifact artifact) {
    require(artifact != null, "the artifact is missing");
    require(nonEmpty(artifact.modelName()), "model_name is empty");
    require(nonEmpty(artifact.modelVersion()), "model_version is empty");
    List<FeatureSpec> features = artifact.features();
    require(features != null && !features.isEmpty(), "features is empty");
    int n = features.size();
    Set<String> names = new HashSet<>();
    for (int j = 0; j < n; j++) {
      FeatureSpec spec = features.get(j);
      String at = "features[" + j + "]";
      require(spec != null && nonEmpty(spec.name()), at + ".name is empty");
      require(names.add(spec.name()), at + ".name '" + spec.name() + "' is repeated");
      require(
          !spec.name().equals(PatientEvent.PATIENT_ID)
              && !spec.name().equals(PatientEvent.EVENT_ID)
              && !spec.name().equals(PatientEvent.EVENT_TIME),
          at + ".name '" + spec.name() + "' is reserved for the event's own fields");
      require(spec.min() <= spec.max(), at + " (" + spec.name() + "): min " + spec.min() + " is not <= max "
          + spec.max());
      require(spec.kind() != null, at + ".kind is missing");
      require(spec.categories() != null, at + ".categories is missing"); // the parser checks codes against it
    }
    Standardizer scaler = artifact.scaler();
    require(scaler != null, "scaler is missing");
    checkArray("scaler.mean", scaler.mean(), features);
    checkArray("scaler.scale", scaler.scale(), features);
    for (int j = 0; j < n; j++) {
      require(scaler.scale()[j] > 0, "scaler.scale[" + j + "] (" + features.get(j).name() + ") is "
          + scaler.scale()[j] + "; scales must be positive");
    }
    LinearModel model = artifact.model();
    require(model != null, "model is missing");
    checkArray("model.coefficients", model.coefficients(), features);
    require(Double.isFinite(model.intercept()), "model.intercept is " + model.intercept());
  }

  private static void checkArray(String field, double[] values, List<FeatureSpec> features) {
    require(values != null, field + " is missing");
    require(values.length == features.size(),
        field + " has " + values.length + " values for " + features.size() + " features");
    for (int j = 0; j < values.length; j++) {
      require(Double.isFinite(values[j]),
          field + "[" + j + "] (" + features.get(j).name() + ") is " + values[j]);
    }
  }

  private static boolean nonEmpty(String value) {
    return value != null && !value.isBlank();
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new InvalidModelArtifactException(problem);
    }
  }
}
