package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.DriftThresholds;
import io.driftwatch.core.model.CalibrationSettings;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.model.ReferenceCalibration;
import io.driftwatch.testing.FakeMlflowServer;
import io.driftwatch.tracking.LoggedRun;
import io.driftwatch.tracking.MlflowResult;
import io.driftwatch.tracking.RunKind;
import io.driftwatch.tracking.RunLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  /** No MLflow, whatever the developer's shell has; the run log under target/. */
  static final Map<String, String> TEST_ENV = Map.of(RunLog.DIRECTORY_VARIABLE, "target/test-runs");

  static Run run(String... args) {
    return run(TEST_ENV, args);
  }

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DriftwatchCli.commandLine(env::get);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void trainsTheNotebookPrintsItsNumbersAndWritesTheArtifact() {
    Path model = dir.resolve("models/diabetes-lasso.json");
    Run run = run("train", "--out", model.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .containsPattern("OLS +- +53\\.85 +0\\.45")
        .contains("55.92 (5-fold mean)")
        .containsPattern("LASSO +0\\.1000 +53\\.71 +0\\.46")
        .contains("Alpha optimal Ridge : 55.9081")
        .contains("Alpha optimal LASSO : 0.1417")
        .contains("Coefficients zeroed by the LASSO: 1 of 10 (s3)");
    ModelArtifact artifact = ModelArtifactJson.read(model);
    assertThat(run.out()).contains("Wrote " + model + " (model diabetes-lasso, version " + artifact.modelVersion() + ")");
    assertThat(artifact.training().dataSource()).isEqualTo("bundled:diabetes.csv");

    // The calibration of the default drift settings, outside the model version: a service need not resample.
    assertThat(run.out()).contains("\nDrift calibration for the default drift settings: significance level 0.01,"
        + " 17 of 2000 simulated drift-free windows flagged\nWrote " + model);
    ReferenceCalibration calibration = artifact.reference().calibration();
    // What the detector computes for the defaults (ArtifactCalibrationTest compares it with a resampling).
    assertThat(calibration).isEqualTo(new ReferenceCalibration(1,
        new CalibrationSettings(0.01, 0.1, 0.1, 500, 2000, 20261124L, true, 0.1, 0.1), 0.01, 0.0085));
    assertThat(artifact.modelVersion()).isEqualTo("bb1548420105");
    DriftDetector detector = DriftDetector.create(artifact, DriftSettings.defaults());
    assertThat(detector.thresholds().calibrationSource()).isEqualTo(DriftThresholds.CalibrationSource.ARTIFACT);
    assertThat(detector.thresholds().significanceLevel()).isEqualTo(0.01);
  }

  @Test
  void seedAndTestSizeChangeTheSplit() {
    Path model = dir.resolve("m.json");
    Run run = run("train", "--out", model.toString(), "--seed", "7", "--test-size", "0.25");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Split: 331 train / 111 test rows (seed 7, test size 0.25)");
    assertThat(ModelArtifactJson.read(model).training().seed()).isEqualTo(7);
  }

  @Test
  void trainsOnAnotherCsvWithItsTarget() throws IOException {
    StringBuilder csv = new StringBuilder("dose,arm,response\n");
    for (int i = 0; i < 60; i++) {
      csv.append(10 + i % 17).append(',').append(i % 2).append(',').append(3 * (10 + i % 17) + 5 * (i % 2) + i % 4)
          .append('\n');
    }
    Path data = Files.writeString(dir.resolve("trial.csv"), csv);
    Path model = dir.resolve("trial.json");
    Run run = run("train", "--data", data.toString(), "--target", "response", "--out", model.toString());
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Data: " + data + ", 60 rows, 2 features, target response");
    ModelArtifact artifact = ModelArtifactJson.read(model);
    assertThat(artifact.modelName()).isEqualTo("trial-lasso");
    assertThat(artifact.featureNames()).containsExactly("dose", "arm");
  }

  @Test
  void aBadDataFileIsNamedWithLineAndColumnAndExitsNonZero() throws IOException {
    Path data = Files.writeString(dir.resolve("bad.csv"), "a,progression\n1,2\n3,x\n");
    Path model = dir.resolve("never.json");
    Run run = run("train", "--data", data.toString(), "--out", model.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("train: " + data + ", line 3, column 2 (progression): 'x' is not a number\n");
    assertThat(model).doesNotExist();
  }

  /** The diabetes columns declare sex a code, 1 or 2: any other value is an error in the data, wherever it is. */
  @Test
  void aDiabetesSexThatIsNoneOfItsCodesIsNamedWithLineAndColumn() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/main/resources/diabetes.csv"));
    assertThat(lines.get(4)).startsWith("24,1,");
    Path model = dir.resolve("never.json");

    lines.set(4, lines.get(4).replaceFirst("^24,1,", "24,1.5,"));
    Path half = Files.write(dir.resolve("half.csv"), lines);
    Run run = run("train", "--data", half.toString(), "--out", model.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("train: " + half + ", line 5, column 2 (sex): 1.5 is not one of the column's "
        + "categories [1, 2]\n");
    assertThat(model).doesNotExist();

    // The target first: the column is named by its place in the file. A value outside [1, 2] is refused alike.
    List<String> targetFirst = new ArrayList<>();
    for (String line : lines) {
      int comma = line.lastIndexOf(',');
      targetFirst.add(line.substring(comma + 1) + "," + line.substring(0, comma).replace("24,1.5,", "24,3,"));
    }
    Path three = Files.write(dir.resolve("three.csv"), targetFirst);
    Run again = run("train", "--data", three.toString(), "--out", model.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("train: " + three + ", line 5, column 3 (sex): 3 is not one of the column's "
        + "categories [1, 2]\n");
    assertThat(model).doesNotExist();
  }

  @Test
  void theArtifactListsTheCodesOfEachCategoricalFeature() {
    Path model = dir.resolve("codes.json");
    assertThat(run("train", "--out", model.toString()).exit()).isZero();
    ModelArtifact artifact = ModelArtifactJson.read(model);
    assertThat(artifact.schemaVersion()).isEqualTo(5);
    assertThat(artifact.reference().moments().count()).isEqualTo(353);
    // The version the README and docs/model-artifact.md show (schema 1 wrote the same model as 23cd27602268).
    assertThat(artifact.modelVersion()).isEqualTo("bb1548420105");
    assertThat(artifact.features().get(1).categories()).containsExactly(1.0, 2.0);
    assertThat(artifact.features().get(2).categories()).isEmpty();
  }

  @Test
  void aMissingTargetAndAMissingFileAreNamed() throws IOException {
    Path data = Files.writeString(dir.resolve("nolabel.csv"), "a,b\n1,2\n");
    Run run = run("train", "--data", data.toString(), "--target", "y", "--out", dir.resolve("m.json").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(data + ", line 1: no target column 'y' in the header [a, b]");
    Run missing = run("train", "--data", dir.resolve("absent.csv").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("absent.csv: no such file");
  }

  @Test
  void invalidOptionsAreUsageErrors() {
    Run size = run("train", "--test-size", "1.5");
    assertThat(size.exit()).isEqualTo(2);
    assertThat(size.err()).contains("--test-size must be a fraction strictly between 0 and 1, was 1.5");
    Run seed = run("train", "--seed", "-1");
    assertThat(seed.exit()).isEqualTo(2);
    assertThat(seed.err()).contains("--seed must be between 0 and 4294967295, was -1");
  }

  @Test
  void eachRunIsLoggedLocallyAndToTheMlflowServerTheEnvironmentNames() throws IOException {
    Path model = dir.resolve("models/diabetes-lasso.json");
    try (FakeMlflowServer mlflow = FakeMlflowServer.start()) {
      Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", mlflow.uri(), "MLFLOW_TRACKING_TOKEN", "s3cr3t",
          RunLog.DIRECTORY_VARIABLE, dir.resolve("from-env").toString());
      Run run = run(env, "train", "--out", model.toString(), "--runs-dir", dir.resolve("runs").toString());
      assertThat(run.err()).isEmpty();
      assertThat(run.exit()).isZero();

      List<LoggedRun> logged = new RunLog(dir.resolve("runs")).read().runs();
      assertThat(logged).hasSize(1);
      assertThat(dir.resolve("from-env")).as("--runs-dir comes before DRIFTWATCH_RUNS_DIR").doesNotExist();
      LoggedRun entry = logged.get(0);
      MlflowResult result = entry.mlflow();
      FakeMlflowServer.Run tracked = mlflow.runs().get(result.runId());
      assertThat(tracked).as("the run log names MLflow's run").isNotNull();
      assertThat(run.out()).endsWith("Wrote " + model + " (model diabetes-lasso, version bb1548420105)\n"
          + "Run train-diabetes-lasso-bb1548420105 logged to " + dir.resolve("runs/runs.jsonl") + " (id "
          + entry.run().runId() + ")\n"
          + "tracking: MLflow run " + tracked.id + " in experiment driftwatch (" + mlflow.uri() + "/#/experiments/1/runs/"
          + tracked.id + ")\n");

      assertThat(entry.run().kind()).isEqualTo(RunKind.TRAIN);
      assertThat(entry.run().artifactPath()).isEqualTo(model);
      assertThat(entry.run().tag("model_version")).isEqualTo("bb1548420105");
      assertThat(result.status()).isEqualTo(MlflowResult.Status.TRACKED);
      assertThat(result.experimentId()).isEqualTo("1");
      assertThat(result.artifactUploaded()).isTrue();

      assertThat(tracked.status).isEqualTo("FINISHED");
      assertThat(tracked.name).isEqualTo("train-diabetes-lasso-bb1548420105");
      assertThat(tracked.params).isEqualTo(entry.run().params());
      assertThat(tracked.metrics).isEqualTo(entry.run().metrics());
      assertThat(tracked.metrics.get("test_rmse")).isBetween(53.685, 53.695);
      assertThat(tracked.tags).containsEntry("local_run_id", entry.run().runId())
          .containsEntry("model_version", "bb1548420105").containsEntry("mlflow.source.name", "driftwatch train")
          .containsEntry("data_source", "bundled:diabetes.csv").containsEntry("data_rows", "442");
      assertThat(mlflow.artifacts()).containsOnlyKeys("1/" + tracked.id + "/artifacts/model/diabetes-lasso.json");
      assertThat(mlflow.artifacts().values().iterator().next()).isEqualTo(Files.readAllBytes(model));
      assertThat(mlflow.requests()).allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization",
          "Bearer s3cr3t"));
    }
  }

  @Test
  void anUnreachableMlflowServerLeavesTheTrainingAndTheRunLogWhole() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    Path model = dir.resolve("m.json");
    Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:" + port,
        RunLog.DIRECTORY_VARIABLE, dir.resolve("runs").toString());
    Run run = run(env, "train", "--out", model.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(model).exists();
    String skipped = "tracking: MLflow skipped (experiments/get-by-name: cannot connect to http://127.0.0.1:" + port;
    assertThat(run.out()).contains("\nRun train-diabetes-lasso-bb1548420105 logged to " + dir.resolve("runs/runs.jsonl"))
        .contains("\n" + skipped);
    LoggedRun logged = new RunLog(dir.resolve("runs")).read().runs().get(0);
    assertThat(logged.mlflow().status()).isEqualTo(MlflowResult.Status.SKIPPED);
    assertThat("tracking: MLflow skipped (" + logged.mlflow().reason()).startsWith(skipped);
    assertThat(logged.mlflow().trackingUri()).isEqualTo("http://127.0.0.1:" + port);
  }

  @Test
  void versionNamesTheBuild() {
    Run run = run("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).matches("driftwatch \\d+\\.\\d+\\.\\d+\\S*( \\(commit [0-9a-f]{12}(, modified)?\\))?\n");
  }
}
