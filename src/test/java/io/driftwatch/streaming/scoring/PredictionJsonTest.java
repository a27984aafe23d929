package io.driftwatch.streaming.scoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.testing.TestArtifacts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionJsonTest {

  private final ScoringModel model = ScoringModel.compile(TestArtifacts.diabetes("v1"));

  private ScoredEvent event(String id, double prediction, double... contributions) {
    return new ScoredEvent(id, "p-\"1\"", Instant.parse("2026-11-24T10:00:00.250Z").toEpochMilli(), new double[10],
        prediction, contributions, model);
  }

  @Test
  void writesTheDocumentedLayoutExactly() {
    byte[] json = new PredictionJson.Writer().write(event("e-1", 150.5, 1, -2, 0.5, 0, -0.0, 3, 4, 5, 6, 7));

    assertThat(new String(json, UTF_8)).isEqualTo(
        "{\"event_id\":\"e-1\",\"patient_id\":\"p-\\\"1\\\"\",\"event_time\":\"2026-11-24T10:00:00.250Z\","
            + "\"prediction\":150.5,\"model_version\":\"v1\",\"contributions\":{\"age\":1.0,\"sex\":-2.0,"
            + "\"bmi\":0.5,\"bp\":0.0,\"s1\":0.0,\"s2\":3.0,\"s3\":4.0,\"s4\":5.0,\"s5\":6.0,\"s6\":7.0}}");
  }

  @Test
  void escapesIdsExactlyAsJacksonDoesAndKeepsNonAsciiAsUtf8() throws Exception {
    String id = "\u00e9t\u00e9 \u0001\t\\/\"\u20ac\ud83d\ude00\u007f-" + "x".repeat(600);
    byte[] json = new PredictionJson.Writer().write(event(id, 1, new double[10]));

    String expected = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(id);
    assertThat(new String(json, UTF_8)).startsWith("{\"event_id\":" + expected + ",\"patient_id\":");
    assertThat(PredictionJson.read(json).eventId()).isEqualTo(id);
  }

  @Test
  void oneWriterWritesEventAfterEventWithoutSeparatorsOrLeftovers() {
    PredictionJson.Writer writer = new PredictionJson.Writer();
    writer.write(event("first-event-with-a-long-id", 1, new double[10]));

    byte[] second = writer.write(event("e-2", 2, new double[10]));

    assertThat(new String(second, UTF_8)).startsWith("{\"event_id\":\"e-2\",").endsWith("\"s6\":0.0}}");
    assertThat(PredictionJson.read(second).prediction()).isEqualTo(2.0);
  }

  @Test
  void readsWhatItWritesAndTheSerdeRoundTrips() {
    double[] contributions = {0.1, -0.2, 1e-17, 123456.789, 0, 0, 0, 0, 0, 1};
    Prediction read = PredictionJson.read(new PredictionJson.Writer().write(event("e-1", 140.22873020632764,
        contributions)));

    assertThat(read.eventId()).isEqualTo("e-1");
    assertThat(read.patientId()).isEqualTo("p-\"1\"");
    assertThat(read.eventTime()).isEqualTo(Instant.parse("2026-11-24T10:00:00.250Z"));
    assertThat(read.prediction()).isEqualTo(140.22873); // 6 decimals
    assertThat(read.modelVersion()).isEqualTo("v1");
    assertThat(read.contributions().values()).containsExactly(0.1, -0.2, 0.0, 123456.789, 0.0, 0.0, 0.0, 0.0,
        0.0, 1.0);

    Map<String, Double> map = new LinkedHashMap<>(read.contributions());
    Prediction copy = new Prediction("e-1", "p", Instant.EPOCH, 1.5, "v", map);
    var serde = DriftwatchSerdes.prediction();
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", copy))).isEqualTo(copy);
  }
}
