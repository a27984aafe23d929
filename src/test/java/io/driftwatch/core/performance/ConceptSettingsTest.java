package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConceptSettingsTest {

  @Test
  void defaultsAreThoseOfTheIssue() {
    ConceptSettings d = ConceptSettings.defaults();
    assertThat(d).isEqualTo(new ConceptSettings(0.01, 1.1, 0.1, 200, 0.01, 60_000, 1_000, 200, 20261124L));
    assertThat(ConceptSettings.from(Map.of())).isEqualTo(d);
  }

  @Test
  void readsEveryKeyFromConfiguration() {
    ConceptSettings s = ConceptSettings.from(Map.of(
        "concept.false-alarm-rate", "0.05", "concept.min-rmse-ratio", "1.2", "concept.min-effect-change", " 0.2 ",
        "concept.min.samples", "50", "concept.alarm.false-alarm-rate", "0.02", "concept.alarm.horizon-labels", "10000",
        "concept.rearm", "500", "concept.calibration.runs", "100", "concept.seed", "7"));
    assertThat(s).isEqualTo(new ConceptSettings(0.05, 1.2, 0.2, 50, 0.02, 10_000, 500, 100, 7));
  }

  @Test
  void badValuesNameTheKeyAndTheAcceptedValues() {
    assertThatThrownBy(() -> ConceptSettings.from(Map.of("concept.min-rmse-ratio", "0.9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concept.min-rmse-ratio must be a number >= 1, got 0.9");
    assertThatThrownBy(() -> ConceptSettings.from(Map.of("concept.rearm", "soon")))
        .hasMessage("concept.rearm must be an integer >= 0, got 'soon'");
    assertThatThrownBy(() -> ConceptSettings.from(Map.of("concept.false-alarm-rate", "NaN")))
        .hasMessage("concept.false-alarm-rate must be a number in (0, 0.5), got NaN");
    assertThatThrownBy(() -> ConceptSettings.from(Map.of("concept.calibration.runs", "10")))
        .hasMessage("concept.calibration.runs must be an integer >= 100, got 10");
    assertThatThrownBy(() -> ConceptSettings.from(Map.of("concept.alarm.horizon-labels", "10")))
        .hasMessage("concept.alarm.horizon-labels must be an integer >= 1000, got 10");
  }
}
