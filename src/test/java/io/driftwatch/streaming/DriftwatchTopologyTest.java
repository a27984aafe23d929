package io.driftwatch.streaming;

import static io.driftwatch.streaming.TopologyFixture.header;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.TestArtifacts;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriftwatchTopologyTest {

  private static final String FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;
  private static final double[] FIRST_PATIENT = {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90};

  private TopologyFixture fixture;

  private TopologyFixture withModel(ModelArtifact artifact) {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(artifact);
    fixture = new TopologyFixture(models);
    return fixture;
  }

  @AfterEach
  void closeDriver() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void scoresTheIssueExampleWithScikitLearnsPredictionAndExplainsIt() {
    ModelArtifact artifact = TestArtifacts.diabetes("v1");
    TopologyFixture f = withModel(artifact);

    f.send("{\"patient_id\":\"p-17\",\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:00Z\"," + FEATURES + "}");

    TestRecord<String, byte[]> record = f.predictions.readRecord();
    assertThat(f.predictions.isEmpty()).isTrue();
    assertThat(f.deadLetters.isEmpty()).isTrue();
    assertThat(record.key()).isEqualTo("p-17");
    assertThat(new String(record.value(), UTF_8))
        .startsWith("{\"event_id\":\"e-1\",\"patient_id\":\"p-17\",\"event_time\":\"2026-11-24T10:00:00Z\","
            + "\"prediction\":140.22873,") // 140.228730206..., written to 6 decimals
        .contains("\"model_version\":\"v1\",\"contributions\":{\"age\":");
    Prediction prediction = PredictionJson.read(record.value());
    assertThat(prediction.eventId()).isEqualTo("e-1");
    assertThat(prediction.patientId()).isEqualTo("p-17");
    assertThat(prediction.eventTime()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(prediction.modelVersion()).isEqualTo("v1");
    assertThat(prediction.prediction()).isCloseTo(TestArtifacts.FIRST_TEST_PATIENT_PREDICTION, within(5e-7));
    assertThat(prediction.contributions().keySet())
        .containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
    double sum = TestArtifacts.INTERCEPT;
    for (int j = 0; j < FIRST_PATIENT.length; j++) {
      String feature = TestArtifacts.FEATURES.get(j).name();
      double expected =
          TestArtifacts.COEFFICIENTS[j] * (FIRST_PATIENT[j] - TestArtifacts.MEAN[j]) / TestArtifacts.SCALE[j];
      assertThat(prediction.contributions().get(feature)).as(feature).isCloseTo(expected, within(5e-7));
      sum += prediction.contributions().get(feature);
    }
    assertThat(sum).isCloseTo(prediction.prediction(), within(6e-6));
  }

  @Test
  void derivesEventIdFromTopicPartitionOffsetAndEventTimeFromTheRecordTimestamp() {
    TopologyFixture f = withModel(TestArtifacts.diabetes("v1"));
    f.features.pipeInput(null, ("{\"patient_id\":\"a\"," + FEATURES + "}").getBytes(UTF_8),
        Instant.parse("2026-11-24T09:00:00.125Z"));
    f.features.pipeInput(null, ("{\"patient_id\":\"b\"," + FEATURES + "}").getBytes(UTF_8),
        Instant.parse("2026-11-24T09:00:01Z"));

    List<Prediction> predictions =
        f.predictions.readValuesToList().stream().map(PredictionJson::read).toList();

    assertThat(predictions).extracting(Prediction::eventId)
        .containsExactly("patient-features:0:0", "patient-features:0:1");
    assertThat(predictions).extracting(Prediction::eventTime)
        .containsExactly(Instant.parse("2026-11-24T09:00:00.125Z"), Instant.parse("2026-11-24T09:00:01Z"));
  }

  @Test
  void epochMillisecondEventTimesComeOutAsIsoInstants() {
    TopologyFixture f = withModel(TestArtifacts.diabetes("v1"));

    f.send("{\"patient_id\":\"a\",\"event_time\":1795514400000," + FEATURES + "}");

    assertThat(PredictionJson.read(f.predictions.readValue()).eventTime())
        .isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
  }

  @Test
  void aZeroCoefficientContributesExactlyZero() {
    double[] coefficients = TestArtifacts.COEFFICIENTS.clone();
    coefficients[6] = 0; // s3, as the notebook's final LASSO drops it
    TopologyFixture f = withModel(TestArtifacts.withCoefficients("no-s3", coefficients, TestArtifacts.INTERCEPT));

    f.send("{\"patient_id\":\"a\"," + FEATURES.replace("\"s3\":55", "\"s3\":20") + "}");

    String json = new String(f.predictions.readValue(), UTF_8);
    assertThat(json).contains("\"s3\":0.0,");
  }

  @Test
  void withoutAnyModelEveryEventIsDeadLetteredAsNoModelAndNothingIsLost() {
    fixture = new TopologyFixture(new ModelRegistry(TestArtifacts.MODEL_NAME));
    byte[] value = ("{\"patient_id\":\"a\"," + FEATURES + "}").getBytes(UTF_8);

    fixture.features.pipeInput("k".getBytes(UTF_8), value);

    TestRecord<byte[], byte[]> dead = fixture.deadLetters.readRecord();
    assertThat(dead.key()).isEqualTo("k".getBytes(UTF_8));
    assertThat(dead.value()).isEqualTo(value);
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("no_model");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("no model 'diabetes-lasso' is loaded");
    assertThat(dead.headers().lastHeader(DeadLetterHeaders.MODEL_VERSION)).isNull();
    assertThat(fixture.predictions.isEmpty()).isTrue();
  }

  @Test
  void deadLettersKeepTheRecordsOwnHeadersAndTimestampAndReplaceEarlierDriftwatchHeaders() {
    TopologyFixture f = withModel(TestArtifacts.diabetes("v1"));
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("trace-id", "t-1".getBytes(UTF_8)));
    headers.add(new RecordHeader(DeadLetterHeaders.REASON, "no_model".getBytes(UTF_8)));
    Instant timestamp = Instant.parse("2026-11-24T08:00:00Z");

    f.features.pipeInput(new TestRecord<>("k".getBytes(UTF_8), "{\"patient_id\":\"a\"}".getBytes(UTF_8), headers,
        timestamp));

    TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
    assertThat(header(dead.headers(), "trace-id")).isEqualTo("t-1");
    assertThat(dead.headers().headers(DeadLetterHeaders.REASON)).hasSize(1);
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("missing_field");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("field 'age' is missing");
    assertThat(header(dead.headers(), DeadLetterHeaders.MODEL_VERSION)).isEqualTo("v1");
    assertThat(dead.timestamp()).isEqualTo(timestamp.toEpochMilli());
  }

  /** The issue's event: {@code sex} 1.5 is inside [1, 2] but neither code, so it is dead-lettered, not scored. */
  @Test
  void aCategoricalValueThatIsNoneOfItsCodesIsDeadLetteredAsAnUnknownCategory() {
    TopologyFixture f = withModel(TestArtifacts.diabetes("v1"));
    String halfSex = "{\"patient_id\":\"p\",\"age\":61,\"sex\":1.5,\"bmi\":25.8,\"bp\":90,\"s1\":280,"
        + "\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}";

    f.send("{\"patient_id\":\"a\"," + FEATURES + "}");
    f.send(halfSex);
    f.send("{\"patient_id\":\"b\"," + FEATURES.replace("\"sex\":1", "\"sex\":2.0") + "}");

    TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
    assertThat(f.deadLetters.isEmpty()).isTrue();
    assertThat(dead.value()).isEqualTo(halfSex.getBytes(UTF_8));
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("unknown_category");
    assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE))
        .isEqualTo("field 'sex' is 1.5, not one of its categories [1, 2] code");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(f.predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("a", "b");
  }

  /** A model written before schema 2 takes its codes from its reference profile: the same event is refused. */
  @Test
  void aSchemaOneModelRefusesTheSameValue() throws IOException {
    byte[] json;
    try (var in = getClass().getResourceAsStream("/artifacts/diabetes-lasso-schema1.json")) {
      json = in.readAllBytes();
    }
    TopologyFixture f = withModel(ModelArtifactJson.read(json));

    f.send("{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":1.0000001") + "}");

    TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("unknown_category");
    assertThat(header(dead.headers(), DeadLetterHeaders.MODEL_VERSION)).isEqualTo("23cd27602268");
    assertThat(f.predictions.isEmpty()).isTrue();
  }

  @Test
  void aRecordTimestampBeyondYear9999IsAnInvalidEventTimeNotACrash() {
    TopologyFixture f = withModel(TestArtifacts.diabetes("v1"));

    f.features.pipeInput(null, ("{\"patient_id\":\"a\"," + FEATURES + "}").getBytes(UTF_8), Long.MAX_VALUE);
    f.send("{\"patient_id\":\"b\"," + FEATURES + "}");

    assertThat(header(f.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
        .isEqualTo("invalid_event_time");
    assertThat(f.predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("b");
  }

  @Test
  void inputMaxBytesIsConfigurable() {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(TestArtifacts.diabetes("v1"));
    fixture = new TopologyFixture(models, Map.of(DriftwatchConfig.INPUT_MAX_BYTES, "100"));
    String event = "{\"patient_id\":\"a\"," + FEATURES + "}"; // 106 bytes

    fixture.send(event);

    assertThat(header(fixture.deadLetters.readRecord().headers(), DeadLetterHeaders.MESSAGE))
        .isEqualTo("the value has " + event.length() + " bytes, more than input.max.bytes=100");
  }
}
