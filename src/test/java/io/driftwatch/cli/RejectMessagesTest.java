package io.driftwatch.cli;

import static io.driftwatch.cli.TrainCommandTest.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.TrainCommandTest.Run;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.event.Rejection;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One message per reject reason, everywhere: the same bad event gives, word for word, the same message from
 * {@code predict --json} as in its dead letter (the stream's {@link PatientEventParser}), and a CSV cell the same from
 * {@code predict --csv}.
 */
class RejectMessagesTest {

  /** The README's stream event; each row below changes one field of it. */
  static final String EVENT = "{\"patient_id\":\"p-17\",\"event_time\":\"2026-11-24T10:00:00Z\",\"age\":61,\"sex\":1,"
      + "\"bmi\":25.8,\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}";

  @TempDir static Path dir;
  static ModelArtifact artifact;
  static String model;

  @BeforeAll
  static void writeModel() {
    artifact = TrainedModels.diabetes();
    Path file = dir.resolve("diabetes-lasso.json");
    ModelArtifactJson.write(artifact, file);
    model = file.toString();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "non_finite        | \"bmi\":1e999            | field 'bmi' is 1e999, too large for a double",
        "non_finite        | \"bmi\":-1e999           | field 'bmi' is -1e999, too large for a double",
        "non_finite        | \"bmi\":NaN              | field 'bmi' is NaN, not a finite number",
        "non_finite        | \"bmi\":Infinity         | field 'bmi' is Infinity, not a finite number",
        "out_of_range      | \"bmi\":900              | field 'bmi' is 900, outside the accepted range [10, 80] kg/m2",
        "out_of_range      | \"bp\":12                | field 'bp' is 12, outside the accepted range [40, 250] mm Hg",
        "out_of_range      | \"sex\":3                | field 'sex' is 3, outside the accepted range [1, 2] code",
        "unknown_category  | \"sex\":1.5              | field 'sex' is 1.5, not one of its categories [1, 2] code",
        "not_a_number      | \"bmi\":\"25.8\"           | field 'bmi' must be a number, got a string",
        "not_a_number      | \"bmi\":[25.8]           | field 'bmi' must be a number, got an array",
        "missing_field     | \"bmi\":null             | field 'bmi' is null",
        "invalid_event_time| \"event_time\":\"2026-13-01\" | field 'event_time' is \"2026-13-01\", not an"
            + " ISO-8601 instant with an offset, such as 2026-11-24T10:00:00Z, between 1970 and 9999",
        "invalid_event_time| \"event_time\":-5 | field 'event_time' is -5, not whole epoch milliseconds between 0 and"
            + " 253402300799999",
        "not_a_string      | \"patient_id\":17        | field 'patient_id' must be a string, got a number",
        "invalid_id        | \"patient_id\":\"\"        | field 'patient_id' is empty",
      })
  void predictAndTheStreamSayTheSame(String reason, String field, String message) {
    String name = field.substring(1, field.indexOf('"', 1));
    String event = EVENT.replaceFirst("\"" + name + "\":(\"[^\"]*\"|[^,}]*)", Matcher.quoteReplacement(field));
    assertThat(event).as("the row changes the event").isNotEqualTo(EVENT);

    Rejection stream = (Rejection) new PatientEventParser(artifact.features(), PatientEventParser.DEFAULT_MAX_BYTES)
        .parse(event.getBytes(UTF_8));
    assertThat(stream).isEqualTo(new Rejection(RejectReason.valueOf(reason.toUpperCase()), message));

    Run predict = run("predict", "--model", model, "--json", event);
    assertThat(predict.exit()).isEqualTo(1);
    assertThat(predict.out()).isEmpty();
    assertThat(predict.err()).isEqualTo("predict: " + message + "\n");
  }

  /** A CSV cell has no JSON type, but a value it shares with JSON gets the stream's words after the file and line. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1e999 | field 'bmi' is 1e999, too large for a double",
        "NaN   | field 'bmi' is NaN, not a finite number",
        "900   | field 'bmi' is 900, outside the accepted range [10, 80] kg/m2",
      })
  void aCsvCellGetsTheSameWords(String bmi, String message) throws IOException {
    Path csv = Files.writeString(dir.resolve("bmi-" + bmi + ".csv"),
        "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n61,1," + bmi + ",90,280,195.4,55,5,4.9972,90\n");
    Rejection stream = (Rejection) new PatientEventParser(artifact.features(), PatientEventParser.DEFAULT_MAX_BYTES)
        .parse(EVENT.replace("25.8", bmi).getBytes(UTF_8));
    assertThat(stream.message()).isEqualTo(message);

    Run predict = run("predict", "--model", model, "--csv", csv.toString());
    assertThat(predict.err()).isEqualTo("predict: " + csv + ", line 2, column 3 (bmi): " + message + "\n");
  }
}
