package io.driftwatch.core.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.Scenario;
import io.driftwatch.simulate.SimulatorJson;
import io.driftwatch.testing.TestArtifacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path must accept the usual events and, on everything it accepts, give exactly what Jackson's general path
 * gives; on everything else it must step aside.
 */
class FlatEventReaderTest {

  private static final String FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;
  private static final String EXAMPLE =
      "{\"patient_id\":\"p-17\",\"event_time\":\"2026-11-24T10:00:00Z\"," + FEATURES + "}";

  private final FlatEventReader reader =
      new FlatEventReader(TestArtifacts.FEATURES.toArray(FeatureSpec[]::new));
  private final PatientEventParser parser = new PatientEventParser(TestArtifacts.FEATURES, 1 << 20);

  @Test
  void acceptsEverySimulatedEventWithTheGeneralPathsValues() {
    List<byte[]> events = simulatedEvents(2_000, 1);

    for (byte[] event : events) {
      PatientEvent fast = reader.read(event);
      assertThat(fast).as(new String(event, UTF_8)).isNotNull();
      assertSameEvent(fast, parser.parseGeneral(event), event);
    }
  }

  static List<String> usualShapes() {
    return List.of(
        EXAMPLE,
        " \t\r\n" + EXAMPLE + " \n",
        "{ \"patient_id\" : \"p-17\" , " + FEATURES.replace(",", " ,\n ") + " }",
        "{\"event_id\":null,\"patient_id\":\"p\"," + FEATURES + "}",
        "{\"event_time\":null,\"patient_id\":\"p\"," + FEATURES + "}",
        "{\"event_time\":1795514400000,\"event_id\":\"e 1/2\",\"patient_id\":\"~p\"," + FEATURES + "}",
        "{\"x\":true,\"y\":false,\"z\":null,\"w\":-0.5,\"v\":\"text\",\"u\":0,\"patient_id\":\"p\"," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"event_time\":\"2026-11-24T11:30:00.5+01:30\"," + FEATURES + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":0.00000000000000001") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":120") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":0") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":9.007199254740992") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":1.000") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":2.0") + "}");
  }

  @ParameterizedTest
  @MethodSource("usualShapes")
  void acceptsTheUsualShapesWithTheGeneralPathsValues(String json) {
    byte[] value = json.getBytes(UTF_8);
    PatientEvent fast = reader.read(value);

    assertThat(fast).isNotNull();
    assertSameEvent(fast, parser.parseGeneral(value), value);
  }

  static List<String> otherShapes() {
    return List.of(
        "",
        "   ",
        "[]",
        "{}",
        "{\"patient_id\":\"p\"}",
        "{\"patient_id\":\"p\"," + FEATURES + ",}",
        "{\"patient_id\":\"p\"," + FEATURES + "}{}",
        "{\"patient_id\":\"p\"," + FEATURES + "} x",
        "{\"patient_id\":\"p\",\"patient_id\":\"q\"," + FEATURES + "}",
        "{\"patient_id\":\"\"," + FEATURES + "}",
        "{\"patient_id\":17," + FEATURES + "}",
        "{\"patient_id\":\"p\\u0031\"," + FEATURES + "}",
        "{\"p\\u0061tient_id\":\"p\"," + FEATURES + "}",
        "{\"patient_id\":\"p\u00e9\"," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"event_id\":\"\"," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"note\":{}," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"note\":[1]," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"note\":1e5," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"note\":tru," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"note\":truex," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"event_time\":\"yesterday\"," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"event_time\":-1," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"event_time\":1795514400000.0," + FEATURES + "}",
        "{\"patient_id\":\"p\",\"event_time\":253402300800000," + FEATURES + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":-0") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":061") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":61.") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":+61") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":6.1e1") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":61.0000000000000000001") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":9007199254740993") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":121") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":1.5") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":1.0000001") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":1.999") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":2.5") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":\"61\"") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":null") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":NaN") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61,", "") + "}",
        "{\"patient_id\":\"p\"," + FEATURES.replace("\"age\":61", "\"age\":61,\"age\":61") + "}");
  }

  @ParameterizedTest
  @MethodSource("otherShapes")
  void stepsAsideForEverythingElse(String json) {
    assertThat(reader.read(json.getBytes(UTF_8))).isNull();
  }

  @Test
  void stepsAsideForBytesOutsidePrintableAscii() {
    for (byte b : new byte[] {0x00, 0x1F, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF}) {
      byte[] value = EXAMPLE.getBytes(UTF_8);
      value[EXAMPLE.indexOf("p-17") + 1] = b;
      assertThat(reader.read(value)).as("byte 0x%02x", b).isNull();
    }
  }

  /**
   * Mutants of valid events (bytes replaced, inserted or deleted, chosen among JSON's own characters): whatever the
   * fast path still accepts, the general path must accept as the same event.
   */
  @Test
  void agreesWithTheGeneralPathOnMutatedEvents() {
    byte[] alphabet = "{}[]\":,.-+eE0123456789 \t\n\\u/ntrfalsx".getBytes(UTF_8);
    SplittableRandom random = new SplittableRandom(20261124);
    List<byte[]> events = simulatedEvents(500, 2);
    int acceptedByFastPath = 0;
    int acceptedByGeneralPathOnly = 0;
    for (int i = 0; i < 40_000; i++) {
      byte[] mutant = mutate(events.get(i % events.size()), alphabet, random);
      PatientEvent fast = reader.read(mutant);
      ParseResult general = parser.parseGeneral(mutant);
      if (fast != null) {
        acceptedByFastPath++;
        assertSameEvent(fast, general, mutant);
      } else if (general instanceof PatientEvent) {
        acceptedByGeneralPathOnly++;
      }
    }
    // Mutating digits and whitespace keeps many events valid: both kinds must occur, or this test checks nothing.
    assertThat(acceptedByFastPath).isGreaterThan(5_000);
    assertThat(acceptedByGeneralPathOnly).isGreaterThan(10);
  }

  /** Both paths on the event: the fast one steps aside, so the parser gives the general path's reason. */
  @Test
  void anUnknownCategoryIsRejectedAlikeByTheParserAndTheGeneralPath() {
    byte[] halfSex = PatientEventParserTest.HALF_SEX.getBytes(UTF_8);
    Rejection expected =
        new Rejection(RejectReason.UNKNOWN_CATEGORY, "field 'sex' is 1.5, not one of its categories [1, 2] code");

    assertThat(reader.read(halfSex)).isNull();
    assertThat(parser.parseGeneral(halfSex)).isEqualTo(expected);
    assertThat(parser.parse(halfSex)).isEqualTo(expected);
  }

  /** Codes in every notation and values next to them: the parser's answer is the general path's, bit for bit. */
  @ParameterizedTest
  @MethodSource("sexValues")
  void bothPathsAgreeOnCategoricalValues(String sex) {
    byte[] value = ("{\"patient_id\":\"p\"," + FEATURES.replace("\"sex\":1", "\"sex\":" + sex) + "}").getBytes(UTF_8);
    PatientEvent fast = reader.read(value);
    ParseResult general = parser.parseGeneral(value);
    if (fast != null) {
      assertSameEvent(fast, general, value);
    }
    ParseResult parsed = parser.parse(value);
    if (general instanceof Rejection) {
      assertThat(parsed).isEqualTo(general);
    } else {
      assertSameEvent((PatientEvent) parsed, general, value);
      assertThat(((PatientEvent) general).features()[1]).isIn(1.0, 2.0);
    }
  }

  static List<String> sexValues() {
    return List.of("1", "2", "1.0", "2.00", "1e0", "2E0", "0.1e1", "-1", "0", "0.9999999", "1.0000001",
        "1.0000000000000002", "1.00000000000000001", "1.5", "1.999", "2.0000001", "2.5", "-0.0", "1.5e0");
  }

  @Test
  void theParserUsesTheFastPathAndTheGeneralPathAlike() {
    byte[] escaped = ("{\"patient_id\":\"p\\u002d17\"," + FEATURES + "}").getBytes(UTF_8);
    assertThat(reader.read(escaped)).isNull();

    PatientEvent viaGeneral = (PatientEvent) parser.parse(escaped);
    PatientEvent viaFast = (PatientEvent) parser.parse(("{\"patient_id\":\"p-17\"," + FEATURES + "}").getBytes(UTF_8));

    assertThat(viaGeneral.patientId()).isEqualTo("p-17");
    assertThat(viaFast.patientId()).isEqualTo("p-17");
    assertThat(viaFast.features()).containsExactly(viaGeneral.features());
  }

  private static byte[] mutate(byte[] event, byte[] alphabet, SplittableRandom random) {
    byte[] mutant = event;
    int edits = 1 + random.nextInt(2);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(mutant.length);
      byte b = alphabet[random.nextInt(alphabet.length)];
      switch (random.nextInt(3)) {
        case 0 -> {
          mutant = mutant.clone();
          mutant[at] = b;
        }
        case 1 -> {
          byte[] longer = new byte[mutant.length + 1];
          System.arraycopy(mutant, 0, longer, 0, at);
          longer[at] = b;
          System.arraycopy(mutant, at, longer, at + 1, mutant.length - at);
          mutant = longer;
        }
        default -> {
          byte[] shorter = new byte[mutant.length - 1];
          System.arraycopy(mutant, 0, shorter, 0, at);
          System.arraycopy(mutant, at + 1, shorter, at, mutant.length - at - 1);
          mutant = shorter;
        }
      }
    }
    return mutant;
  }

  private static List<byte[]> simulatedEvents(int count, long seed) {
    ClinicalSample sample = ClinicalSample.bundledDiabetes();
    PatientSimulator simulator = new PatientSimulator(sample, Scenario.NONE, seed);
    SimulatorJson json = new SimulatorJson(sample.features());
    Instant start = Instant.parse("2026-11-24T10:00:00Z");
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(json.event(simulator.next(start.plusMillis(i * 137L))));
    }
    return events;
  }

  private static void assertSameEvent(PatientEvent fast, ParseResult general, byte[] value) {
    String input = new String(value, UTF_8);
    assertThat(general).as(input).isInstanceOf(PatientEvent.class);
    PatientEvent expected = (PatientEvent) general;
    assertThat(fast.patientId()).as(input).isEqualTo(expected.patientId());
    assertThat(fast.eventId()).as(input).isEqualTo(expected.eventId());
    assertThat(fast.eventTimeMillis()).as(input).isEqualTo(expected.eventTimeMillis());
    // Bit for bit, so that 0.0 and -0.0 differ.
    assertThat(Arrays.stream(fast.features()).mapToLong(Double::doubleToRawLongBits).toArray())
        .as(input)
        .containsExactly(Arrays.stream(expected.features()).mapToLong(Double::doubleToRawLongBits).toArray());
  }
}
