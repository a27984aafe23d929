package io.driftwatch.core.model;

import java.util.List;

/**
 * Everything needed to score an event and to judge whether live traffic still looks like training: one versioned,
 * self-describing document (see {@code docs/model-artifact.md}). The scaler travels with the coefficients, so a model
 * can never be used with the wrong scaling.
 *
 * @param schemaVersion version of this document's layout, {@value #OLDEST_SCHEMA_VERSION} to {@value #SCHEMA_VERSION};
 *     loaders refuse versions they do not know. An artifact read from schema 1 keeps version 1 (and is written back in
 *     that layout), its categorical codes taken from its reference profile
 * @param modelName stable name (the key on the {@code models} topic), e.g. {@code diabetes-lasso}
 * @param modelVersion content hash: identical models have identical versions, any change gives a new one
 * @param createdAt ISO-8601 instant of training
 * @param target name of the predicted quantity
 * @param features inputs in the order of {@code scaler} and {@code model} arrays
 */
public record ModelArtifact(
    int schemaVersion,
    String modelName,
    String modelVersion,
    String createdAt,
    String target,
    List<FeatureSpec> features,
    Standardizer scaler,
    LinearModel model,
    TrainingSummary training,
    ReferenceProfile reference) {

  /** The version {@code train} writes: 2 added the accepted codes of categorical features. */
  public static final int SCHEMA_VERSION = 2;
  /** The oldest version still read. */
  public static final int OLDEST_SCHEMA_VERSION = 1;

  public int featureCount() {
    return features.size();
  }

  public String[] featureNames() {
    return features.stream().map(FeatureSpec::name).toArray(String[]::new);
  }
}
