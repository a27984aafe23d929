package io.driftwatch.streaming.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.Standardizer;
import io.driftwatch.testing.TestArtifacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

  private final ModelRegistry registry = new ModelRegistry(TestArtifacts.MODEL_NAME);

  @Test
  void isEmptyUntilAModelIsInstalledThenSwapsToEachNewVersion() {
    assertThat(registry.current()).isNull();

    ScoringModel v1 = registry.install(TestArtifacts.diabetes("v1"));
    assertThat(registry.current()).isSameAs(v1);
    assertThat(v1.version()).isEqualTo("v1");

    ScoringModel v2 = registry.install(TestArtifacts.doubled("v2"));
    assertThat(registry.current()).isSameAs(v2);
    double[] raw = {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90};
    assertThat(v2.scorer().predict(raw))
        .isCloseTo(TestArtifacts.expectedPrediction(TestArtifacts.doubled("v2"), raw), within(1e-9));
  }

  @Test
  void reinstallingTheCurrentVersionKeepsTheSameCompiledModel() {
    ScoringModel first = registry.install(TestArtifacts.diabetes("v1"));

    assertThat(registry.install(TestArtifacts.diabetes("v1"))).isSameAs(first);
  }

  @Test
  void refusesAnotherModelsArtifactAndKeepsTheCurrentOne() {
    ScoringModel v1 = registry.install(TestArtifacts.diabetes("v1"));
    ModelArtifact other = rename(TestArtifacts.diabetes("x"), "heart-lasso");

    assertThatThrownBy(() -> registry.install(other))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("model_name 'heart-lasso' is not this instance's model.name 'diabetes-lasso'");
    assertThat(registry.current()).isSameAs(v1);
  }

  @Test
  void refusesArtifactsScoringCannotUseNamingTheField() {
    ModelArtifact good = TestArtifacts.diabetes("bad");
    double[] nanCoefficients = TestArtifacts.COEFFICIENTS.clone();
    nanCoefficients[2] = Double.NaN;
    double[] zeroScale = TestArtifacts.SCALE.clone();
    zeroScale[3] = 0;
    List<FeatureSpec> reserved = new ArrayList<>(TestArtifacts.FEATURES);
    reserved.set(0, FeatureSpec.continuous("patient_id", "", 0, 1));
    List<FeatureSpec> inverted = new ArrayList<>(TestArtifacts.FEATURES);
    inverted.set(2, FeatureSpec.continuous("bmi", "kg/m2", 80, 10));

    assertRefused(with(good, good.features(), good.scaler(), new LinearModel("lasso", 0.1, nanCoefficients, 1)),
        "model.coefficients[2] (bmi) is NaN");
    assertRefused(with(good, good.features(), new Standardizer(TestArtifacts.MEAN, zeroScale), good.model()),
        "scaler.scale[3] (bp) is 0.0; scales must be positive");
    assertRefused(with(good, good.features(), new Standardizer(new double[9], TestArtifacts.SCALE), good.model()),
        "scaler.mean has 9 values for 10 features");
    assertRefused(with(good, reserved, good.scaler(), good.model()),
        "features[0].name 'patient_id' is reserved for the event's own fields");
    assertRefused(with(good, inverted, good.scaler(), good.model()), "features[2] (bmi): min 80.0 is not <= max 10.0");
    assertRefused(with(good, good.features(), good.scaler(),
        new LinearModel("lasso", 0.1, TestArtifacts.COEFFICIENTS, Double.POSITIVE_INFINITY)),
        "model.intercept is Infinity");
    assertThat(registry.current()).isNull();
  }

  private void assertRefused(ModelArtifact artifact, String message) {
    assertThatThrownBy(() -> registry.install(artifact))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage(message);
  }

  private static ModelArtifact rename(ModelArtifact a, String name) {
    return new ModelArtifact(a.schemaVersion(), name, a.modelVersion(), a.createdAt(), a.target(), a.features(),
        a.scaler(), a.model(), a.training(), a.reference());
  }

  private static ModelArtifact with(
      ModelArtifact a, List<FeatureSpec> features, Standardizer scaler, LinearModel model) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        features, scaler, model, a.training(), a.reference());
  }
}
