package io.driftwatch.streaming;

import static io.driftwatch.streaming.TopologyFixture.header;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.TestArtifacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Given a stream where every bad record sits between two good ones, every bad record reaches the dead-letter topic
 * with its key and value byte for byte, the right reason, a message naming the problem and its source coordinates,
 * and every good record is scored.
 */
class DeadLetterCorpusTest {

  private static final String FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;

  /** One kind of bad record: its value, the reason it must get, and a fragment its message must contain. */
  private record Bad(String kind, byte[] value, String reason, String messageContains) {
    Bad(String kind, String json, String reason, String messageContains) {
      this(kind, json == null ? null : json.getBytes(UTF_8), reason, messageContains);
    }
  }

  private static String event(String features) {
    return "{\"patient_id\":\"p-bad\"," + features + "}";
  }

  private static String withFeature(String feature, String value) {
    return event(FEATURES.replaceFirst("\"" + feature + "\":[^,}]+", "\"" + feature + "\":" + value));
  }

  private static byte[] withBytes(String before, byte[] bytes, String after) {
    byte[] a = before.getBytes(UTF_8);
    byte[] c = after.getBytes(UTF_8);
    byte[] value = Arrays.copyOf(a, a.length + bytes.length + c.length);
    System.arraycopy(bytes, 0, value, a.length, bytes.length);
    System.arraycopy(c, 0, value, a.length + bytes.length, c.length);
    return value;
  }

  private static byte[] twoMegabytes() {
    String padding = "x".repeat(2 * 1024 * 1024);
    return event(FEATURES + ",\"notes\":\"" + padding + "\"").getBytes(UTF_8);
  }

  static List<Bad> corpus() {
    return List.of(
        new Bad("invalid JSON", "{\"patient_id\":\"p\",\"age\":61,", "invalid_json", "not valid JSON at byte"),
        new Bad("single-quoted JSON", "{'patient_id':'p'}", "invalid_json", "not valid JSON"),
        new Bad("a trailing comma", event(FEATURES + ","), "invalid_json", "not valid JSON"),
        new Bad("two objects", event(FEATURES) + "{}", "invalid_json", "unexpected content after the JSON value"),
        new Bad("empty value", "", "empty_value", "the value is empty"),
        new Bad("null value (tombstone)", (String) null, "empty_value", "the value is empty"),
        new Bad("whitespace only", " \r\n ", "empty_value", "only whitespace"),
        new Bad("JSON array", "[{\"patient_id\":\"p\"}]", "not_an_object", "the value is an array"),
        new Bad("JSON string", "\"p-17\"", "not_an_object", "the value is a string"),
        new Bad("JSON null", "null", "not_an_object", "the value is null"),
        new Bad("missing patient_id", "{" + FEATURES + "}", "missing_field", "field 'patient_id' is missing"),
        new Bad("null patient_id", "{\"patient_id\":null," + FEATURES + "}", "missing_field",
            "field 'patient_id' is null"),
        new Bad("numeric patient_id", "{\"patient_id\":17," + FEATURES + "}", "not_a_string",
            "field 'patient_id' must be a string"),
        new Bad("empty patient_id", "{\"patient_id\":\"\"," + FEATURES + "}", "invalid_id",
            "field 'patient_id' is empty"),
        new Bad("missing feature", event(FEATURES.replace(",\"s5\":4.9972", "")), "missing_field",
            "field 's5' is missing"),
        new Bad("\"bmi\":\"high\"", withFeature("bmi", "\"high\""), "not_a_number",
            "field 'bmi' must be a number, got a string"),
        new Bad("\"bmi\":null", withFeature("bmi", "null"), "missing_field", "field 'bmi' is null"),
        new Bad("NaN", withFeature("bmi", "NaN"), "non_finite", "field 'bmi' is NaN"),
        new Bad("Infinity", withFeature("s1", "Infinity"), "non_finite", "field 's1' is Infinity"),
        new Bad("-Infinity", withFeature("s2", "-Infinity"), "non_finite", "field 's2' is -Infinity"),
        new Bad("1e999", withFeature("bp", "1e999"), "non_finite", "field 'bp' is 1e999, too large for a double"),
        new Bad("negative age", withFeature("age", "-3"), "out_of_range", "field 'age' is -3, outside"),
        new Bad("bmi 900", withFeature("bmi", "900"), "out_of_range", "field 'bmi' is 900, outside"),
        new Bad("sex 3", withFeature("sex", "3"), "out_of_range", "field 'sex' is 3, outside"),
        new Bad("sex 1.5", withFeature("sex", "1.5"), "unknown_category",
            "field 'sex' is 1.5, not one of its categories [1, 2] code"),
        new Bad("bp in kPa", withFeature("bp", "12.0"), "out_of_range", "field 'bp' is 12.0, outside"),
        new Bad("2 MB value", twoMegabytes(), "too_large", "more than input.max.bytes=1048576"),
        new Bad("nested object for a feature", withFeature("s6", "{\"value\":90}"), "not_a_number",
            "field 's6' must be a number, got an object"),
        new Bad("array for a feature", withFeature("s4", "[5]"), "not_a_number",
            "field 's4' must be a number, got an array"),
        new Bad("boolean for a feature", withFeature("sex", "true"), "not_a_number",
            "field 'sex' must be a number, got a boolean"),
        new Bad("invalid UTF-8",
            withBytes("{\"patient_id\":\"p-", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"," + FEATURES + "}"),
            "invalid_utf8", "not UTF-8"),
        new Bad("overlong UTF-8 in an ignored field",
            withBytes("{\"note\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF},
                "\",\"patient_id\":\"p\"," + FEATURES + "}"),
            "invalid_utf8", "byte 0xc0 at offset 9"),
        new Bad("UTF-16 text", event(FEATURES).getBytes(UTF_16BE), "invalid_utf8", "byte 0x0 at offset 0"),
        new Bad("duplicate feature", event(FEATURES + ",\"age\":62"), "duplicate_field",
            "field 'age' appears more than once"),
        new Bad("unparseable event_time", "{\"patient_id\":\"p\",\"event_time\":\"last tuesday\"," + FEATURES + "}",
            "invalid_event_time", "field 'event_time' "),
        new Bad("event_time without offset",
            "{\"patient_id\":\"p\",\"event_time\":\"2026-11-24T10:00:00\"," + FEATURES + "}",
            "invalid_event_time", "ISO-8601"),
        new Bad("numeric event_id", "{\"patient_id\":\"p\",\"event_id\":7," + FEATURES + "}", "not_a_string",
            "field 'event_id' must be a string"));
  }

  private TopologyFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void everyBadRecordIsDeadLetteredUnchangedWithItsReasonWhileTheGoodOnesAroundItAreScored() {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(TestArtifacts.diabetes("v1"));
    fixture = new TopologyFixture(models);
    List<Bad> corpus = corpus();
    assertThat(corpus.stream().map(Bad::kind).distinct()).hasSizeGreaterThanOrEqualTo(25);
    // every reason the parser gives (all but no_model)
    assertThat(corpus.stream().map(Bad::reason).distinct()).hasSize(14);

    List<String> goodIds = new ArrayList<>();
    long offset = 0;
    List<Long> badOffsets = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      String goodId = "good-" + i;
      fixture.features.pipeInput(goodId.getBytes(UTF_8),
          ("{\"patient_id\":\"" + goodId + "\",\"event_id\":\"" + goodId + "\"," + FEATURES + "}").getBytes(UTF_8));
      goodIds.add(goodId);
      offset++;
      fixture.features.pipeInput(("key-" + i).getBytes(UTF_8), corpus.get(i).value());
      badOffsets.add(offset++);
    }
    fixture.send("{\"patient_id\":\"last\",\"event_id\":\"last\"," + FEATURES + "}");
    goodIds.add("last");

    List<TestRecord<String, byte[]>> predictions = fixture.predictions.readRecordsToList();
    assertThat(predictions).extracting(TestRecord::key).containsExactlyElementsOf(goodIds);
    assertThat(predictions)
        .extracting(r -> PredictionJson.read(r.value()).prediction())
        .allSatisfy(p -> assertThat(p).isCloseTo(TestArtifacts.FIRST_TEST_PATIENT_PREDICTION, within(5e-7)));

    List<TestRecord<byte[], byte[]>> deadLetters = fixture.deadLetters.readRecordsToList();
    assertThat(deadLetters).hasSize(corpus.size());
    for (int i = 0; i < corpus.size(); i++) {
      Bad bad = corpus.get(i);
      TestRecord<byte[], byte[]> dead = deadLetters.get(i);
      assertThat(dead.key()).as(bad.kind()).isEqualTo(("key-" + i).getBytes(UTF_8));
      assertThat(dead.value()).as(bad.kind()).isEqualTo(bad.value());
      assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).as(bad.kind()).isEqualTo(bad.reason());
      assertThat(header(dead.headers(), DeadLetterHeaders.MESSAGE)).as(bad.kind()).contains(bad.messageContains());
      assertThat(header(dead.headers(), DeadLetterHeaders.MODEL_VERSION)).as(bad.kind()).isEqualTo("v1");
      assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("patient-features");
      assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET))
          .as(bad.kind()).isEqualTo(Long.toString(badOffsets.get(i)));
    }
  }
}
