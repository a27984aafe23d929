package io.driftwatch.testing;

import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.Standardizer;
import java.util.List;

/**
 * Hand-built model artifacts for tests: scikit-learn's {@code StandardScaler} and {@code Lasso(alpha=0.1)} fitted on
 * the notebook's training split of the diabetes data (raw units), computed once with scikit-learn 1.2.1.
 */
public final class TestArtifacts {

  public static final String MODEL_NAME = "diabetes-lasso";

  public static final List<FeatureSpec> FEATURES =
      List.of(
          FeatureSpec.continuous("age", "years", 0, 120),
          FeatureSpec.categorical("sex", "code", 1, 2),
          FeatureSpec.continuous("bmi", "kg/m2", 10, 80),
          FeatureSpec.continuous("bp", "mmHg", 40, 250),
          FeatureSpec.continuous("s1", "mg/dL", 50, 600),
          FeatureSpec.continuous("s2", "mg/dL", 10, 500),
          FeatureSpec.continuous("s3", "mg/dL", 5, 200),
          FeatureSpec.continuous("s4", "ratio", 0.5, 20),
          FeatureSpec.continuous("s5", "log mg/dL", 1, 10),
          FeatureSpec.continuous("s6", "mg/dL", 20, 250));

  public static final double[] MEAN = {
    48.91501416430595, 1.4702549575070822, 26.53682719546743, 94.98957507082154, 188.73654390934846,
    114.92436260623226, 49.51983002832861, 4.080453257790369, 4.654751274787536, 91.71671388101983
  };

  public static final double[] SCALE = {
    12.737205481189914, 0.49911444824518314, 4.380009069822231, 14.05812116326236, 34.68002252007795,
    30.37772547986886, 12.75980556009572, 1.2932460504348384, 0.5239418693885566, 11.663564169873844
  };

  public static final double[] COEFFICIENTS = {
    1.7304505591468717, -11.316359105598485, 25.82462698851206, 16.644251562817022, -29.358411912584003,
    13.275844111235594, 0.5479478963569677, 10.236168047144611, 29.632826105208252, 2.393475214747067
  };

  public static final double INTERCEPT = 153.73654390934854;

  /** The notebook's first test patient; {@code Lasso(alpha=0.1)} predicts 140.22873020632764 for it. */
  public static final String FIRST_TEST_PATIENT_FEATURES =
      "\"age\":61,\"sex\":1,\"bmi\":25.8,\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90";

  public static final double FIRST_TEST_PATIENT_PREDICTION = 140.22873020632764;

  private TestArtifacts() {}

  public static ModelArtifact diabetes(String version) {
    return withCoefficients(version, COEFFICIENTS, INTERCEPT);
  }

  public static ModelArtifact withCoefficients(String version, double[] coefficients, double intercept) {
    return new ModelArtifact(
        ModelArtifact.SCHEMA_VERSION,
        MODEL_NAME,
        version,
        "2026-01-01T00:00:00Z",
        "progression",
        FEATURES,
        new Standardizer(MEAN.clone(), SCALE.clone()),
        new LinearModel("lasso", 0.1, coefficients.clone(), intercept),
        null,
        null);
  }

  /** The same features, scaled but with every coefficient doubled: predictions move away from the intercept. */
  public static ModelArtifact doubled(String version) {
    double[] doubled = COEFFICIENTS.clone();
    for (int j = 0; j < doubled.length; j++) {
      doubled[j] *= 2;
    }
    return withCoefficients(version, doubled, INTERCEPT);
  }

  /** The expected prediction, computed the long way: intercept + sum of coefficient * (x - mean) / scale. */
  public static double expectedPrediction(ModelArtifact artifact, double[] raw) {
    double sum = artifact.model().intercept();
    for (int j = 0; j < raw.length; j++) {
      sum += artifact.model().coefficients()[j]
          * (raw[j] - artifact.scaler().mean()[j]) / artifact.scaler().scale()[j];
    }
    return sum;
  }
}
