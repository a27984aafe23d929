package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.DriftStates;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.drift.DriftMonitoring;
import io.driftwatch.streaming.drift.DriftReports;
import io.driftwatch.streaming.windows.WindowSignal;
import io.driftwatch.streaming.windows.WindowSignalSerde;
import io.driftwatch.testing.DriftEvents.Event;
import io.driftwatch.testing.DriftEvents;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The merge stage alone, fed the signals of several input partitions as their tasks would send them: a window is
 * reported once every active partition has passed it; an idle partition, or one whose task is silent, stops holding it
 * back, and what such a partition sends later for a reported window counts as late.
 */
class DriftMergeStageTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final SummaryLayout LAYOUT = SummaryLayout.of(MODEL);
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z"); // wall clock
  private static final long W0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli(); // event time
  private static final long MINUTE = 60_000;
  private static final long W0_CLOSES = W0 + MINUTE + 10_000;
  private static final Duration IDLE = Duration.ofSeconds(5);
  private static final int IDLE_TICKS = 5; // heartbeats of 1 s
  private static final DriftSettings STATISTICS = DriftSettings.defaults().withCalibration(500, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopologyTestDriver driver;
  private TestInputTopic<String, WindowSignal> signals;
  private TestOutputTopic<String, String> reports;
  private DriftReports latest;

  @BeforeEach
  void start() {
    startDriver();
  }

  /** A merge stage on a fresh driver (empty stores), three tasks heard from. */
  private void startDriver() {
    DriftConfig config = new DriftConfig(true, Duration.ofMinutes(1), Duration.ofSeconds(10), IDLE,
        Duration.ofSeconds(1), STATISTICS);
    latest = new DriftReports();
    StreamsBuilder builder = new StreamsBuilder();
    DriftMonitoring.merge(builder.stream("signals", Consumed.with(Serdes.String(), new WindowSignalSerde())), config,
            latest)
        .to("reports", Produced.with(Serdes.String(), Serdes.ByteArray()));
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "merge-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    driver = new TopologyTestDriver(builder.build(), properties, T0);
    signals = driver.createInputTopic("signals", new StringSerializer(), new WindowSignalSerde().serializer());
    reports = driver.createOutputTopic("reports", new StringDeserializer(), new StringDeserializer());
    send(new WindowSignal.ModelAnnouncement(0, MODEL.modelVersion(), ModelArtifactJson.write(MODEL)));
    // Three tasks heartbeat from their start, before the merge stage's start-up wait (one idle timeout) ends.
    ticks(IDLE_TICKS - 1);
    for (int partition = 0; partition < 3; partition++) {
      send(heartbeat(partition, WindowSignal.NO_TIME, false));
    }
    ticks(1);
  }

  /** Heartbeat intervals of the merge stage: liveness counts them, one punctuation per advance. */
  private void ticks(int n) {
    for (int i = 0; i < n; i++) {
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private void send(WindowSignal signal) {
    signals.pipeInput("drift", signal);
  }

  private static WindowSignal.Partial partial(int partition, long windowStart, List<Event> events) {
    WindowSummary summary = LAYOUT.newSummary();
    LinearScorer scorer = new LinearScorer(MODEL);
    double[] contributions = new double[MODEL.featureCount()];
    events.forEach(e -> summary.update(e.features(), scorer.explain(e.features(), contributions)));
    return new WindowSignal.Partial(partition, windowStart, MODEL.modelVersion(), summary.toBytes());
  }

  private static WindowSignal.Heartbeat heartbeat(int partition, long streamTime, boolean idle) {
    return new WindowSignal.Heartbeat(partition, streamTime, idle, new long[] {0});
  }

  private static List<Event> concat(List<Event> a, List<Event> b) {
    List<Event> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void aWindowWaitsForEveryActivePartitionThenAPartitionThatGoesIdleStopsHoldingItBack() {
    List<Event> fromP0 = DriftEvents.at("p0", W0, 500, 100, 0);
    List<Event> fromP1 = DriftEvents.at("p1", W0, 1_000, 50, 100);
    List<Event> fromP2 = DriftEvents.at("p2", W0, 1_000, 30, 150);
    send(partial(0, W0, fromP0));
    send(heartbeat(0, W0_CLOSES + 5_000, false));
    send(partial(1, W0, fromP1));
    send(heartbeat(1, W0_CLOSES, false));
    send(heartbeat(2, W0 + 30_000, false)); // behind, and active
    ticks(2);
    assertThat(reports.isEmpty()).isTrue();

    // Partition 2 sees no more events: its task sends its open window, then says it is idle.
    send(partial(2, W0, fromP2));
    send(heartbeat(2, W0 + 30_000, true));

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z");
    assertThat(emitted.get(0).value).isEqualTo(
        DriftEvents.expectedReport(MODEL, STATISTICS, concat(concat(fromP0, fromP1), fromP2), W0, MINUTE, 0));
    assertThat(latest.latest()).hasValueSatisfying(r -> assertThat(r.count()).isEqualTo(180));
  }

  @Test
  void aPartitionWhoseTaskIsSilentForTheIdleTimeoutStopsHoldingReportsBackAndWhatItSendsLaterIsLate()
      throws IOException {
    List<Event> fromP0 = DriftEvents.at("p0", W0, 500, 100, 0);
    send(partial(0, W0, fromP0));
    send(heartbeat(0, W0_CLOSES, false));
    send(heartbeat(1, W0 + 30_000, false)); // then partition 1's task goes silent (down, or moving)
    for (int tick = 1; tick < IDLE_TICKS; tick++) {
      ticks(1);
      send(heartbeat(0, W0_CLOSES, false));
    }
    assertThat(reports.isEmpty()).as("4 ticks of silence are not yet idle").isTrue();

    ticks(1); // the merge stage's own tick sees 5 ticks of silence

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0).value).isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, fromP0, W0, MINUTE, 0));

    // Partition 1's task is back and closes window 0: its 40 records came after the report, so they are late.
    send(partial(1, W0, DriftEvents.at("p1", W0, 1_000, 40, 100)));
    send(heartbeat(1, W0_CLOSES + MINUTE, false));
    List<Event> window1 = DriftEvents.at("w1", W0 + MINUTE, 500, 60, 200);
    send(partial(0, W0 + MINUTE, window1));
    send(heartbeat(0, W0_CLOSES + MINUTE, false));

    emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:01:00Z");
    assertThat(JSON.readTree(emitted.get(0).value).get("late_records").asLong()).isEqualTo(40);
    assertThat(emitted.get(0).value)
        .isEqualTo(DriftEvents.expectedReport(MODEL, STATISTICS, window1, W0 + MINUTE, MINUTE, 40));
  }

  @Test
  void aPausedJvmOrAClockJumpCountsAsOneTickAndMakesNoLivePartitionSilent() {
    send(partial(0, W0, DriftEvents.at("p0", W0, 500, 100, 0)));
    send(heartbeat(0, W0_CLOSES, false));
    send(heartbeat(1, W0 + 30_000, false));
    send(heartbeat(2, W0 + 30_000, false));

    driver.advanceWallClockTime(Duration.ofMinutes(2)); // one late punctuation

    assertThat(reports.isEmpty()).isTrue();
  }

  @Test
  void whenEveryPartitionIsIdleTheLargestStreamTimeCloses() {
    List<Event> fromP0 = DriftEvents.at("p0", W0, 500, 20, 0);
    send(partial(0, W0, fromP0));
    send(heartbeat(0, W0_CLOSES, true));
    send(heartbeat(2, WindowSignal.NO_TIME, true));
    send(heartbeat(1, W0 + 1_000, false));
    assertThat(reports.isEmpty()).isTrue();

    send(heartbeat(1, W0 + 1_000, true));

    assertThat(reports.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z");
  }

  @Test
  void lateRecordsCountedByTheTasksReachTheNextReport() throws IOException {
    List<Event> fromP0 = DriftEvents.at("p0", W0, 500, 20, 0);
    send(new WindowSignal.Heartbeat(1, W0 + 1_000, false, new long[] {7}));
    send(partial(0, W0, fromP0));
    send(new WindowSignal.Heartbeat(0, W0_CLOSES, false, new long[] {2}));
    send(new WindowSignal.Heartbeat(1, W0_CLOSES, false, new long[] {1}));
    assertThat(reports.isEmpty()).as("partition 2 is active without events").isTrue();
    send(new WindowSignal.Heartbeat(2, W0_CLOSES, false, new long[] {0}));

    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).hasSize(1);
    assertThat(JSON.readTree(emitted.get(0).value).get("late_records").asLong()).isEqualTo(10);
    assertThat(JSON.readTree(emitted.get(0).value).get("count").asLong()).isEqualTo(20);
  }

  @Test
  void aRunOfDriftOutlivesARestartOfTheMergeTaskThroughItsChangeloggedStore() throws IOException {
    send(heartbeat(1, WindowSignal.NO_TIME, true));
    send(heartbeat(2, WindowSignal.NO_TIME, true));
    List<Event> window0 = shiftedBmi(DriftEvents.at("w0", W0, 150, 300, 0));
    List<Event> window1 = shiftedBmi(DriftEvents.at("w1", W0 + MINUTE, 150, 300, 300));
    TestOutputTopic<Bytes, byte[]> changelog = driver.createOutputTopic(
        "merge-test-" + DriftMonitoring.STATE_STORE + "-changelog", new BytesDeserializer(),
        new ByteArrayDeserializer());
    send(partial(0, W0, window0));
    send(heartbeat(0, W0_CLOSES, false));
    send(partial(0, W0 + MINUTE, window1));
    send(heartbeat(0, W0_CLOSES + MINUTE, false));

    List<String> emitted = reports.readValuesToList();
    assertThat(emitted).hasSize(2);
    assertThat(JSON.readTree(emitted.get(1)).get("features").get("bmi").get("drift_state").toString())
        .isEqualTo("{\"drifting\":true,\"since\":\"2026-11-24T10:00:00Z\",\"ended\":null}");
    DriftReport first = DriftEvents.expected(MODEL, STATISTICS, window0, W0, MINUTE, 0, Map.of(), DriftStates.NONE);
    DriftReport second =
        DriftEvents.expected(MODEL, STATISTICS, window1, W0 + MINUTE, MINUTE, 0, Map.of(), first.driftStates());
    assertThat(emitted).containsExactly(DriftReportJson.writeString(first), DriftReportJson.writeString(second));
    List<KeyValue<Bytes, byte[]>> logged = changelog.readKeyValuesToList();
    assertThat(logged).extracting(kv -> new String(kv.key.get(), UTF_8))
        .containsExactly(MODEL.modelVersion(), MODEL.modelVersion());

    // The merge task restarts elsewhere: its store is rebuilt from the changelog, then the run ends.
    driver.close();
    startDriver();
    KeyValueStore<Bytes, byte[]> restored = driver.getKeyValueStore(DriftMonitoring.STATE_STORE);
    logged.forEach(kv -> restored.put(kv.key, kv.value));
    send(heartbeat(1, WindowSignal.NO_TIME, true));
    send(heartbeat(2, WindowSignal.NO_TIME, true));
    List<Event> window2 = DriftEvents.at("w2", W0 + 2 * MINUTE, 150, 300, 100);
    send(partial(0, W0 + 2 * MINUTE, window2));
    send(heartbeat(0, W0_CLOSES + 2 * MINUTE, false));

    String third = reports.readValue();
    assertThat(JSON.readTree(third).get("features").get("bmi").get("drift_state").toString()).isEqualTo(
        "{\"drifting\":false,\"since\":\"2026-11-24T10:00:00Z\",\"ended\":\"2026-11-24T10:02:00Z\"}");
    assertThat(JSON.readTree(third).get("drift_state").toString()).isEqualTo(
        "{\"drifting\":false,\"since\":\"2026-11-24T10:00:00Z\",\"ended\":\"2026-11-24T10:02:00Z\"}");
    assertThat(third).isEqualTo(DriftReportJson.writeString(DriftEvents.expected(MODEL, STATISTICS, window2,
        W0 + 2 * MINUTE, MINUTE, 0, Map.of(), second.driftStates())));
  }

  @Test
  void eachModelVersionHasItsOwnDriftStateAndANewVersionStartsFresh() throws IOException {
    ModelArtifact v2 = TrainedModels.scaled(MODEL, 2);
    send(new WindowSignal.ModelAnnouncement(0, v2.modelVersion(), ModelArtifactJson.write(v2)));
    send(heartbeat(1, WindowSignal.NO_TIME, true));
    send(heartbeat(2, WindowSignal.NO_TIME, true));
    send(partial(0, W0, shiftedBmi(DriftEvents.at("w0", W0, 150, 300, 0))));
    send(heartbeat(0, W0_CLOSES, false));
    List<Event> unshifted = DriftEvents.at("w1", W0 + MINUTE, 150, 300, 300);
    WindowSummary summary = SummaryLayout.of(v2).newSummary();
    LinearScorer scorer = new LinearScorer(v2);
    double[] contributions = new double[v2.featureCount()];
    unshifted.forEach(e -> summary.update(e.features(), scorer.explain(e.features(), contributions)));
    send(new WindowSignal.Partial(0, W0 + MINUTE, v2.modelVersion(), summary.toBytes()));
    send(heartbeat(0, W0_CLOSES + MINUTE, false));

    List<String> emitted = reports.readValuesToList();
    assertThat(emitted).hasSize(2);
    assertThat(JSON.readTree(emitted.get(0)).get("drift_state").get("drifting").asBoolean()).isTrue();
    assertThat(JSON.readTree(emitted.get(1)).get("model_version").asText()).isEqualTo(v2.modelVersion());
    assertThat(JSON.readTree(emitted.get(1)).get("drift_state").toString())
        .as("the previous version's run does not carry over").isEqualTo("{\"drifting\":false,\"since\":null,\"ended\":null}");
  }

  /** The events with bmi 5 kg/m² higher (about 1.1 reference σ): flagged in any window of a few hundred. */
  private static List<Event> shiftedBmi(List<Event> events) {
    events.forEach(e -> e.features()[2] += 5);
    return events;
  }
}
