package io.driftwatch.cli;

import static io.driftwatch.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.TrainCommandTest.Run;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

  /** The notebook's first test patient (task 2.1), in raw clinical units. */
  static final String FIRST_TEST_PATIENT =
      "{\"age\":61,\"sex\":1,\"bmi\":25.8,\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}";

  @TempDir static Path dir;
  static String model;

  @BeforeAll
  static void trainOnce() {
    Path file = dir.resolve("diabetes-lasso.json");
    ModelArtifactJson.write(ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact(),
        file);
    model = file.toString();
  }

  @Test
  void predictsTheNotebooksFirstTestPatient() {
    Run run = run("predict", "--model", model, "--json", FIRST_TEST_PATIENT);
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("140.05\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void explainsContributionsThatSumToThePrediction() {
    Run run = run("predict", "--model", model, "--json", FIRST_TEST_PATIENT, "--explain", "--digits", "4");
    assertThat(run.exit()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(12);
    assertThat(lines[0]).isEqualTo("140.0470");
    assertThat(lines[1]).matches(" +intercept +153\\.7365");
    assertThat(lines[4]).matches(" +bmi +-\\d+\\.\\d{4} +bmi = 25\\.8 kg/m2");
    assertThat(lines[8]).matches(" +s3 +\\+0\\.0000 +s3 = 55 mg/dL");
    double sum = 0;
    for (int i = 1; i < lines.length; i++) {
      sum += Double.parseDouble(lines[i].trim().split(" +")[1]);
    }
    assertThat(sum).isCloseTo(Double.parseDouble(lines[0]), org.assertj.core.api.Assertions.within(1e-3));
  }

  @Test
  void refusesMissingUnknownNullNonNumericNonFiniteAndOutOfRangeFeatures() {
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8,", ""), "field 'bmi' is missing\n");
    assertRefused(FIRST_TEST_PATIENT.replace("}", ",\"weight\":80}"),
        "unknown feature 'weight'; the model's features are age, sex, bmi, bp, s1, s2, s3, s4, s5, s6 (also accepted:"
            + " patient_id, event_id, event_time, the target progression, and identifiers named with --id)\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":null"), "field 'bmi' is null\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":\"25.8\""),
        "field 'bmi' must be a number, got a string\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":true"),
        "field 'bmi' must be a number, got a boolean\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":NaN"),
        "field 'bmi' is NaN, not a finite number\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":1e999"),
        "field 'bmi' is 1e999, too large for a double\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bp\":90", "\"bp\":12"),
        "field 'bp' is 12, outside the accepted range [40, 250] mm Hg\n");
    assertRefused("[61, 1]", "the value is an array, not a JSON object\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"sex\":1", "\"sex\":3"),
        "field 'sex' is 3, outside the accepted range [1, 2] code\n");
    assertRefused("{\"age\": 61,", "not valid JSON at byte 11: Unexpected end-of-input");
    assertRefused(FIRST_TEST_PATIENT + " {}", "not valid JSON at byte ");
    assertRefused(FIRST_TEST_PATIENT.replace("}", ",\"bmi\":25.8}"), "field 'bmi' appears more than once\n");
  }

  /** A misspelled feature is refused, never ignored, with the name it is closest to. */
  @Test
  void aMisspelledFeatureGetsADidYouMean() {
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\"", "\"bmii\""), "unknown feature 'bmii' (did you mean 'bmi'?)\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\"", "\"BMI\""), "unknown feature 'BMI' (did you mean 'bmi'?)\n");
    assertRefused(FIRST_TEST_PATIENT.replace("\"age\"", "\"ag\""), "unknown feature 'ag' (did you mean 'age'?)\n");
    assertRefused(FIRST_TEST_PATIENT.replace("}", ",\"patientid\":\"p-17\"}"),
        "unknown feature 'patientid' (did you mean 'patient_id'?)\n");
  }

  /** The README's stream event, as a producer would send it, scores as it is; the identifiers are not features. */
  @Test
  void acceptsTheStreamEventsOwnFieldsTheTargetAndIdsNamedWithId() {
    String event = "{\"patient_id\":\"p-17\",\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:00Z\","
        + FIRST_TEST_PATIENT.substring(1);
    Run run = run("predict", "--model", model, "--json", event);
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("140.05\n");
    Run labelled = run("predict", "--model", model, "--json", FIRST_TEST_PATIENT.replace("}", ",\"progression\":151}"));
    assertThat(labelled.out()).isEqualTo("140.05\n");
    String visit = FIRST_TEST_PATIENT.replace("}", ",\"visit_id\":\"v-9\"}");
    assertRefused(visit, "unknown feature 'visit_id'; the model's features are ");
    assertThat(run("predict", "--model", model, "--id", "visit_id", "--json", visit).out()).isEqualTo("140.05\n");
    // The identifiers are checked as the stream checks them.
    assertRefused(event.replace("\"2026-11-24T10:00:00Z\"", "\"yesterday\""),
        "field 'event_time' is \"yesterday\", not an ISO-8601 instant with an offset, such as 2026-11-24T10:00:00Z,"
            + " between 1970 and 9999\n");
    assertRefused(event.replace("\"p-17\"", "17"), "field 'patient_id' must be a string, got a number\n");
  }

  /** The event: {@code sex} 1.5 lies in [1, 2] but is neither code; it used to print 128.82. */
  @Test
  void refusesACategoricalValueThatIsNoneOfItsCodes() {
    for (String sex : new String[] {"1.5", "1.0000001", "1.999"}) {
      assertRefused(FIRST_TEST_PATIENT.replace("\"sex\":1", "\"sex\":" + sex),
          "field 'sex' is " + sex + ", not one of its categories [1, 2] code\n");
    }
    for (String sex : new String[] {"1.0", "1e0"}) {
      Run run = run("predict", "--model", model, "--json", FIRST_TEST_PATIENT.replace("\"sex\":1", "\"sex\":" + sex));
      assertThat(run.exit()).as(sex).isZero();
      assertThat(run.out()).as(sex).isEqualTo("140.05\n");
    }
  }

  @Test
  void refusesACsvRowWhoseCategoricalValueIsNoneOfItsCodes() throws IOException {
    String header = "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n";
    String good = "61,1,25.8,90,280,195.4,55,5,4.9972,90\n";
    assertCsvRefused("category.csv", header + good + good.replace("61,1,", "61,1.5,"),
        ", line 3, column 2 (sex): field 'sex' is 1.5, not one of its categories [1, 2] code\n");
  }

  @Test
  void scoresACsvAppendingAPredictionColumn() throws IOException {
    Path csv = Files.writeString(dir.resolve("patients.csv"),
        "s6,age,sex,bmi,bp,s1,s2,s3,s4,s5\n"
            + "90,61,1,25.8,90,280,195.4,55,5,4.9972\n"
            + "87,59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598\n");
    Run run = run("predict", "--model", model, "--csv", csv.toString());
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("s6,age,sex,bmi,bp,s1,s2,s3,s4,s5,prediction");
    assertThat(lines[1]).isEqualTo("90,61,1,25.8,90,280,195.4,55,5,4.9972,140.05");
    assertThat(lines[2]).startsWith("87,59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,");
  }

  /** Identifier columns come back unchanged, where they were, so batch results can be joined back. */
  @Test
  void passesIdentifierColumnsThroughInTheirPlace() throws IOException {
    Path csv = Files.writeString(dir.resolve("ids.csv"),
        "patient_id,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,event_time,visit_id,progression\n"
            + "p-17,61,1,25.8,90,280,195.4,55,5,4.9972,90,2026-11-24T10:00:00Z,v-1,\n"
            + "\"p 2\",59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,,v-2,151\n");
    Run refused = run("predict", "--model", model, "--csv", csv.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("predict: " + csv + ", line 1, column 13 (visit_id): unknown feature 'visit_id';");

    Run run = run("predict", "--model", model, "--csv", csv.toString(), "--id", "visit_id");
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(
        "patient_id,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,event_time,visit_id,progression,prediction\n"
            + "p-17,61,1,25.8,90,280,195.4,55,5,4.9972,90,2026-11-24T10:00:00Z,v-1,,140.05\n"
            + "p 2,59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,,v-2,151,209.55\n");

    Run absent = run("predict", "--model", model, "--csv", csv.toString(), "--id", "visitid");
    assertThat(absent.err()).isEqualTo("predict: " + csv + ", line 1: no column 'visitid' for the identifier named with"
        + " --id (did you mean 'visit_id'?)\n");
    Run feature = run("predict", "--model", model, "--csv", csv.toString(), "--id", "bmi");
    assertThat(feature.err()).isEqualTo("predict: " + csv + ", line 1: 'bmi' is a feature of the model, not an"
        + " identifier\n");
  }

  /** --explain with --csv: the intercept and one column per feature, the very numbers --json --explain prints. */
  @Test
  void explainsEveryCsvRowWithTheNumbersOfTheJsonExplanation() throws IOException {
    Path csv = Files.writeString(dir.resolve("explain.csv"),
        "patient_id,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n"
            + "p-17,61,1,25.8,90,280,195.4,55,5,4.9972,90\n");
    Run run = run("predict", "--model", model, "--csv", csv.toString(), "--explain");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("patient_id,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,prediction,intercept,"
        + "age_contribution,sex_contribution,bmi_contribution,bp_contribution,s1_contribution,s2_contribution,"
        + "s3_contribution,s4_contribution,s5_contribution,s6_contribution\n"
        + "p-17,61,1,25.8,90,280,195.4,55,5,4.9972,90,140.05,153.74,1.61,10.56,-4.36,-5.89,-71.49,30.10,0.00,7.36,"
        + "18.77,-0.35\n");

    // Column by column, the --json --explain lines at 6 decimals.
    Run json = run("predict", "--model", model, "--json", FIRST_TEST_PATIENT, "--explain", "--digits", "6");
    Run csv6 = run("predict", "--model", model, "--csv", csv.toString(), "--explain", "--digits", "6");
    String[] jsonLines = json.out().split("\n");
    String[] row = csv6.out().split("\n")[1].split(",");
    assertThat(row[11]).isEqualTo(jsonLines[0]);
    for (int k = 1; k < jsonLines.length; k++) {
      String shown = jsonLines[k].trim().split(" +")[1];
      assertThat(Double.parseDouble(row[11 + k])).as(jsonLines[k]).isEqualTo(Double.parseDouble(shown));
    }
  }

  @Test
  void theBundledDataItselfCanBeScoredItsTargetColumnEchoed() {
    Path bundled = Path.of("src/main/resources/diabetes.csv");
    Run run = run("predict", "--model", model, "--csv", bundled.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out().split("\n")).hasSize(443);
    assertThat(run.out()).startsWith("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression,prediction\n");
  }

  @Test
  void badCsvInputNamesFileLineAndColumn() throws IOException {
    String header = "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n";
    String good = "61,1,25.8,90,280,195.4,55,5,4.9972,90\n";
    assertCsvRefused("nonnumeric.csv", header + good + "61,1,abc,90,280,195.4,55,5,4.9972,90\n",
        ", line 3, column 3 (bmi): 'abc' is not a number");
    assertCsvRefused("range.csv", header + good + good.replace(",90,280", ",12,280"),
        ", line 3, column 4 (bp): field 'bp' is 12, outside the accepted range [40, 250] mm Hg\n");
    assertCsvRefused("ragged.csv", header + "61,1,25.8\n", ", line 2: has 3 fields but the header has 10");
    assertCsvRefused("missing.csv", header.replace(",s6", "") + good.replace(",90\n", "\n"),
        ", line 1: no column for feature 's6'");
    assertCsvRefused("unknown.csv", header.replace("\n", ",weight\n") + good.replace("\n", ",80\n"),
        ", line 1, column 11 (weight): unknown feature 'weight'; the model's features are age, sex, bmi, bp, s1, s2,"
            + " s3, s4, s5, s6 (also accepted: patient_id, event_id, event_time, the target progression, and"
            + " identifiers named with --id)\n");
    assertCsvRefused("typo.csv", header.replace("bmi", "bmii") + good, ", line 1, column 3 (bmii): unknown feature"
        + " 'bmii' (did you mean 'bmi'?)\n");
    assertCsvRefused("empty.csv", "", ": is empty (expected a header line)");
    assertCsvRefused("nan.csv", header + good.replace("25.8", "NaN"),
        ", line 2, column 3 (bmi): field 'bmi' is NaN, not a finite number\n");
    assertCsvRefused("huge.csv", header + good.replace("25.8", "1e999"),
        ", line 2, column 3 (bmi): field 'bmi' is 1e999, too large for a double\n");
  }

  @Test
  void aMissingOrBrokenModelIsNamed() throws IOException {
    Path absent = dir.resolve("absent.json");
    Run run = run("predict", "--model", absent.toString(), "--json", FIRST_TEST_PATIENT);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("predict: " + absent + ": no such model artifact (write one with "
        + "./driftwatch train --out " + absent + ")\n");
    Path broken = Files.writeString(dir.resolve("broken.json"),
        Files.readString(Path.of(model)).replace("\"schema_version\" : 5", "\"schema_version\" : 9"));
    Run bad = run("predict", "--model", broken.toString(), "--json", FIRST_TEST_PATIENT);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("predict: " + broken + ": schema_version: unsupported version 9 "
        + "(this driftwatch reads versions 1 to 5)\n");
  }

  @Test
  void needsExactlyOneInput() {
    assertThat(run("predict", "--model", model).exit()).isEqualTo(2);
    Run both = run("predict", "--model", model, "--json", "{}", "--csv", "x.csv");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
  }

  private static void assertRefused(String json, String message) {
    Run run = run("predict", "--model", model, "--json", json);
    assertThat(run.exit()).as(json).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    if (message.endsWith("\n")) {
      assertThat(run.err()).as(json).isEqualTo("predict: " + message);
    } else {
      assertThat(run.err()).as(json).startsWith("predict: " + message);
    }
  }

  private static void assertCsvRefused(String name, String content, String message) throws IOException {
    Path csv = Files.writeString(dir.resolve(name), content);
    Run run = run("predict", "--model", model, "--csv", csv.toString());
    assertThat(run.exit()).as(name).isEqualTo(1);
    assertThat(run.out()).as(name).isEmpty();
    if (message.endsWith("\n")) {
      assertThat(run.err()).as(name).isEqualTo("predict: " + csv + message);
    } else {
      assertThat(run.err()).as(name).startsWith("predict: " + csv + message);
    }
  }
}
