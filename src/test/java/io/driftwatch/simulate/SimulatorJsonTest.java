package io.driftwatch.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatorJsonTest {

  private final ClinicalSample sample = ClinicalSample.bundledDiabetes();
  private final SimulatorJson json = new SimulatorJson(sample.features());

  @Test
  void writesTheFeatureEventOfTheTopicContract() {
    SimulatedEvent event =
        new SimulatedEvent(
            "p-17", "e-1", Instant.parse("2026-11-24T10:00:00Z"),
            new double[] {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90}, 151);
    assertThat(new String(json.event(event), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"patient_id\":\"p-17\",\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:00Z\","
                + "\"age\":61,\"sex\":1,\"bmi\":25.8,\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,"
                + "\"s5\":4.9972,\"s6\":90}");
  }

  @Test
  void writesTheOutcomeOfTheTopicContract() {
    SimulatedOutcome outcome =
        new SimulatedOutcome("e-1", "p-17", Instant.parse("2026-11-24T10:00:30.250Z"), 151);
    assertThat(new String(json.outcome(outcome), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"event_id\":\"e-1\",\"patient_id\":\"p-17\",\"event_time\":\"2026-11-24T10:00:30.250Z\","
                + "\"progression\":151}");
  }
}
