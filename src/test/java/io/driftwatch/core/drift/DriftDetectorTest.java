package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.drift.PatientStream.Scenario;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

  private static final ModelArtifact MODEL = NotebookModel.ARTIFACT;
  private static final DriftDetector DETECTOR =
      DriftDetector.create(MODEL, DriftSettings.defaults().withCalibration(500, 0));
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-24T10:01:00Z");

  private static DriftReport window(int events, Scenario scenario, long seed) {
    WindowSummary summary = DETECTOR.newSummary();
    new PatientStream(NotebookModel.ROWS, MODEL, seed).fill(summary, events, scenario);
    return DETECTOR.evaluate(summary, START, END, 3);
  }

  @Test
  void windowsBelowMinSamplesAreReportedButNeverFlagged() {
    DriftReport small = window(199, Scenario.stuck("bp", 93), 1);
    assertThat(small.belowMinSamples()).isTrue();
    assertThat(small.feature("bp").significant()).isTrue();
    assertThat(small.feature("bp").largeEffect()).isTrue();
    assertThat(small.feature("bp").drift()).isFalse();
    assertThat(small.datasetDrift()).isFalse();
    assertThat(small.driftedFeatures()).isEmpty();

    DriftReport enough = window(200, Scenario.stuck("bp", 93), 1);
    assertThat(enough.belowMinSamples()).isFalse();
    assertThat(enough.driftedFeatures()).containsExactly("bp");
  }

  @Test
  void driftedFeaturesComeInOrderOfTheirEffectOnThePrediction() {
    WindowSummary summary = DETECTOR.newSummary();
    PatientStream stream = new PatientStream(NotebookModel.ROWS, MODEL, 2);
    // One window in which s3, bmi and s5 all moved by 1σ (coefficients 0, 25.9 and 28.7).
    stream.fill(summary, 700, Scenario.shift("s3", 1));
    stream.fill(summary, 700, Scenario.shift("bmi", 1));
    stream.fill(summary, 700, Scenario.shift("s5", 1));
    DriftReport report = DETECTOR.evaluate(summary, START, END, 0);
    assertThat(report.driftedFeatures()).containsExactly("s5", "bmi", "s3");
    assertThat(report.datasetDrift()).isTrue();
    assertThat(report.feature("s3").predictionShift()).isZero();
  }

  @Test
  void jsonCarriesTheFieldsOfTheDriftReportsTopic() throws Exception {
    DriftReport report = window(500, Scenario.shift("s3", 0.5), 3);
    JsonNode json = new ObjectMapper().readTree(DriftReportJson.write(report));

    assertThat(DriftReportJson.key(report)).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(json.get("window_start").asText()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(json.get("window_end").asText()).isEqualTo("2026-11-24T10:01:00Z");
    assertThat(json.get("model_version").asText()).isEqualTo(MODEL.modelVersion());
    assertThat(json.get("model_name").asText()).isEqualTo("diabetes-lasso");
    assertThat(json.get("count").asLong()).isEqualTo(500);
    assertThat(json.get("late_records").asLong()).isEqualTo(3);
    assertThat(json.get("below_min_samples").asBoolean()).isFalse();
    assertThat(json.get("dataset_drift").asBoolean()).isTrue();
    assertThat(json.get("drifted_features").toString()).isEqualTo("[\"s3\"]");
    List<String> names = new ArrayList<>();
    json.get("features").fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");

    JsonNode s3 = json.get("features").get("s3");
    assertThat(fields(s3)).containsExactly("kind", "count", "mean", "std", "min", "max", "psi", "ks_statistic", "test",
        "p_value", "p_value_adjusted", "wasserstein_sigma", "mean_shift_sigma", "std_shift_sigma", "significant",
        "large_effect", "drift", "prediction_shift", "affects_prediction", "histogram", "drift_state");
    assertThat(s3.get("kind").asText()).isEqualTo("continuous");
    assertThat(s3.get("test").asText()).isEqualTo("ks");
    assertThat(s3.get("drift").asBoolean()).isTrue();
    assertThat(s3.get("prediction_shift").asDouble()).isZero();
    assertThat(s3.get("affects_prediction").asBoolean()).isFalse();
    assertThat(s3.get("mean").asDouble()).isEqualTo(report.feature("s3").mean());
    assertThat(s3.get("p_value").asDouble()).isEqualTo(report.feature("s3").pValue());

    JsonNode sex = json.get("features").get("sex");
    assertThat(sex.get("kind").asText()).isEqualTo("categorical");
    assertThat(sex.get("test").asText()).isEqualTo("chi_square");
    assertThat(sex.get("chi_square").asDouble()).isEqualTo(report.feature("sex").chiSquare());

    JsonNode prediction = json.get("prediction");
    assertThat(fields(prediction)).containsExactly("count", "mean", "std", "min", "max", "psi", "ks_statistic", "test",
        "p_value", "p_value_adjusted", "wasserstein_sigma", "mean_shift_sigma", "std_shift_sigma", "significant",
        "large_effect", "drift", "mean_shift", "explained_shift", "histogram", "drift_state");
    assertThat(prediction.get("drift").asBoolean()).isFalse();

    JsonNode thresholds = json.get("thresholds");
    assertThat(thresholds.get("min_samples").asLong()).isEqualTo(200);
    assertThat(thresholds.get("false_alarm_rate").asDouble()).isEqualTo(0.01);
    assertThat(thresholds.get("correction").asText()).isEqualTo("holm");
    assertThat(thresholds.get("significance_level").asDouble()).isEqualTo(0.01);
    assertThat(thresholds.get("psi_floor").asDouble()).isEqualTo(0.1);
    assertThat(thresholds.get("wasserstein_sigma_floor").asDouble()).isEqualTo(0.1);
    assertThat(thresholds.get("calibration_rounds").asInt()).isZero();
    assertThat(thresholds.get("simulated_false_alarm_rate").isNull()).isTrue();
    assertThat(thresholds.get("calibration_source").asText()).isEqualTo("none");
  }

  @Test
  void anEmptyWindowHasNullsWhereNumbersAreUndefined() throws Exception {
    DriftReport report = DETECTOR.evaluate(DETECTOR.newSummary(), START, END, 0);
    JsonNode json = new ObjectMapper().readTree(DriftReportJson.write(report));
    assertThat(json.get("count").asLong()).isZero();
    assertThat(json.get("below_min_samples").asBoolean()).isTrue();
    JsonNode bmi = json.get("features").get("bmi");
    assertThat(bmi.get("count").asLong()).isZero();
    assertThat(bmi.get("mean").isNull()).isTrue();
    assertThat(bmi.get("psi").isNull()).isTrue();
    assertThat(bmi.get("prediction_shift").isNull()).isTrue();
    assertThat(bmi.get("p_value").asDouble()).isEqualTo(1.0);
    assertThat(bmi.get("drift").asBoolean()).isFalse();
  }

  @Test
  void anArtifactWithoutReferenceProfileCannotBeMonitored() {
    ModelArtifact bare = new ModelArtifact(MODEL.schemaVersion(), MODEL.modelName(), "v-bare", MODEL.createdAt(),
        MODEL.target(), MODEL.features(), MODEL.scaler(), MODEL.model(), null, null);
    assertThatThrownBy(() -> DriftDetector.create(bare, DriftSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model v-bare has no reference profile: cannot monitor drift");
  }

  /** The trained artifact is the notebook's: scikit-learn's coefficients, s3 zeroed, the training rows as reference. */
  @Test
  void theTrainedModelIsTheNotebooksLasso() {
    ModelArtifact golden = NotebookModel.goldenArtifact();
    double[] coefficients = MODEL.model().coefficients();
    for (int j = 0; j < coefficients.length; j++) {
      assertThat(coefficients[j]).isCloseTo(golden.model().coefficients()[j], within(1e-9));
    }
    assertThat(coefficients[NotebookModel.index("s3")]).isZero();
    for (int j = 0; j < coefficients.length; j++) {
      if (j != NotebookModel.index("s3")) {
        assertThat(coefficients[j]).isNotZero();
      }
    }
    for (int j = 0; j < coefficients.length; j++) {
      assertThat(MODEL.reference().features().get(j).quantiles())
          .containsExactly(golden.reference().features().get(j).quantiles());
    }
    assertThat(MODEL.reference().features().get(0).count()).isEqualTo(353);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
