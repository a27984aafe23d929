package io.driftwatch.streaming;

import static io.driftwatch.streaming.TopologyFixture.header;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.testing.TestArtifacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.kstream.ForeachAction;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No single record may stop the stream: poison pills, unexpected exceptions, clocks set in the future. */
class PoisonPillTopologyTest {

  private static final String FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;
  /** The issue's reproducer, byte for byte: an escaped, unpaired high surrogate in patient_id. */
  private static final String SURROGATE_PILL = "{\"patient_id\":\"qa-\\ud800\",\"age\":61,\"sex\":1,\"bmi\":25.8,"
      + "\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}";

  private TopologyFixture fixture;

  private TopologyFixture start(Map<String, String> settings, ForeachAction<byte[], ScoredEvent> probe) {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(TestArtifacts.diabetes("v1"));
    fixture = new TopologyFixture(models, settings, probe);
    return fixture;
  }

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private List<String> predictedPatients() {
    return fixture.predictions.readKeyValuesToList().stream().map(kv -> kv.key).toList();
  }

  @Test
  void theIssuesSurrogatePillIsDeadLetteredAsInvalidUtf8AndTheStreamGoesOn() {
    TopologyFixture f = start(Map.of(), null);

    f.send("{\"patient_id\":\"before\"," + FEATURES + "}");
    f.send(SURROGATE_PILL);
    f.send("{\"patient_id\":\"after\"," + FEATURES + "}");

    TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
    assertThat(dead.value()).isEqualTo(SURROGATE_PILL.getBytes(UTF_8));
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("invalid_utf8");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo(
        "field 'patient_id' has an unpaired surrogate \\uD800 at character 3: not encodable as UTF-8");
    assertThat(f.deadLetters.isEmpty()).isTrue();
    assertThat(predictedPatients()).containsExactly("before", "after");
  }

  @Test
  void unpairedSurrogatesInEitherKeptStringAreInvalidUtf8WhereverTheyAre() {
    TopologyFixture f = start(Map.of(), null);
    List<String> pills = List.of(
        "{\"patient_id\":\"p\",\"event_id\":\"e-\\udc00\"," + FEATURES + "}", // a lone low surrogate
        "{\"patient_id\":\"\\udbff\"," + FEATURES + "}", // a high surrogate, nothing after it
        "{\"patient_id\":\"p\",\"event_id\":\"\\ude00\\ud83d\"," + FEATURES + "}", // a pair in the wrong order
        "{\"patient_id\":\"\\ud83dx\"," + FEATURES + "}"); // a high surrogate followed by a letter
    pills.forEach(f::send);

    List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON))
        .containsExactly("invalid_utf8", "invalid_utf8", "invalid_utf8", "invalid_utf8");
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.MESSAGE)).containsExactly(
        "field 'event_id' has an unpaired surrogate \\uDC00 at character 2: not encodable as UTF-8",
        "field 'patient_id' has an unpaired surrogate \\uDBFF at character 0: not encodable as UTF-8",
        "field 'event_id' has an unpaired surrogate \\uDE00 at character 0: not encodable as UTF-8",
        "field 'patient_id' has an unpaired surrogate \\uD83D at character 0: not encodable as UTF-8");
    assertThat(f.predictions.isEmpty()).isTrue();
  }

  @Test
  void anEscapedSurrogatePairIsOneCharacterAndIsWrittenAsUtf8() {
    TopologyFixture f = start(Map.of(), null);

    f.send("{\"patient_id\":\"qa-\\ud83d\\ude00\",\"event_id\":\"\\u00e9\\n\"," + FEATURES + "}");

    TestRecord<String, byte[]> record = f.predictions.readRecord();
    assertThat(record.key()).isEqualTo("qa-\uD83D\uDE00");
    assertThat(new String(record.value(), UTF_8)).startsWith("{\"event_id\":\"\u00e9\\n\",\"patient_id\":\"qa-\uD83D\uDE00\"");
    assertThat(f.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void anExceptionInAnyStepDeadLettersThatRecordUnchangedAsProcessingErrorAndTheRecordsAroundItAreScoredOnce() {
    TopologyFixture f = start(Map.of(), (key, event) -> {
      if (event.patientId().equals("boom")) {
        throw new IllegalStateException("injected fault for " + event.patientId());
      }
    });
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("trace-id", "t-9".getBytes(UTF_8)));
    byte[] pill = ("{\"patient_id\":\"boom\"," + FEATURES + "}").getBytes(UTF_8);
    Instant timestamp = Instant.parse("2026-11-24T09:59:00Z");

    f.send("{\"patient_id\":\"before\"," + FEATURES + "}");
    f.features.pipeInput(new TestRecord<>("k-9".getBytes(UTF_8), pill, headers, timestamp));
    f.send("{\"patient_id\":\"after\"," + FEATURES + "}");

    assertThat(predictedPatients()).containsExactly("before", "after");
    TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
    assertThat(f.deadLetters.isEmpty()).isTrue();
    assertThat(dead.key()).isEqualTo("k-9".getBytes(UTF_8));
    assertThat(dead.value()).isEqualTo(pill);
    assertThat(dead.timestamp()).isEqualTo(timestamp.toEpochMilli());
    assertThat(header(dead.headers(), "trace-id")).isEqualTo("t-9");
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("processing_error");
    assertThat(header(dead.headers(), DeadLetterHeaders.STEP)).isEqualTo("probe");
    assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo(
        "processing failed at step 'probe': java.lang.IllegalStateException: injected fault for boom");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("patient-features");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
    RecordOutcomes.Snapshot counts = f.outcomes.snapshot();
    assertThat(counts.scored()).isEqualTo(2);
    assertThat(counts.rejected(RejectReason.PROCESSING_ERROR)).isEqualTo(1);
    assertThat(counts.rejected()).isEqualTo(1);
  }

  @Test
  void anEventTimeFarAheadOfTheWallClockIsDeadLetteredAsFutureEventTime() {
    TopologyFixture f = start(Map.of(), null); // the driver's wall clock: 2026-11-24T10:00:00Z; default skew PT5M

    f.send("{\"patient_id\":\"year-9999\",\"event_time\":\"9999-12-31T23:59:59Z\"," + FEATURES + "}");
    f.send("{\"patient_id\":\"at-skew\",\"event_time\":\"2026-11-24T10:05:00Z\"," + FEATURES + "}");
    f.send("{\"patient_id\":\"past-skew\",\"event_time\":\"2026-11-24T10:05:00.001Z\"," + FEATURES + "}");
    f.send("{\"patient_id\":\"millis\",\"event_time\":1795514700001," + FEATURES + "}"); // 10:05:00.001 too
    f.features.pipeInput(null, ("{\"patient_id\":\"record-time\"," + FEATURES + "}").getBytes(UTF_8),
        Instant.parse("2027-01-01T00:00:00Z"));
    f.send("{\"patient_id\":\"now\"," + FEATURES + "}");

    List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON))
        .containsOnly("future_event_time").hasSize(4);
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.MESSAGE)).containsExactly(
        "field 'event_time' is 9999-12-31T23:59:59Z, more than input.max-future-skew=PT5M ahead of this instance's"
            + " clock (2026-11-24T10:00:00Z)",
        "field 'event_time' is 2026-11-24T10:05:00.001Z, more than input.max-future-skew=PT5M ahead of this"
            + " instance's clock (2026-11-24T10:00:00Z)",
        "field 'event_time' is 2026-11-24T10:05:00.001Z, more than input.max-future-skew=PT5M ahead of this"
            + " instance's clock (2026-11-24T10:00:00Z)",
        "the record timestamp (no event_time) is 2027-01-01T00:00:00Z, more than input.max-future-skew=PT5M ahead"
            + " of this instance's clock (2026-11-24T10:00:00Z)");
    assertThat(predictedPatients()).containsExactly("at-skew", "now");
    assertThat(f.outcomes.snapshot().rejected(RejectReason.FUTURE_EVENT_TIME)).isEqualTo(4);
  }

  @Test
  void theSkewIsConfigurableAndFollowsTheWallClock() {
    TopologyFixture f = start(Map.of(DriftwatchConfig.INPUT_MAX_FUTURE_SKEW, "PT0S"), null);
    String inOneHour = "{\"patient_id\":\"p\",\"event_time\":\"2026-11-24T11:00:00Z\"," + FEATURES + "}";

    f.send(inOneHour);
    f.driver.advanceWallClockTime(Duration.ofHours(1));
    f.send(inOneHour);

    assertThat(header(f.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON)).isEqualTo("future_event_time");
    assertThat(predictedPatients()).containsExactly("p");
  }

  @Test
  void idsLongerThan1024CharactersAreInvalidSoEveryPredictionFitsInARequest() {
    TopologyFixture f = start(Map.of(), null);
    String longest = "p".repeat(1024);
    String tooLong = "p".repeat(900_000); // the fresh-user check's poison pill: a 1.8 MB prediction

    f.send("{\"patient_id\":\"" + tooLong + "\"," + FEATURES + "}");
    f.send("{\"patient_id\":\"a\",\"event_id\":\"" + "e\\u00e9".repeat(600) + "\"," + FEATURES + "}");
    f.send("{\"patient_id\":\"" + longest + "\"," + FEATURES + "}");

    List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.MESSAGE)).containsExactly(
        "field 'patient_id' has 900000 characters, more than 1024",
        "field 'event_id' has 1200 characters, more than 1024");
    assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON))
        .containsExactly("invalid_id", "invalid_id");
    assertThat(predictedPatients()).containsExactly(longest);
  }
}
