package io.driftwatch.core.model;

import java.util.List;

/**
 * Everything needed to score an event and to judge whether live traffic still looks like training: one versioned,
 * self-describing document (see {@code docs/model-artifact.md}). The scaler travels with the coefficients, so a model
 * can never be used with the wrong scaling.
 *
 * @param schemaVersion version of this document's layout, {@value #OLDEST_SCHEMA_VERSION} to {@value
 *     #NEWEST_SCHEMA_VERSION}; loaders refuse versions they do not know. An artifact read from schema 1 keeps version
 *     1 (and is written back in that layout), its categorical codes taken from its reference profile
 * @param modelName stable name (the key on the {@code models} topic), e.g. {@code diabetes-lasso}
 * @param modelVersion content hash: identical models have identical versions, any change gives a new one
 * @param createdAt ISO-8601 instant of training
 * @param target name of the predicted quantity
 * @param features inputs in the order of {@code scaler} and {@code model} arrays
 * @param lineage where a retrained model came from (schema {@value #LINEAGE_SCHEMA_VERSION}); null for a model that
 *     {@code train} wrote, and in schemas 1 and 2
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
    ReferenceProfile reference,
    Lineage lineage) {

  /** 2 added the accepted codes of categorical features. */
  public static final int CATEGORIES_SCHEMA_VERSION = 2;
  /** 3 added the optional {@code lineage}. */
  public static final int LINEAGE_SCHEMA_VERSION = 3;
  /** 4 added the optional {@code reference.moments}. */
  public static final int MOMENTS_SCHEMA_VERSION = 4;
  /**
   * 5 added the optional {@code reference.calibration}; like {@code lineage} it is not part of the model, so a
   * schema-5 artifact is hashed as its schema-4 layout and keeps its version.
   */
  public static final int CALIBRATION_SCHEMA_VERSION = 5;
  /** The version {@code train} and {@code retrain} write. */
  public static final int SCHEMA_VERSION = CALIBRATION_SCHEMA_VERSION;
  /** The newest version read. */
  public static final int NEWEST_SCHEMA_VERSION = CALIBRATION_SCHEMA_VERSION;
  /** The oldest version still read. */
  public static final int OLDEST_SCHEMA_VERSION = 1;

  /** An artifact without lineage, as {@code train} writes it. */
  public ModelArtifact(int schemaVersion, String modelName, String modelVersion, String createdAt, String target,
      List<FeatureSpec> features, Standardizer scaler, LinearModel model, TrainingSummary training,
      ReferenceProfile reference) {
    this(schemaVersion, modelName, modelVersion, createdAt, target, features, scaler, model, training, reference,
        null);
  }

  public int featureCount() {
    return features.size();
  }

  public String[] featureNames() {
    return features.stream().map(FeatureSpec::name).toArray(String[]::new);
  }
}
