package io.driftwatch.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.testing.DriftEvents;
import io.driftwatch.testing.DriftEvents.Event;
import io.driftwatch.testing.TestArtifacts;
import io.driftwatch.testing.TrainedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./driftwatch drift --csv} on a batch gives the figures the stream reports for a window holding exactly those
 * records: every statistic, histogram and decision, bit for bit, data quality and drift state included. Only the window
 * end differs: a batch's is its last event time.
 */
class DriftCommandMatchesStreamTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final long W0 = TopologyFixture.START.toEpochMilli(); // 2026-11-24T10:00:00Z
  private static final long MINUTE = 60_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The one field a batch fills differently: its last event time, where the stream has the window's end. */
  private static final List<String> STREAM_ONLY = List.of("window_end");

  @TempDir Path dir;

  @Test
  void theBatchReportEqualsTheStreamsReportOfTheSameRecords() throws Exception {
    // 300 visits in one minute, bmi read 4 kg/m2 high: a drift both must flag, on bmi alone.
    List<Event> window = new ArrayList<>();
    for (Event e : DriftEvents.at("a", W0, 100, 300, 0)) {
      double[] features = e.features().clone();
      features[2] += 4;
      window.add(new Event(e.patientId(), e.eventId(), e.eventTimeMs(), features));
    }
    ObjectNode stream = streamReport(window);
    Path csv = writeCsv(window);
    Path model = dir.resolve("model.json");
    ModelArtifactJson.write(MODEL, model);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute("drift", "--model", model.toString(), "--csv", csv.toString(), "--json", "-",
        "--set", "drift.calibration.rounds=0");

    assertThat(err.toString()).isEmpty();
    assertThat(status).as("exit 1: drift").isEqualTo(1);
    ObjectNode batch = (ObjectNode) JSON.readTree(out.toString());
    assertThat(batch.get("window_start").asText()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(batch.get("window_end").asText()).isEqualTo("2026-11-24T10:00:29.900Z");
    assertThat(batch.get("drifted_features").toString()).isEqualTo("[\"bmi\"]");
    assertThat(batch.get("count").asLong()).isEqualTo(300);
    assertThat(stream.get("features").get("bmi").get("drift").asBoolean()).isTrue();
    // The joint tests ran in both, from the stream's merged joint moments and from the batch's.
    assertThat(stream.get("multivariate").get("tested").asBoolean()).isTrue();
    assertThat(stream.get("multivariate").get("count").asLong()).isEqualTo(300);
    assertThat(stream.get("multivariate").get("shifted_features").toString()).isEqualTo("[\"bmi\"]");
    assertThat(withoutStreamOnlyFields(batch)).isEqualTo(withoutStreamOnlyFields(stream));
  }

  private static JsonNode withoutStreamOnlyFields(ObjectNode report) {
    ObjectNode copy = report.deepCopy();
    copy.remove(STREAM_ONLY);
    return copy;
  }

  /** The drift-reports value the topology emits for a window holding exactly {@code events}. */
  static ObjectNode streamReport(List<Event> events) throws Exception {
    return streamReport(events, Map.of());
  }

  /** As {@link #streamReport(List)}, with more service settings. */
  static ObjectNode streamReport(List<Event> events, Map<String, String> more) throws Exception {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(MODEL);
    Map<String, String> settings = new HashMap<>(Map.of(
        "drift.window.size", "PT1M",
        "drift.window.grace", "PT10S",
        "drift.idle.timeout", "PT5S",
        "drift.heartbeat.interval", "PT1S",
        "drift.calibration.rounds", "0"));
    settings.putAll(more);
    try (TopologyFixture f = new TopologyFixture(models, settings)) {
      TestOutputTopic<String, String> reports =
          f.driver.createOutputTopic("drift-reports", new StringDeserializer(), new StringDeserializer());
      events.forEach(e -> f.send(e.json()));
      for (int i = 0; i < 5; i++) {
        f.driver.advanceWallClockTime(Duration.ofSeconds(1)); // the merge stage waits one idle timeout
      }
      DriftEvents.at("close", W0 + MINUTE + 10_000, 1, 1, 400).forEach(e -> f.send(e.json()));
      List<String> emitted = reports.readValuesToList();
      assertThat(emitted).hasSize(1);
      return (ObjectNode) JSON.readTree(emitted.get(0));
    }
  }

  private Path writeCsv(List<Event> events) throws Exception {
    StringBuilder csv = new StringBuilder("patient_id,event_id,event_time,")
        .append(String.join(",", MODEL.featureNames())).append('\n');
    for (Event e : events) {
      csv.append(e.patientId()).append(',').append(e.eventId()).append(',')
          .append(Instant.ofEpochMilli(e.eventTimeMs()));
      for (double v : e.features()) {
        csv.append(',').append(v);
      }
      csv.append('\n');
    }
    return Files.writeString(dir.resolve("batch.csv"), csv);
  }
}
