package io.driftwatch.streaming;

import static io.driftwatch.streaming.TopologyFixture.header;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.drift.DriftWindowAggregator;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.windows.TaskWindows;
import io.driftwatch.streaming.windows.WindowKey;
import io.driftwatch.testing.DriftEvents.Event;
import io.driftwatch.testing.DriftEvents;
import io.driftwatch.testing.TestArtifacts;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole topology in a {@link org.apache.kafka.streams.TopologyTestDriver} (one input partition): when a window's
 * report appears, what it holds, late records, model switches, and what reaches the changelog at each commit.
 */
class DriftWindowsTopologyTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final long W0 = TopologyFixture.START.toEpochMilli(); // 2026-11-24T10:00:00Z
  private static final long MINUTE = 60_000;
  private static final Duration IDLE = Duration.ofSeconds(5);
  private static final int IDLE_TICKS = 5; // heartbeats of 1 s
  private static final DriftSettings STATISTICS = DriftSettings.defaults().withCalibration(500, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopologyFixture fixture;
  private TestOutputTopic<String, String> reports;

  private TopologyFixture start(ModelArtifact model, Map<String, String> extra) {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(model);
    Map<String, String> settings = new HashMap<>(Map.of(
        "drift.window.size", "PT1M",
        "drift.window.grace", "PT10S",
        "drift.idle.timeout", IDLE.toString(),
        "drift.heartbeat.interval", "PT1S",
        "drift.calibration.rounds", "0"));
    settings.putAll(extra);
    fixture = new TopologyFixture(models, settings);
    reports = fixture.driver.createOutputTopic("drift-reports", new StringDeserializer(), new StringDeserializer());
    return fixture;
  }

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Heartbeat intervals (1 s): the drift processors count idleness in them, one punctuation per advance. */
  private void ticks(int n) {
    for (int i = 0; i < n; i++) {
      fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
  }

  private void send(List<Event> events) {
    events.forEach(e -> fixture.send(e.json()));
  }

  @Test
  void aWindowIsReportedOnceWhenStreamTimePassesItsEndPlusGraceWithExactCountsAndMeans() throws IOException {
    TopologyFixture f = start(MODEL, Map.of());
    List<Event> window0 = DriftEvents.at("a", W0, 100, 300, 0);
    send(window0);
    send(DriftEvents.at("b", W0 + MINUTE + 9_999, 1, 1, 300)); // in window 1, 1 ms before window 0 closes
    ticks(IDLE_TICKS); // the merge stage waits one idle timeout after it starts
    assertThat(reports.isEmpty()).as("nothing before end + grace").isTrue();

    send(DriftEvents.at("c", W0 + MINUTE + 10_000, 1, 1, 301)); // stream time reaches end + grace

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0).key).isEqualTo("2026-11-24T10:00:00Z");
    // Byte for byte the statistics layer's report of one summary of these 300 events: counts, means, every statistic.
    assertThat(emitted.get(0).value)
        .isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, window0, W0, MINUTE, 0));
    JsonNode report = JSON.readTree(emitted.get(0).value);
    assertThat(report.get("count").asLong()).isEqualTo(300);
    assertThat(report.get("model_version").asText()).isEqualTo(MODEL.modelVersion());
    assertThat(report.get("window_end").asText()).isEqualTo("2026-11-24T10:01:00Z");
    assertThat(report.get("late_records").asLong()).isZero();
    assertThat(report.get("below_min_samples").asBoolean()).isFalse();
    double bmiMean = window0.stream().mapToDouble(e -> e.features()[2]).sum() / 300;
    assertThat(report.get("features").get("bmi").get("mean").asDouble()).isCloseTo(bmiMean,
        org.assertj.core.api.Assertions.within(1e-12));

    send(DriftEvents.at("d", W0 + MINUTE + 20_000, 1_000, 30, 302));
    ticks(30);
    assertThat(reports.isEmpty()).as("window 0 is never reported twice").isTrue();
  }

  @Test
  void beforeTheMergeStageHasWaitedOneIdleTimeoutNothingIsReported() {
    TopologyFixture f = start(MODEL, Map.of());
    send(DriftEvents.at("a", W0, 100, 10, 0));
    send(DriftEvents.at("b", W0 + 3 * MINUTE, 1, 1, 10));
    ticks(IDLE_TICKS - 1);
    assertThat(reports.isEmpty()).as("a partition not heard from yet may exist").isTrue();

    ticks(1);

    assertThat(reports.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z");
  }

  @Test
  void lateRecordsAreCountedNotSummarizedAndTheNextReportCarriesThem() throws IOException {
    TopologyFixture f = start(MODEL, Map.of());
    ticks(IDLE_TICKS);
    send(DriftEvents.at("a", W0, 100, 250, 0));
    List<Event> window1 = new ArrayList<>(DriftEvents.at("b", W0 + MINUTE + 10_000, 100, 200, 250));
    send(window1.subList(0, 1)); // closes window 0
    assertThat(reports.readKeyValuesToList()).hasSize(1);

    send(DriftEvents.at("late", W0 + 59_000, 100, 3, 7)); // window 0 again: late
    send(window1.subList(1, window1.size()));
    send(DriftEvents.at("c", W0 + 2 * MINUTE + 10_000, 1, 1, 0)); // closes window 1

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:01:00Z");
    assertThat(emitted.get(0).value)
        .isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, window1, W0 + MINUTE, MINUTE, 3));
    assertThat(JSON.readTree(emitted.get(0).value).get("late_records").asLong()).isEqualTo(3);
    assertThat(JSON.readTree(emitted.get(0).value).get("count").asLong()).isEqualTo(200);
    assertThat(f.predictions.readValuesToList()).as("late records are still scored").hasSize(250 + 200 + 3 + 1);
  }

  @Test
  void oneEventFromAClockInYear9999IsRejectedAndLeavesWindowsAndReportsAsTheyWere() throws IOException {
    TopologyFixture f = start(MODEL, Map.of());
    ticks(IDLE_TICKS);
    List<Event> window0 = DriftEvents.at("a", W0, 100, 250, 0);
    List<Event> window1 = DriftEvents.at("b", W0 + MINUTE, 100, 220, 250);
    send(window0.subList(0, 100));
    f.send("{\"patient_id\":\"far\",\"event_time\":\"9999-12-31T23:59:59Z\"," + TestArtifacts.FIRST_TEST_PATIENT_FEATURES
        + "}");
    send(window0.subList(100, 250));
    send(window1);
    f.driver.advanceWallClockTime(Duration.ofMinutes(2)); // the clock moves on; so do event times
    send(DriftEvents.at("c", W0 + 2 * MINUTE + 10_000, 1, 1, 0)); // closes window 1

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z", "2026-11-24T10:01:00Z");
    // The rejected record counts in the data quality of the next report, not in any window.
    assertThat(emitted.get(0).value).isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, window0, W0, MINUTE, 0,
        Map.of(RejectReason.FUTURE_EVENT_TIME, 1L)));
    assertThat(emitted.get(1).value)
        .isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, window1, W0 + MINUTE, MINUTE, 0));
    assertThat(header(f.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON)).isEqualTo("future_event_time");
    assertThat(f.predictions.readValuesToList()).hasSize(250 + 220 + 1);
  }

  @Test
  void eachReportCountsTheRecordsRejectedSinceThePreviousReportByReasonExactlyOnce() throws IOException {
    TopologyFixture f = start(MODEL, Map.of());
    ticks(IDLE_TICKS);
    String kPa = "{\"patient_id\":\"kpa\"," + TestArtifacts.FIRST_TEST_PATIENT_FEATURES.replace("\"bp\":90", "\"bp\":12")
        + "}";
    List<Event> window0 = DriftEvents.at("a", W0, 100, 250, 0);
    send(window0.subList(0, 100));
    f.send(kPa);
    f.send(kPa);
    f.send("{\"patient_id\":\"no-bmi\",\"age\":61}");
    send(window0.subList(100, 250));
    f.send("not json");
    f.send(kPa);
    List<Event> window1 = DriftEvents.at("b", W0 + MINUTE, 100, 220, 250);
    send(window1.subList(0, 1)); // in window 1: no window closes yet
    f.send(kPa);
    send(DriftEvents.at("c", W0 + MINUTE + 10_000, 1, 1, 0)); // closes window 0
    f.send(kPa); // after the report: counts in the next one
    send(window1.subList(1, window1.size()));
    List<Event> closer = DriftEvents.at("d", W0 + 2 * MINUTE + 10_000, 1, 1, 0);
    send(closer); // closes window 1

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z", "2026-11-24T10:01:00Z");
    assertThat(emitted.get(0).value).isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, window0, W0, MINUTE, 0,
        Map.of(RejectReason.OUT_OF_RANGE, 4L, RejectReason.MISSING_FIELD, 1L, RejectReason.INVALID_JSON, 1L)));
    JsonNode quality = JSON.readTree(emitted.get(0).value).get("data_quality");
    assertThat(quality.toString()).isEqualTo("{\"records\":256,\"rejected\":6,\"rejected_share\":" + (6 / 256.0)
        + ",\"by_reason\":{\"invalid_json\":1,\"missing_field\":1,\"out_of_range\":4}}");
    List<Event> inWindow1 = new ArrayList<>(window1);
    inWindow1.addAll(DriftEvents.at("c", W0 + MINUTE + 10_000, 1, 1, 0));
    assertThat(JSON.readTree(emitted.get(1).value).get("data_quality").toString())
        .isEqualTo("{\"records\":222,\"rejected\":1,\"rejected_share\":" + (1 / 222.0)
            + ",\"by_reason\":{\"out_of_range\":1}}");
    assertThat(JSON.readTree(emitted.get(1).value).get("count").asLong()).isEqualTo(inWindow1.size());
    assertThat(f.deadLetters.readRecordsToList()).hasSize(7);
    assertThat(f.outcomes.snapshot().rejected()).as("the in-process counts agree").isEqualTo(7);
  }

  @Test
  void aModelSwitchInsideAWindowGivesOneReportPerModelVersionEachJudgedByItsOwnModel() throws IOException {
    ModelArtifact v2 = TrainedModels.scaled(MODEL, 2);
    TopologyFixture f = start(MODEL, Map.of());
    ticks(IDLE_TICKS);
    List<Event> before = DriftEvents.at("a", W0, 100, 120, 0);
    List<Event> after = DriftEvents.at("b", W0 + 20_000, 100, 150, 120);
    send(before);
    f.models.install(v2);
    send(after);
    send(DriftEvents.at("c", W0 + MINUTE + 10_000, 1, 1, 0));

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z");
    Map<String, String> byVersion = new HashMap<>();
    for (KeyValue<String, String> kv : emitted) {
      byVersion.put(JSON.readTree(kv.value).get("model_version").asText(), kv.value);
    }
    assertThat(byVersion.get(MODEL.modelVersion()))
        .isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, before, W0, MINUTE, 0));
    assertThat(byVersion.get(v2.modelVersion()))
        .isEqualTo(DriftEvents.expectedReport(v2, STATISTICS, after, W0, MINUTE, 0));
  }

  @Test
  void aModelWithoutAReferenceProfileIsScoredButNotMonitored() {
    TopologyFixture f = start(TestArtifacts.diabetes("no-reference"), Map.of());
    ticks(IDLE_TICKS);
    send(DriftEvents.at("a", W0, 100, 20, 0));
    send(DriftEvents.at("b", W0 + 5 * MINUTE, 100, 1, 0));
    ticks(3 * IDLE_TICKS);

    assertThat(f.predictions.readValuesToList()).hasSize(21);
    assertThat(reports.isEmpty()).isTrue();
  }

  @Test
  void conceptDriftIsASubTopologyOfItsOwnThatReadsThePredictionsBackAndLeavesScoringAlone() {
    TopologyFixture f = start(MODEL, Map.of());
    String description = DriftwatchTopology.build(f.config, f.models).describe().toString();

    // 1 scores (and pre-aggregates data drift), 2 merges data drift, 3 joins labels, 4 merges performance.
    assertThat(description).contains("Sub-topology: 3", "Sub-topology: 4").doesNotContain("Sub-topology: 5");
    String scoring = description.substring(description.indexOf("Sub-topology: 1"),
        description.indexOf("Sub-topology: 2"));
    assertThat(scoring).doesNotContain("label", "outcomes", "performance");
    String join = description.substring(description.indexOf("Sub-topology: 3"),
        description.indexOf("Sub-topology: 4"));
    assertThat(join).contains("topics: [predictions]", "topics: [patient-outcomes]",
        "label-join (stores: [", "concept-pending", "concept-task-windows",
        "Sink: performance-partials-repartition-sink", "Sink: outcome-dead-letters (topic: patient-features-dlq)");
    assertThat(description.substring(description.indexOf("Sub-topology: 4")))
        .contains("performance-merge (stores: [", "Sink: performance-reports (topic: performance-reports)");
  }

  @Test
  void withDriftDisabledTheTopologyOnlyScores() {
    TopologyFixture f = start(MODEL, Map.of("drift.enabled", "false", "concept.enabled", "false"));
    String description = DriftwatchTopology.build(f.config, f.models).describe().toString();

    assertThat(description).doesNotContain("drift");
    send(DriftEvents.at("a", W0, 100, 5, 0));
    assertThat(f.predictions.readValuesToList()).hasSize(5);
  }

  @Test
  void theEventsAreNeverRepartitionedOnlyTheSummariesAre() {
    TopologyFixture f = start(MODEL, Map.of("concept.enabled", "false"));
    String description = DriftwatchTopology.build(f.config, f.models).describe().toString();

    // 0 is the models' global store; 1 reads the features, scores and pre-aggregates; 2 merges the partials only.
    assertThat(description).contains("Sub-topology: 1", "Sub-topology: 2").doesNotContain("Sub-topology: 3");
    String scoring = description.substring(description.indexOf("Sub-topology: 1"),
        description.indexOf("Sub-topology: 2"));
    assertThat(scoring).contains("topics: [patient-features]", "drift-windows (stores: [drift-task-windows])",
        "Sink: drift-partials-repartition-sink");
    assertThat(description.substring(description.indexOf("Sub-topology: 2")))
        .contains("Source: drift-partials-repartition-source (topics: [drift-partials-repartition])",
            "drift-merge (stores: [", "drift-merged-windows", "drift-states",
            "Sink: drift-reports (topic: drift-reports)")
        .doesNotContain("patient-features");
  }

  @Test
  void everyCommitWritesTheOpenWindowsSummaryToTheChangelogAndNothingPerEventBeforeIt() {
    TopologyFixture f = start(MODEL, Map.of());
    TestOutputTopic<Bytes, byte[]> changelog = f.driver.createOutputTopic(
        "driftwatch-" + DriftWindowAggregator.STORE + "-changelog", new BytesDeserializer(),
        new ByteArrayDeserializer());
    List<Event> events = DriftEvents.at("a", W0, 100, 40, 0);
    send(events);

    // The driver commits after every record: one summary write (and one clock write) per commit.
    Map<Bytes, byte[]> latest = new HashMap<>();
    List<KeyValue<Bytes, byte[]>> records = changelog.readKeyValuesToList();
    records.forEach(kv -> latest.put(kv.key, kv.value));
    Bytes window0 = TaskWindows.windowKey(new WindowKey(W0, MODEL.modelVersion()));
    assertThat(records.stream().filter(kv -> kv.key.equals(window0)).count()).isEqualTo(40);
    WindowSummary persisted =
        WindowSummary.fromBytes(latest.get(window0), io.driftwatch.core.drift.SummaryLayout.of(MODEL));
    assertThat(persisted.count()).isEqualTo(40);
    assertThat(new String(latest.get(window0), 0, 3, UTF_8)).isEqualTo("DWS");

    send(DriftEvents.at("b", W0 + MINUTE + 10_000, 1, 1, 0)); // closes window 0: its summary leaves the store
    Map<Bytes, byte[]> after = new HashMap<>();
    changelog.readKeyValuesToList().forEach(kv -> after.put(kv.key, kv.value));
    assertThat(after).containsKey(window0);
    assertThat(after.get(window0)).as("a tombstone").isNull();
    assertThat(Instant.ofEpochMilli(W0)).isEqualTo(TopologyFixture.START);
  }
}
