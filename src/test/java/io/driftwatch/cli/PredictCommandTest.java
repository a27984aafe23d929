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
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8,", ""), "feature 'bmi' is missing");
    assertRefused(FIRST_TEST_PATIENT.replace("}", ",\"weight\":80}"),
        "unknown feature 'weight'; the model's features are age, sex, bmi, bp, s1, s2, s3, s4, s5, s6");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":null"), "feature 'bmi' is null");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":\"25.8\""),
        "feature 'bmi' must be a number, was \"25.8\"");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":true"), "feature 'bmi' must be a number, was true");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":NaN"),
        "feature 'bmi' must be a finite number, was NaN");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bmi\":25.8", "\"bmi\":1e999"),
        "feature 'bmi' must be a finite number, was Infinity");
    assertRefused(FIRST_TEST_PATIENT.replace("\"bp\":90", "\"bp\":12"),
        "feature 'bp' = 12 is outside the accepted range [40, 250] mm Hg");
    assertRefused("[61, 1]", "--json must be a JSON object of features");
    assertRefused(FIRST_TEST_PATIENT.replace("\"sex\":1", "\"sex\":3"),
        "feature 'sex' = 3 is outside the accepted range [1, 2] code");
    assertRefused("{\"age\": 61,", "--json is not valid JSON");
    assertRefused(FIRST_TEST_PATIENT + " {}", "--json is not valid JSON");
  }

  /** The event: {@code sex} 1.5 lies in [1, 2] but is neither code; it used to print 128.82. */
  @Test
  void refusesACategoricalValueThatIsNoneOfItsCodes() {
    for (String sex : new String[] {"1.5", "1.0000001", "1.999"}) {
      assertRefused(FIRST_TEST_PATIENT.replace("\"sex\":1", "\"sex\":" + sex),
          "feature 'sex' = " + sex + " is not one of its categories [1, 2] code\n");
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
        ", line 3, column 2 (sex): feature 'sex' = 1.5 is not one of its categories [1, 2] code\n");
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
        ", line 3, column 4 (bp): feature 'bp' = 12 is outside the accepted range [40, 250] mm Hg");
    assertCsvRefused("ragged.csv", header + "61,1,25.8\n", ", line 2: has 3 fields but the header has 10");
    assertCsvRefused("missing.csv", header.replace(",s6", "") + good.replace(",90\n", "\n"),
        ", line 1: no column for feature 's6'");
    assertCsvRefused("unknown.csv", header.replace("\n", ",weight\n") + good.replace("\n", ",80\n"),
        ", line 1, column 11 (weight): not a feature of the model");
    assertCsvRefused("empty.csv", "", ": is empty (expected a header line)");
    assertCsvRefused("nan.csv", header + good.replace("25.8", "NaN"), ", line 2, column 3 (bmi): 'NaN' is not a finite number");
  }

  @Test
  void aMissingOrBrokenModelIsNamed() throws IOException {
    Path absent = dir.resolve("absent.json");
    Run run = run("predict", "--model", absent.toString(), "--json", FIRST_TEST_PATIENT);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("predict: " + absent + ": no such model artifact (write one with "
        + "./driftwatch train --out " + absent + ")\n");
    Path broken = Files.writeString(dir.resolve("broken.json"),
        Files.readString(Path.of(model)).replace("\"schema_version\" : 2", "\"schema_version\" : 9"));
    Run bad = run("predict", "--model", broken.toString(), "--json", FIRST_TEST_PATIENT);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("predict: " + broken + ": schema_version: unsupported version 9 "
        + "(this driftwatch reads versions 1 to 3)\n");
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
    assertThat(run.err()).as(json).startsWith("predict: " + message);
  }

  private static void assertCsvRefused(String name, String content, String message) throws IOException {
    Path csv = Files.writeString(dir.resolve(name), content);
    Run run = run("predict", "--model", model, "--csv", csv.toString());
    assertThat(run.exit()).as(name).isEqualTo(1);
    assertThat(run.out()).as(name).isEmpty();
    assertThat(run.err()).as(name).startsWith("predict: " + csv + message);
  }
}
