package io.driftwatch.core.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.testing.TestArtifacts;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatientEventParserTest {

  private static final String FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;
  private static final double[] FIRST_PATIENT = {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90};

  private final PatientEventParser parser = new PatientEventParser(TestArtifacts.FEATURES, 4096);

  private PatientEvent accepted(String json) {
    ParseResult result = parser.parse(json.getBytes(UTF_8));
    assertThat(result).isInstanceOf(PatientEvent.class);
    return (PatientEvent) result;
  }

  private Rejection rejected(byte[] value) {
    ParseResult result = parser.parse(value);
    assertThat(result).isInstanceOf(Rejection.class);
    return (Rejection) result;
  }

  private Rejection rejected(String json) {
    return rejected(json.getBytes(UTF_8));
  }

  @Test
  void readsTheIssueExampleWithFeaturesInModelOrder() {
    PatientEvent event =
        accepted("{\"patient_id\":\"p-17\",\"event_time\":\"2026-11-24T10:00:00Z\"," + FEATURES + "}");

    assertThat(event.patientId()).isEqualTo("p-17");
    assertThat(event.eventId()).isNull();
    assertThat(event.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
    assertThat(event.features()).containsExactly(FIRST_PATIENT);
  }

  @Test
  void fieldOrderDoesNotMatterAndUnknownFieldsOfAnyShapeAreIgnored() {
    PatientEvent event =
        accepted(
            "{\"s6\":90,\"note\":{\"bmi\":\"x\",\"deep\":[1,[2,{\"age\":null}]]},\"s5\":4.9972,\"s4\":5,\"s3\":55,"
                + "\"tags\":[\"a\"],\"s2\":195.4,\"s1\":280,\"bp\":90,\"bmi\":25.8,\"sex\":1,\"age\":61,"
                + "\"BMI\":\"high\",\"flag\":true,\"nothing\":null,\"patient_id\":\"p-1\",\"event_id\":\"e-1\"}");

    assertThat(event.features()).containsExactly(FIRST_PATIENT);
    assertThat(event.eventId()).isEqualTo("e-1");
    assertThat(event.hasEventTime()).isFalse();
  }

  @Test
  void returnsAFreshFeatureArrayForEveryEvent() {
    PatientEvent first = accepted("{\"patient_id\":\"a\"," + FEATURES + "}");
    PatientEvent second = accepted("{\"patient_id\":\"b\"," + FEATURES.replace("\"age\":61", "\"age\":30") + "}");

    assertThat(first.features()[0]).isEqualTo(61.0);
    assertThat(second.features()[0]).isEqualTo(30.0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"2026-11-24T10:00:00Z\"          | 2026-11-24T10:00:00Z",
        "\"2026-11-24T10:00:00.250Z\"      | 2026-11-24T10:00:00.250Z",
        "\"2026-11-24T10:00:00.123456789Z\" | 2026-11-24T10:00:00.123Z",
        "\"2026-11-24T11:30:00+01:30\"     | 2026-11-24T10:00:00Z",
        "\"2026-11-24T05:00:00-05:00\"     | 2026-11-24T10:00:00Z",
        "\"2026-11-24T10:00Z\"             | 2026-11-24T10:00:00Z",
        "\"2026-11-24t10:00:00z\"          | 2026-11-24T10:00:00Z",
        "\"2024-02-29T00:00:00Z\"          | 2024-02-29T00:00:00Z",
        "1795514400000                     | 2026-11-24T10:00:00Z",
        "0                                 | 1970-01-01T00:00:00Z"
      })
  void acceptsIsoInstantsWithAnOffsetAndEpochMilliseconds(String json, String expected) {
    PatientEvent event = accepted("{\"patient_id\":\"p\",\"event_time\":" + json + "," + FEATURES + "}");

    assertThat(event.eventTimeMillis()).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @Test
  void aNullEventTimeOrEventIdIsAbsent() {
    PatientEvent event = accepted("{\"patient_id\":\"p\",\"event_time\":null,\"event_id\":null," + FEATURES + "}");

    assertThat(event.hasEventTime()).isFalse();
    assertThat(event.eventId()).isNull();
  }

  @Test
  void acceptsTheBoundsOfEachRangeAndExponentNotation() {
    PatientEvent event =
        accepted("{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":1.2e2")
            .replace("\"sex\":1", "\"sex\":2.0") + "}");

    assertThat(event.features()[0]).isEqualTo(120.0);
    assertThat(event.features()[1]).isEqualTo(2.0);
  }

  @Test
  void acceptsAUtf8ByteOrderMarkAndNonAsciiText() {
    byte[] json = ("\uFEFF{\"patient_id\":\"Zoë-𝄞\",\"commentaire\":\"élevé\"," + FEATURES + "}").getBytes(UTF_8);

    ParseResult result = parser.parse(json);

    assertThat(result).isInstanceOf(PatientEvent.class);
    assertThat(((PatientEvent) result).patientId()).isEqualTo("Zoë-𝄞");
  }

  @Test
  void emptyValues() {
    assertThat(rejected((byte[]) null))
        .isEqualTo(new Rejection(RejectReason.EMPTY_VALUE, "the value is empty"));
    assertThat(rejected(new byte[0]).reason()).isEqualTo(RejectReason.EMPTY_VALUE);
    assertThat(rejected(" \n\t ")).isEqualTo(new Rejection(RejectReason.EMPTY_VALUE, "the value is only whitespace"));
  }

  @Test
  void tooLargeValuesAreNotParsed() {
    byte[] big = new byte[4097];
    java.util.Arrays.fill(big, (byte) ' ');

    assertThat(rejected(big))
        .isEqualTo(new Rejection(
            RejectReason.TOO_LARGE, "the value has 4097 bytes, more than input.max.bytes=4096"));
  }

  @Test
  void invalidUtf8AnywhereIsRejectedWithItsOffset() {
    byte[] prefix = "{\"patient_id\":\"p\",\"note\":\"".getBytes(UTF_8);
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xFF}, // never valid
          {(byte) 0xC3, 'x'}, // a lead byte without its continuation
          {(byte) 0xC0, (byte) 0x80}, // overlong NUL, which Jackson would accept in a skipped string
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
          {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
          {(byte) 0x80} // a stray continuation byte
        }) {
      byte[] value = new byte[prefix.length + bad.length + 2];
      System.arraycopy(prefix, 0, value, 0, prefix.length);
      System.arraycopy(bad, 0, value, prefix.length, bad.length);
      value[value.length - 2] = '"';
      value[value.length - 1] = '}';

      Rejection rejection = rejected(value);

      assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_UTF8);
      assertThat(rejection.message()).endsWith("at offset " + prefix.length);
    }
  }

  @Test
  void utf16TextIsNotUtf8() {
    byte[] utf16 = ("{\"patient_id\":\"p\"," + FEATURES + "}").getBytes(java.nio.charset.StandardCharsets.UTF_16LE);

    assertThat(rejected(utf16))
        .isEqualTo(new Rejection(RejectReason.INVALID_UTF8, "the value is not UTF-8: byte 0x0 at offset 1"));
  }

  @Test
  void invalidJsonNamesWhereItBroke() {
    Rejection rejection = rejected("{\"patient_id\":\"p\",\"age\":61,");

    assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_JSON);
    assertThat(rejection.message()).startsWith("not valid JSON at byte ");
  }

  @Test
  void aSyntaxErrorLaterInTheValueWinsOverAnEarlierFieldProblem() {
    assertThat(rejected("{\"patient_id\":\"p\",\"bmi\":\"high\",\"age\":61,}").reason())
        .isEqualTo(RejectReason.INVALID_JSON);
  }

  @Test
  void contentAfterTheObjectIsInvalidJson() {
    Rejection rejection = rejected("{\"patient_id\":\"p\"," + FEATURES + "} {}");

    assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_JSON);
    assertThat(rejection.message()).contains("unexpected content after the JSON value");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[1,2,3]      | the value is an array, not a JSON object",
        "\"p-17\"     | the value is a string, not a JSON object",
        "42           | the value is a number, not a JSON object",
        "true         | the value is a boolean, not a JSON object",
        "null         | the value is null, not a JSON object"
      })
  void jsonThatIsNotAnObject(String json, String message) {
    assertThat(rejected(json)).isEqualTo(new Rejection(RejectReason.NOT_AN_OBJECT, message));
  }

  @Test
  void missingAndNullFields() {
    assertThat(rejected("{" + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'patient_id' is missing"));
    assertThat(rejected("{\"patient_id\":null," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'patient_id' is null"));
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"s3\":55,", "") + "}"))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 's3' is missing"));
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"bmi\":25.8", "\"bmi\":null") + "}"))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'bmi' is null"));
    assertThat(rejected("{}"))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'patient_id' is missing"));
  }

  @Test
  void fieldNamesAreCaseSensitive() {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"bmi\"", "\"BMI\"") + "}"))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'bmi' is missing"));
  }

  @Test
  void duplicateKnownFieldsAreRejectedButDuplicateUnknownOnesAreIgnored() {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES + ",\"bmi\":25.8}"))
        .isEqualTo(new Rejection(RejectReason.DUPLICATE_FIELD, "field 'bmi' appears more than once"));
    assertThat(rejected("{\"patient_id\":\"p\",\"patient_id\":\"q\"," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.DUPLICATE_FIELD, "field 'patient_id' appears more than once"));
    accepted("{\"patient_id\":\"p\",\"x\":1,\"x\":2," + FEATURES + "}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"high\"        | field 'bmi' must be a number, got a string",
        "\"25.8\"        | field 'bmi' must be a number, got a string",
        "true            | field 'bmi' must be a number, got a boolean",
        "{\"value\":25.8} | field 'bmi' must be a number, got an object",
        "[25.8]          | field 'bmi' must be a number, got an array"
      })
  void featuresThatAreNotNumbers(String value, String message) {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("25.8", value) + "}"))
        .isEqualTo(new Rejection(RejectReason.NOT_A_NUMBER, message));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "NaN        | field 'bmi' is NaN, not a finite number",
        "Infinity   | field 'bmi' is Infinity, not a finite number",
        "-Infinity  | field 'bmi' is -Infinity, not a finite number",
        "1e999      | field 'bmi' is 1e999, too large for a double",
        "-1e999     | field 'bmi' is -1e999, too large for a double"
      })
  void nonFiniteFeatures(String value, String message) {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("25.8", value) + "}"))
        .isEqualTo(new Rejection(RejectReason.NON_FINITE, message));
  }

  @Test
  void featuresOutsideTheArtifactsRangeNameTheFieldTheValueAndTheRange() {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":-3") + "}"))
        .isEqualTo(new Rejection(
            RejectReason.OUT_OF_RANGE, "field 'age' is -3, outside the accepted range [0, 120] years"));
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("25.8", "900") + "}"))
        .isEqualTo(new Rejection(
            RejectReason.OUT_OF_RANGE, "field 'bmi' is 900, outside the accepted range [10, 80] kg/m2"));
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":3") + "}").reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
  }

  /** The issue's event: {@code sex} 1.5 lies in [1, 2] but is neither code. */
  static final String HALF_SEX =
      "{\"patient_id\":\"p\",\"age\":61,\"sex\":1.5,\"bmi\":25.8,\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,"
          + "\"s4\":5,\"s5\":4.9972,\"s6\":90}";

  @Test
  void aCategoricalValueThatIsNoneOfItsCodesIsAnUnknownCategory() {
    assertThat(rejected(HALF_SEX)).isEqualTo(new Rejection(
        RejectReason.UNKNOWN_CATEGORY, "field 'sex' is 1.5, not one of its categories [1, 2] code"));
    assertThat(parser.parseGeneral(HALF_SEX.getBytes(UTF_8))).isEqualTo(rejected(HALF_SEX));
    for (String value : new String[] {"1.0000001", "1.999", "1.5e0", "15e-1"}) {
      assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":" + value) + "}"))
          .as(value)
          .isEqualTo(new Rejection(
              RejectReason.UNKNOWN_CATEGORY, "field 'sex' is " + value + ", not one of its categories [1, 2] code"));
    }
  }

  @Test
  void aCategoricalValueOutsideItsRangeIsOutOfRangeAndAnyNotationOfACodeIsThatCode() {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":2.5") + "}"))
        .isEqualTo(new Rejection(
            RejectReason.OUT_OF_RANGE, "field 'sex' is 2.5, outside the accepted range [1, 2] code"));
    for (String value : new String[] {"1", "1.0", "1e0", "1.000", "0.1e1", "2", "2.0", "2E0", "20e-1"}) {
      PatientEvent event = accepted("{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":" + value) + "}");
      assertThat(event.features()[1]).as(value).isEqualTo(value.startsWith("1") || value.startsWith("0") ? 1.0 : 2.0);
    }
  }

  @Test
  void idsMustBeNonEmptyStrings() {
    assertThat(rejected("{\"patient_id\":17," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.NOT_A_STRING, "field 'patient_id' must be a string, got a number"));
    assertThat(rejected("{\"patient_id\":{\"id\":\"p\"}," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.NOT_A_STRING, "field 'patient_id' must be a string, got an object"));
    assertThat(rejected("{\"patient_id\":\"\"," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.INVALID_ID, "field 'patient_id' is empty"));
    assertThat(rejected("{\"patient_id\":\"p\",\"event_id\":42," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.NOT_A_STRING, "field 'event_id' must be a string, got a number"));
    assertThat(rejected("{\"patient_id\":\"p\",\"event_id\":\"\"," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.INVALID_ID, "field 'event_id' is empty"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"yesterday\"",
        "\"2026-11-24\"",
        "\"2026-11-24T10:00:00\"",
        "\"2026-02-30T10:00:00Z\"",
        "\"2026-11-24T24:00:00Z\"",
        "\"1969-12-31T23:59:59Z\"",
        "\"+10000-01-01T00:00:00Z\"",
        "-1",
        "253402300800000",
        "1.7955144E12",
        "123456789012345678901234567890",
        "true",
        "{\"at\":1}"
      })
  void eventTimesThatAreNotInstants(String value) {
    Rejection rejection = rejected("{\"patient_id\":\"p\",\"event_time\":" + value + "," + FEATURES + "}");

    assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_EVENT_TIME);
    assertThat(rejection.message()).startsWith("field 'event_time' ");
  }

  /** predict's parser: patient_id may be absent; everything else, a given patient_id included, is the stream's. */
  @Test
  void withAnOptionalPatientIdOnlyItsAbsenceIsAccepted() {
    PatientEventParser optional = PatientEventParser.withOptionalPatientId(TestArtifacts.FEATURES);
    PatientEvent event = (PatientEvent) optional.parse(("{" + FEATURES + "}").getBytes(UTF_8));
    assertThat(event.patientId()).isNull();
    assertThat(event.features()).containsExactly(FIRST_PATIENT);
    assertThat(optional.parse(("{\"patient_id\":\"p-1\"," + FEATURES + "}").getBytes(UTF_8)))
        .isInstanceOfSatisfying(PatientEvent.class, e -> assertThat(e.patientId()).isEqualTo("p-1"));
    assertThat(optional.parse(("{\"patient_id\":null," + FEATURES + "}").getBytes(UTF_8)))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'patient_id' is null"));
    assertThat(parser.parse(("{" + FEATURES + "}").getBytes(UTF_8)))
        .isEqualTo(new Rejection(RejectReason.MISSING_FIELD, "field 'patient_id' is missing"));
  }

  /** The value is quoted as written: a string in double quotes, a number as it is. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "\"2026-02-30T10:00:00Z\" | field 'event_time' is \"2026-02-30T10:00:00Z\", not an ISO-8601 instant with an "
            + "offset, such as 2026-11-24T10:00:00Z, between 1970 and 9999",
        "-1                     | field 'event_time' is -1, not whole epoch milliseconds between 0 and 253402300799999",
        "true                   | field 'event_time' must be an ISO-8601 string or epoch milliseconds, got a boolean"
      })
  void anInvalidEventTimeIsQuotedInItsMessage(String value, String message) {
    assertThat(rejected("{\"patient_id\":\"p\",\"event_time\":" + value + "," + FEATURES + "}"))
        .isEqualTo(new Rejection(RejectReason.INVALID_EVENT_TIME, message));
  }

  @Test
  void theFirstProblemInDocumentOrderIsReported() {
    assertThat(rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":\"x\"")
            .replace("25.8", "NaN") + "}").reason())
        .isEqualTo(RejectReason.NOT_A_NUMBER);
  }

  @Test
  void aRejectionDoesNotLeakIntoTheNextEvent() {
    rejected("{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":-3") + "}");
    rejected("{\"patient_id\":\"p\",\"age\":61}");

    PatientEvent event = accepted("{\"patient_id\":\"p\"," + FEATURES + "}");

    assertThat(event.features()).containsExactly(FIRST_PATIENT);
  }
}
