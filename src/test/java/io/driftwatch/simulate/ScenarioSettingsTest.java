package io.driftwatch.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioSettingsTest {

  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();

  @Test
  void appliesDefaultsPerScenario() {
    assertThat(ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, null, null, null, null, SAMPLE))
        .isEqualTo(new ScenarioSettings(ScenarioKind.COVARIATE_SHIFT, "bmi", 0.5, 1, 0, 1, 1));
    assertThat(ScenarioSettings.of(ScenarioKind.GRADUAL_SHIFT, "S5", -1.0, null, 200L, SAMPLE))
        .isEqualTo(new ScenarioSettings(ScenarioKind.GRADUAL_SHIFT, "s5", -1.0, 1000, 200, 1, 1));
    assertThat(ScenarioSettings.of(ScenarioKind.UNIT_ERROR, null, null, null, null, SAMPLE).feature())
        .isEqualTo("bp");
    assertThat(ScenarioSettings.of(ScenarioKind.NONE, null, null, null, null, SAMPLE))
        .isEqualTo(ScenarioSettings.NONE);
  }

  @Test
  void describesTheScenarioForHumans() {
    assertThat(ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "bmi", 0.5, null, 1000L, SAMPLE).describe())
        .isEqualTo("covariate-shift: bmi +0.50σ after 1000 events");
    assertThat(ScenarioSettings.of(ScenarioKind.UNIT_ERROR, "bp", null, null, null, SAMPLE).describe())
        .isEqualTo("unit-error: bp in kPa instead of mmHg from the first event");
  }

  @Test
  void parsesScenarioNamesAndListsTheAcceptedOnes() {
    assertThat(ScenarioKind.parse("Stuck-Sensor")).isEqualTo(ScenarioKind.STUCK_SENSOR);
    assertThatThrownBy(() -> ScenarioKind.parse("drift"))
        .hasMessage(
            "unknown scenario 'drift'; accepted: none, covariate-shift, gradual-shift, stuck-sensor, unit-error,"
                + " concept-shift, noise-increase, correlation-break");
  }

  @Test
  void errorsNameTheOption() {
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "bmx", null, null, null, SAMPLE))
        .hasMessage("--feature: unknown feature 'bmx'; accepted: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "sex", null, null, null, SAMPLE))
        .hasMessage("--feature: sex is categorical and cannot be shifted; choose a continuous feature");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.UNIT_ERROR, "bmi", null, null, null, SAMPLE))
        .hasMessage("--feature: unit-error has no wrong unit for bmi; accepted: age, bp, s1, s2, s3, s6");
    assertThatThrownBy(
            () -> ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, null, Double.NaN, null, null, SAMPLE))
        .hasMessage("--shift must be a finite number of standard deviations, got NaN");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.GRADUAL_SHIFT, null, null, 0L, null, SAMPLE))
        .hasMessage("--ramp must be at least 1 event, got 0");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.STUCK_SENSOR, null, null, null, -5L, SAMPLE))
        .hasMessage("--drift-after must be 0 or more events, got -5");
  }

  @Test
  void refusesOptionsThatDoNotApplyToTheScenario() {
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.NONE, "bmi", null, null, null, SAMPLE))
        .hasMessage("--feature does not apply to scenario none");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.STUCK_SENSOR, null, 0.5, null, null, SAMPLE))
        .hasMessage("--shift does not apply to scenario stuck-sensor");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, null, null, 100L, null, SAMPLE))
        .hasMessage("--ramp does not apply to scenario covariate-shift");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.NONE, null, null, null, 10L, SAMPLE))
        .hasMessage("--drift-after does not apply to scenario none");
  }
}
