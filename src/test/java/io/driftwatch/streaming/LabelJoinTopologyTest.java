package io.driftwatch.streaming;

import static io.driftwatch.streaming.TopologyFixture.header;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.performance.DetectorStatistics;
import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.performance.LabelOutcomes;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.FeatureHeader;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.TestArtifacts;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The label join in a {@link org.apache.kafka.streams.TopologyTestDriver}: predictions read back from their topic,
 * outcomes matched by event_id or to the patient's latest prediction, and what cannot be matched, counted and
 * dead-lettered; the performance window report that results.
 */
class LabelJoinTopologyTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final String FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;
  private static final long W0 = TopologyFixture.START.toEpochMilli(); // 2026-11-24T10:00:00Z
  private static final long MINUTE = 60_000;
  private static final int IDLE_TICKS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopologyFixture fixture;
  private TestInputTopic<byte[], byte[]> outcomes;
  private TestOutputTopic<String, String> reports;
  private double prediction;

  private TopologyFixture start(Map<String, String> extra) {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(MODEL);
    Map<String, String> settings = new HashMap<>(Map.of(
        "drift.enabled", "false",
        "drift.window.size", "PT1M",
        "drift.window.grace", "PT10S",
        "drift.idle.timeout", "PT5S",
        "drift.heartbeat.interval", "PT1S",
        "concept.calibration.runs", "100"));
    settings.putAll(extra);
    fixture = new TopologyFixture(models, settings);
    outcomes = fixture.driver.createInputTopic("patient-outcomes", new ByteArraySerializer(),
        new ByteArraySerializer());
    reports = fixture.driver.createOutputTopic("performance-reports", new StringDeserializer(),
        new StringDeserializer());
    ticks(IDLE_TICKS); // the merge stage waits one idle timeout after it starts
    return fixture;
  }

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private void ticks(int n) {
    for (int i = 0; i < n; i++) {
      fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
  }

  private void event(String patient, String eventId, long timeMs) {
    fixture.send("{\"patient_id\":\"" + patient + "\",\"event_id\":\"" + eventId + "\",\"event_time\":\""
        + Instant.ofEpochMilli(timeMs) + "\"," + FEATURES + "}");
    TestRecord<String, byte[]> written = fixture.predictions.readRecord();
    prediction = PredictionJson.read(written.value()).prediction();
  }

  private void outcome(String json) {
    outcomes.pipeInput(null, json.getBytes(UTF_8));
  }

  private static String outcomeJson(String patient, String eventId, double progression, long timeMs) {
    return "{\"patient_id\":\"" + patient + "\"," + (eventId == null ? "" : "\"event_id\":\"" + eventId + "\",")
        + "\"progression\":" + progression + ",\"event_time\":\"" + Instant.ofEpochMilli(timeMs) + "\"}";
  }

  /** Closes window 0 of the outcomes' event time with one more matched outcome in window 1, and reads the report. */
  private JsonNode window0Report() throws IOException {
    event("closer", "closer", W0 + MINUTE + 10_000);
    outcome(outcomeJson("closer", "closer", 150, W0 + MINUTE + 10_000));
    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:00:00Z");
    return JSON.readTree(emitted.get(0).value);
  }

  @Test
  void anOutcomeIsMatchedToItsPredictionByEventIdAndItsResidualReportedInTheOutcomesWindow() throws IOException {
    start(Map.of());
    event("p-1", "e-1", W0 + 1_000);
    event("p-2", "e-2", W0 + 2_000);
    outcome(outcomeJson("p-1", "e-1", 200, W0 + 30_000));
    outcome(outcomeJson("p-2", "e-2", 100, W0 + 31_000));

    JsonNode report = window0Report();

    double r1 = 200 - prediction;
    double r2 = 100 - prediction;
    assertThat(prediction).isEqualTo(140.047024); // the prediction as written: 6 decimals
    assertThat(report.get("kind").asText()).isEqualTo("window");
    assertThat(report.get("window_end").asText()).isEqualTo("2026-11-24T10:01:00Z");
    assertThat(report.get("model_version").asText()).isEqualTo(MODEL.modelVersion());
    assertThat(report.get("count").asLong()).isEqualTo(2);
    assertThat(report.get("bias").asDouble()).isCloseTo((r1 + r2) / 2, within(1e-6));
    assertThat(report.get("rmse").asDouble()).isCloseTo(Math.sqrt((r1 * r1 + r2 * r2) / 2), within(1e-6));
    assertThat(report.get("mae").asDouble()).isCloseTo((Math.abs(r1) + Math.abs(r2)) / 2, within(1e-6));
    assertThat(report.get("reference_rmse").asDouble())
        .isEqualTo(MODEL.reference().residuals().rmse());
    assertThat(report.get("concept_drift").asBoolean()).as("2 labels: below min samples").isFalse();
    assertThat(report.get("label_coverage").asDouble()).isEqualTo(1.0);
    // Counts are since the previous report: the outcome that closed the window is one of them.
    assertThat(report.get("matched_outcomes").asLong()).isEqualTo(3);
    assertThat(report.get("unmatched_outcomes").asLong()).isZero();
    assertThat(report.get("duplicate_outcomes").asLong()).isZero();
    assertThat(report.get("expired_predictions").asLong()).isZero();
    assertThat(fixture.deadLetters.isEmpty()).isTrue();
    // The sequential detector's statistics, published for dashboards: after the first label at once.
    DetectorStatistics detector = fixture.performance.detector().orElseThrow();
    assertThat(detector.modelVersion()).isEqualTo(MODEL.modelVersion());
    assertThat(detector.labels()).isBetween(1L, 3L);
    assertThat(detector.features()).hasSize(detector.association().length).contains("bmi");
    assertThat(detector.associationThreshold()).isGreaterThan(detector.association()[0]);
    assertThat(detector.errorThreshold()).isGreaterThan(detector.error());
  }

  @Test
  void everyJoinedOutcomeIsPublishedOnceWithTheRawFeaturesItsPredictionWasMadeFrom() throws IOException {
    start(Map.of());
    TestOutputTopic<String, String> labelled = fixture.driver.createOutputTopic("labelled-events",
        new StringDeserializer(), new StringDeserializer());
    fixture.send("{\"patient_id\":\"p-1\",\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:01Z\","
        + FEATURES + "}");
    TestRecord<String, byte[]> written = fixture.predictions.readRecord();
    // The prediction carries its raw features in a binary header, in the model's order.
    assertThat(FeatureHeader.decode(written.headers(), MODEL.featureCount()))
        .containsExactly(61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90);
    prediction = PredictionJson.read(written.value()).prediction();
    outcome(outcomeJson("p-1", "e-1", 200, W0 + 30_000));
    outcome(outcomeJson("p-1", "e-1", 201, W0 + 31_000)); // a duplicate: not published again

    List<KeyValue<String, String>> rows = labelled.readKeyValuesToList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).key).isEqualTo("e-1");
    assertThat(rows.get(0).value).isEqualTo("{\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:01Z\","
        + "\"outcome_time\":\"2026-11-24T10:00:30Z\",\"model_name\":\"" + MODEL.modelName() + "\","
        + "\"model_version\":\"" + MODEL.modelVersion() + "\",\"prediction\":" + prediction + ","
        + "\"features\":{\"age\":61.0,\"sex\":1.0,\"bmi\":25.8,\"bp\":90.0,\"s1\":280.0,\"s2\":195.4,\"s3\":55.0,"
        + "\"s4\":5.0,\"s5\":4.9972,\"s6\":90.0},\"progression\":200.0}");
  }

  @Test
  void withLabelsPublishOffPredictionsCarryNoFeatureHeaderAndNothingIsPublished() {
    start(Map.of("labels.publish", "false"));
    TestOutputTopic<String, String> labelled = fixture.driver.createOutputTopic("labelled-events",
        new StringDeserializer(), new StringDeserializer());
    fixture.send("{\"patient_id\":\"p-1\",\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:01Z\","
        + FEATURES + "}");
    assertThat(fixture.predictions.readRecord().headers().lastHeader(FeatureHeader.NAME)).isNull();
    outcome(outcomeJson("p-1", "e-1", 200, W0 + 30_000));
    assertThat(labelled.isEmpty()).isTrue();
    assertThat(fixture.performance.labels().joined()).isEqualTo(1);
  }

  @Test
  void withoutEventIdAnOutcomeJoinsThePatientsLatestPredictionAndADuplicateCountsOnce() throws IOException {
    start(Map.of());
    event("p-1", "e-old", W0 + 1_000);
    event("p-1", "e-new", W0 + 2_000);
    outcome(outcomeJson("p-1", null, 180, W0 + 30_000));
    outcome(outcomeJson("p-1", "e-new", 999, W0 + 31_000)); // the same label again: a duplicate
    outcome(outcomeJson("p-1", "e-old", 170, W0 + 32_000));

    JsonNode report = window0Report();

    assertThat(report.get("count").asLong()).isEqualTo(2);
    assertThat(report.get("bias").asDouble()).isCloseTo((180 - prediction + 170 - prediction) / 2, within(1e-6));
    assertThat(report.get("duplicate_outcomes").asLong()).isEqualTo(1);
    assertThat(report.get("matched_outcomes").asLong()).isEqualTo(3); // and the closer's
    // The process's counters behind driftwatch_outcomes_total.
    LabelOutcomes labels = fixture.performance.labels();
    assertThat(List.of(labels.joined(), labels.unmatched(), labels.duplicate(), labels.expired()))
        .containsExactly(3L, 0L, 1L, 0L);
  }

  @Test
  void anOutcomeBeforeItsPredictionWaitsForItAndBadOutcomesAreDeadLetteredWithTheirReason() throws IOException {
    start(Map.of("labels.horizon", "PT1H"));
    outcome(outcomeJson("p-9", "e-9", 120, W0 + 1_000)); // before its prediction: it waits
    event("p-9", "e-9", W0 + 2_000); // ... and joins now
    outcome(outcomeJson("p-8", null, 120, W0 + 3_000)); // a patient with no prediction
    outcome("{\"patient_id\":\"p-9\",\"event_id\":\"e-9\",\"event_time\":\"2026-11-24T10:00:04Z\"}");
    outcome("{\"patient_id\":\"p-9\",\"event_id\":\"e-9\",\"progression\":NaN}");
    outcome("{\"patient_id\":\"p-9\",\"event_id\":\"e-9\",\"progression\":\"high\"}");
    outcome(outcomeJson("p-9", "e-9", 120, W0 + 4_000)); // the same label again: a duplicate

    List<TestRecord<byte[], byte[]>> dead = fixture.deadLetters.readRecordsToList();
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON)).containsExactly(
        "unknown_patient", "missing_field", "non_finite", "not_a_number");
    assertThat(header(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("patient-outcomes");
    assertThat(header(dead.get(0).headers(), DeadLetterHeaders.MESSAGE)).isEqualTo(
        "the outcome has no event_id and patient 'p-8' has no prediction waiting for an outcome");
    assertThat(header(dead.get(1).headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("field 'progression' is missing");

    JsonNode report = window0Report();
    assertThat(report.get("count").asLong()).as("e-9, joined once").isEqualTo(1);
    assertThat(report.get("bias").asDouble()).isCloseTo(120 - prediction, within(1e-6));
    assertThat(report.get("unmatched_outcomes").asLong()).isEqualTo(1);
    assertThat(report.get("duplicate_outcomes").asLong()).isEqualTo(1);
  }

  @Test
  void anOutcomeWhosePredictionNeverComesIsDeadLetteredUnchangedAfterTheWait() {
    start(Map.of());
    String orphan = outcomeJson("p-7", "e-7", 130, W0 + 1_000);
    org.apache.kafka.common.header.internals.RecordHeaders headers =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add("trace-id", "t-7".getBytes(UTF_8));
    outcomes.pipeInput(new TestRecord<>("p-7".getBytes(UTF_8), orphan.getBytes(UTF_8), headers,
        Instant.ofEpochMilli(W0 + 1_000)));
    fixture.driver.advanceWallClockTime(Duration.ofSeconds(119));
    assertThat(fixture.deadLetters.isEmpty()).as("still waiting").isTrue();

    fixture.driver.advanceWallClockTime(Duration.ofSeconds(2));

    TestRecord<byte[], byte[]> dead = fixture.deadLetters.readRecord();
    assertThat(dead.key()).isEqualTo("p-7".getBytes(UTF_8));
    assertThat(dead.value()).isEqualTo(orphan.getBytes(UTF_8));
    assertThat(dead.timestamp()).isEqualTo(W0 + 1_000);
    assertThat(header(dead.headers(), "trace-id")).isEqualTo("t-7");
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("unmatched_outcome");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("no prediction with event_id 'e-7' came"
        + " within labels.outcome-wait=PT2M of the outcome, and none is waiting (never made, or older than"
        + " labels.horizon=PT9600H)");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("patient-outcomes");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(fixture.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void anOutcomeAfterTheHorizonIsUnmatchedAndAPredictionWhoseHorizonPassesCountsAsExpired() throws IOException {
    start(Map.of("labels.horizon", "PT2M"));
    event("p-1", "e-1", W0 + 1_000);
    event("p-2", "e-2", W0 + 2_000);
    fixture.driver.advanceWallClockTime(Duration.ofMinutes(5));
    outcome(outcomeJson("p-1", "e-1", 150, W0 + 3 * MINUTE + 2_000)); // 3 minutes later: past the horizon
    event("p-3", "e-3", W0 + 4 * MINUTE); // stream time moves on; the expiry check runs every minute
    fixture.driver.advanceWallClockTime(Duration.ofMinutes(1));
    outcome(outcomeJson("p-3", "e-3", 150, W0 + 4 * MINUTE + 5_000));
    event("closer", "closer", W0 + 5 * MINUTE + 10_000);
    outcome(outcomeJson("closer", "closer", 150, W0 + 5 * MINUTE + 10_000));

    assertThat(header(fixture.deadLetters.readRecord().headers(), DeadLetterHeaders.MESSAGE)).isEqualTo(
        "the outcome comes PT3M1S after prediction 'e-1', more than labels.horizon=PT2M");
    List<KeyValue<String, String>> emitted = reports.readKeyValuesToList();
    assertThat(emitted).extracting(kv -> kv.key).containsExactly("2026-11-24T10:04:00Z");
    JsonNode report = JSON.readTree(emitted.get(0).value);
    assertThat(report.get("count").asLong()).isEqualTo(1);
    assertThat(report.get("unmatched_outcomes").asLong()).isEqualTo(1);
    assertThat(report.get("expired_predictions").asLong()).as("e-1 and e-2 were never labelled in time")
        .isEqualTo(2);
    // Since the previous report: e-3 and the closer labelled, e-1 and e-2 expired.
    assertThat(report.get("matched_outcomes").asLong()).isEqualTo(2);
    assertThat(report.get("label_coverage").asDouble()).isEqualTo(0.5);
    LabelOutcomes labels = fixture.performance.labels();
    assertThat(List.of(labels.joined(), labels.unmatched(), labels.duplicate(), labels.expired()))
        .containsExactly(2L, 1L, 0L, 2L);
  }

  @Test
  void anOutcomeTimeFarAheadOfTheClockIsDeadLetteredAndLeavesThePredictionWaiting() throws IOException {
    start(Map.of());
    event("p-1", "e-1", W0 + 1_000);
    String future = outcomeJson("p-1", "e-1", 150, Instant.parse("9999-12-31T23:59:59Z").toEpochMilli());
    outcome(future);
    outcome(outcomeJson("p-1", "e-1", 150, W0 + 30_000));

    TestRecord<byte[], byte[]> dead = fixture.deadLetters.readRecord();
    assertThat(dead.value()).isEqualTo(future.getBytes(UTF_8));
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("future_event_time");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("field 'event_time' is"
        + " 9999-12-31T23:59:59Z, more than input.max-future-skew=PT5M ahead of this instance's clock"
        + " (2026-11-24T10:00:05Z)");
    JsonNode report = window0Report();
    assertThat(report.get("count").asLong()).as("the good outcome still joins").isEqualTo(1);
    assertThat(report.get("late_records").asLong()).isZero();
  }
}
