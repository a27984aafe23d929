package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftSettingsTest {

  @Test
  void defaultsAreThoseOfTheIssue() {
    DriftSettings d = DriftSettings.defaults();
    assertThat(d.minSamples()).isEqualTo(200);
    assertThat(d.falseAlarmRate()).isEqualTo(0.01);
    assertThat(d.psiFloor()).isEqualTo(0.1);
    assertThat(d.wassersteinSigmaFloor()).isEqualTo(0.1);
    assertThat(d.calibrationWindowEvents()).isEqualTo(500);
    assertThat(d.calibrationRounds()).isEqualTo(2000);
    assertThat(DriftSettings.from(Map.of())).isEqualTo(d);
  }

  @Test
  void readsEveryKeyFromConfiguration() {
    DriftSettings s = DriftSettings.from(Map.of(
        "drift.min.samples", "50", "drift.false-alarm-rate", "0.05", "drift.effect.psi", "0.2",
        "drift.effect.wasserstein-sigma", " 0.25 ", "drift.calibration.window-events", "1000",
        "drift.calibration.rounds", "0", "drift.seed", "7"));
    assertThat(s).isEqualTo(new DriftSettings(50, 0.05, 0.2, 0.25, 1000, 0, 7));
  }

  @Test
  void badValuesNameTheKeyAndTheAcceptedValues() {
    assertThatThrownBy(() -> DriftSettings.from(Map.of("drift.false-alarm-rate", "1%")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("drift.false-alarm-rate must be a number in (0, 0.5), got '1%'");
    assertThatThrownBy(() -> DriftSettings.from(Map.of("drift.false-alarm-rate", "0.7")))
        .hasMessage("drift.false-alarm-rate must be a number in (0, 0.5), got 0.7");
    assertThatThrownBy(() -> DriftSettings.from(Map.of("drift.min.samples", "0")))
        .hasMessage("drift.min.samples must be an integer >= 1, got 0");
    assertThatThrownBy(() -> DriftSettings.from(Map.of("drift.calibration.rounds", "50")))
        .hasMessage("drift.calibration.rounds must be 0 or an integer >= 100, got 50");
  }
}
