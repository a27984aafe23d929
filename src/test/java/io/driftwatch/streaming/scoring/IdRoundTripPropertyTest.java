package io.driftwatch.streaming.scoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.event.ParseResult;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.event.Rejection;
import io.driftwatch.testing.TestArtifacts;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every record that validation accepts can be written: random ids made of escapes, surrogates (paired and not),
 * control characters, quotes, backslashes and non-BMP characters either are rejected with a reason or come back
 * exactly from the prediction the writer makes of them.
 */
class IdRoundTripPropertyTest {

  private static final int CASES = 10_000;
  private static final ScoringModel MODEL = ScoringModel.compile(TestArtifacts.diabetes("v1"));

  @Test
  void randomIdsAreRejectedWithAReasonOrRoundTripThroughThePredictionWriterExactly() {
    SplittableRandom random = new SplittableRandom(20261130);
    PatientEventParser parser = new PatientEventParser(MODEL.features(), PatientEventParser.DEFAULT_MAX_BYTES);
    PredictionJson.Writer writer = new PredictionJson.Writer();
    int accepted = 0;
    int unpaired = 0;
    for (int i = 0; i < CASES; i++) {
      String patientId = randomString(random);
      String eventId = randomString(random);
      String json = "{\"patient_id\":" + encode(patientId, random) + ",\"event_id\":" + encode(eventId, random) + ","
          + TestArtifacts.FIRST_TEST_PATIENT_FEATURES + "}";
      ParseResult result = parser.parse(json.getBytes(UTF_8));
      boolean encodable = !hasUnpairedSurrogate(patientId) && !hasUnpairedSurrogate(eventId);
      boolean nonEmpty = !patientId.isEmpty() && !eventId.isEmpty();
      if (!encodable) {
        unpaired++;
      }
      if (result instanceof Rejection rejection) {
        assertThat(encodable && nonEmpty).as("case %d rejected: %s", i, rejection.message()).isFalse();
        // The first bad id in document order decides: patient_id comes first.
        RejectReason expected = reasonOf(patientId) != null ? reasonOf(patientId) : reasonOf(eventId);
        assertThat(rejection.reason()).as("case %d: %s", i, rejection.message()).isEqualTo(expected);
        continue;
      }
      assertThat(encodable && nonEmpty).as("case %d accepted %s / %s", i, patientId, eventId).isTrue();
      PatientEvent event = (PatientEvent) result;
      assertThat(event.patientId()).isEqualTo(patientId);
      assertThat(event.eventId()).isEqualTo(eventId);
      double[] contributions = new double[MODEL.featureCount()];
      double prediction = MODEL.scorer().explain(event.features(), contributions);
      byte[] written = writer.write(new ScoredEvent(event.eventId(), event.patientId(), 1_795_514_400_000L,
          event.features(), prediction, contributions, MODEL));
      Prediction read = PredictionJson.read(written);
      assertThat(read.patientId()).as("case %d", i).isEqualTo(patientId);
      assertThat(read.eventId()).as("case %d", i).isEqualTo(eventId);
      accepted++;
    }
    // The generator must exercise both outcomes a good share of the time, or the property proves little.
    assertThat(accepted).isBetween(CASES / 5, CASES * 4 / 5);
    assertThat(unpaired).isGreaterThan(CASES / 5);
  }

  private static RejectReason reasonOf(String id) {
    if (id.isEmpty()) {
      return RejectReason.INVALID_ID;
    }
    return hasUnpairedSurrogate(id) ? RejectReason.INVALID_UTF8 : null;
  }

  /** 0 to 6 characters from pools that stress JSON strings and UTF-8. */
  private static String randomString(SplittableRandom random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(7);
    for (int k = 0; k < n; k++) {
      switch (random.nextInt(12)) {
        case 0 -> s.append((char) random.nextInt(0x20, 0x7F)); // printable ASCII, quote and backslash included
        case 1 -> s.append((char) random.nextInt(0x00, 0x20)); // control characters
        case 2 -> s.append((char) random.nextInt(0x80, 0x800)); // two UTF-8 bytes
        case 3 -> s.append((char) random.nextInt(0x800, 0xD800)); // three bytes
        case 4 -> s.appendCodePoint(random.nextInt(0x10000, 0x110000)); // a non-BMP character: a surrogate pair
        case 5 -> s.append((char) random.nextInt(0xD800, 0xDC00)); // a high surrogate, alone unless a low follows
        case 6 -> s.append((char) random.nextInt(0xDC00, 0xE000)); // a low surrogate
        case 7 -> s.append((char) random.nextInt(0xE000, 0x10000)); // private use, specials, U+FFFF
        default -> s.append((char) random.nextInt('a', 'z' + 1));
      }
    }
    return s.toString();
  }

  /**
   * A JSON string literal for {@code value}: each char either as itself (UTF-8) or as a {@code \\uXXXX} escape, at
   * random; quotes, backslashes, control characters and lone surrogates (which UTF-8 cannot carry) always escaped.
   */
  private static String encode(String value, SplittableRandom random) {
    StringBuilder json = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pairStart = Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1));
      if (pairStart && random.nextBoolean()) {
        json.append(c).append(value.charAt(++i)); // the pair raw, encoded as one 4-byte UTF-8 sequence
      } else if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c) || random.nextInt(4) == 0) {
        json.append(String.format(Locale.ROOT, random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
