package io.driftwatch.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.core.train.TrainingResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a run records of the notebook's training: the notebook's params and scores, and the model's lineage. */
class RunRecordTest {

  private static final Instant STARTED = Instant.parse("2026-01-18T19:27:35.125999Z");
  private static final Instant ENDED = Instant.parse("2026-01-18T19:27:43.250001Z");
  private static final CodeVersion CODE = new CodeVersion("0.1.0-SNAPSHOT", "284e92584364d136894949b39f1100e95e89a765",
      false);
  private static TrainingResult notebook;

  @BeforeAll
  static void train() {
    notebook = ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults());
  }

  @Test
  void aTrainRunRecordsTheNotebooksParamsScoresAndModel() {
    Path artifact = Path.of("models/diabetes-lasso.json");
    RunRecord run = RunRecord.forTraining(RunKind.TRAIN, notebook, artifact, STARTED, ENDED, CODE, RunLineage.NONE);

    assertThat(run.runId()).matches("[0-9a-f]{32}");
    assertThat(run.runName()).isEqualTo("train-diabetes-lasso-bb1548420105");
    assertThat(run.kind()).isEqualTo(RunKind.TRAIN);
    assertThat(run.startTime()).isEqualTo(Instant.parse("2026-01-18T19:27:35.125Z"));
    assertThat(run.endTime()).isEqualTo(Instant.parse("2026-01-18T19:27:43.250Z"));
    assertThat(run.artifactPath()).isEqualTo(artifact);

    assertThat(run.params().keySet()).containsExactly(RunRecord.PARAMS);
    assertThat(run.params()).containsEntry("alphas", "100").containsEntry("alpha_min", "0.001")
        .containsEntry("alpha_max", "1").containsEntry("cv_folds", "10").containsEntry("selection", "cyclic")
        .containsEntry("solver", "cd").containsEntry("penalty", "l1").containsEntry("max_iter", "10000")
        .containsEntry("tol", "0.0001").containsEntry("random_state", "42").containsEntry("test_size", "0.2");
    assertThat(Double.parseDouble(run.params().get("alpha"))).isCloseTo(0.1417, within(5e-5));

    // The numbers `train` prints (README): LassoCV 53.69 / 0.46 / 55.80, OLS 53.85, Ridge CV 55.92, 1 zeroed.
    assertThat(run.metrics().keySet()).containsExactly(RunRecord.METRICS);
    assertThat(run.metrics().get("test_rmse")).isCloseTo(53.69, within(0.005));
    assertThat(run.metrics().get("test_r2")).isCloseTo(0.46, within(0.005));
    assertThat(run.metrics().get("cv_rmse")).isCloseTo(55.80, within(0.005));
    assertThat(run.metrics().get("cv_mse")).isCloseTo(3113.45, within(0.005));
    assertThat(run.metrics().get("train_rmse")).isCloseTo(53.61, within(0.005));
    assertThat(run.metrics().get("oof_rmse")).isCloseTo(55.78, within(0.005));
    assertThat(run.metrics().get("coefficients_zeroed")).isEqualTo(1.0);
    assertThat(run.metrics().get("ols_test_rmse")).isCloseTo(53.85, within(0.005));
    assertThat(run.metrics().get("ridge_cv_rmse")).isCloseTo(55.92, within(0.005));
    assertThat(run.metrics().get("lasso_test_rmse")).isCloseTo(53.71, within(0.005));
    assertThat(run.metrics().get("ridgecv_alpha")).isCloseTo(55.9081, within(5e-5));

    assertThat(run.tags().keySet()).containsExactly(RunRecord.TAGS);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("model_name", "diabetes-lasso");
    expected.put("model_version", "bb1548420105");
    expected.put("code_version", "0.1.0-SNAPSHOT");
    expected.put("git_commit", "284e92584364d136894949b39f1100e95e89a765");
    expected.put("git_dirty", "false");
    expected.put("data_source", "bundled:diabetes.csv");
    expected.put("data_rows", "442");
    expected.put("parent_model_version", null);
    expected.put("data_window", null);
    assertThat(run.tags()).isEqualTo(expected);
  }

  @Test
  void aRetrainRunNamesItsParentModelAndDataWindow() {
    DataWindow window = new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));
    RunRecord run = RunRecord.forTraining(RunKind.RETRAIN, notebook, Path.of("m.json"), STARTED, ENDED,
        new CodeVersion("0.2.0", null, null), new RunLineage("23cd27602268", window));
    assertThat(run.runName()).isEqualTo("retrain-diabetes-lasso-bb1548420105");
    assertThat(run.tags()).containsEntry("parent_model_version", "23cd27602268")
        .containsEntry("data_window", "2026-01-01T00:00:00Z/2026-02-01T00:00:00Z")
        .containsEntry("git_commit", null).containsEntry("git_dirty", null).containsEntry("code_version", "0.2.0");
    assertThat(DataWindow.parse(run.tag("data_window"))).isEqualTo(window);
  }

  @Test
  void whatARunCannotBe() {
    assertThatThrownBy(() -> RunRecord.forTraining(RunKind.TRAIN, notebook, Path.of("m.json"), STARTED, ENDED, CODE,
        new RunLineage("23cd27602268", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a train run has no parent model and no data window");
    RunRecord run = Runs.notebook("a1", Path.of("m.json"));
    assertThatThrownBy(() -> new RunRecord("a1", run.runName(), run.kind(), ENDED, STARTED, run.params(),
        run.metrics(), run.tags(), run.artifactPath()))
        .hasMessageContaining("ends (2026-01-18T19:27:35.125999Z) before it starts");
    assertThatThrownBy(() -> new RunRecord("a1", run.runName(), run.kind(), STARTED, ENDED, run.params(),
        Map.of("test_r2", Double.NaN), run.tags(), run.artifactPath()))
        .hasMessage("metric test_r2 must be finite, was NaN");
    assertThatThrownBy(() -> new DataWindow(ENDED, STARTED)).hasMessageStartingWith("a data window must end after");
    assertThatThrownBy(() -> RunKind.ofLabel("serve")).hasMessage("unknown run kind 'serve' (accepted: train, retrain)");
  }

  @Test
  void theBuildRecordsItsVersionAndCommit() throws Exception {
    CodeVersion code = CodeVersion.ofThisBuild();
    String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
    String projectVersion = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>"));
    assertThat(code.version()).isEqualTo(projectVersion);
    String head = gitHead();
    if (head != null) {
      // The commit of this checkout, also in a linked worktree (the build's git-commit profile).
      assertThat(code.gitCommit()).isEqualTo(head);
    }
    if (code.gitCommit() != null) {
      assertThat(code.gitCommit()).matches("[0-9a-f]{40}");
      assertThat(code.gitDirty()).isNotNull();
      assertThat(code.describe()).startsWith(projectVersion + " (commit " + code.gitCommit().substring(0, 12));
    } else {
      assertThat(code.describe()).isEqualTo(projectVersion);
    }
    assertThat(new CodeVersion("1.0", "284e92584364d136894949b39f1100e95e89a765", true).describe())
        .isEqualTo("1.0 (commit 284e92584364, modified)");
  }

  /** {@code git rev-parse HEAD} here, or null outside a checkout or without git. */
  private static String gitHead() throws InterruptedException {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
