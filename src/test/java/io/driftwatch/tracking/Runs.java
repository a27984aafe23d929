package io.driftwatch.tracking;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Run records for tests, without training anything. */
final class Runs {

  static final Instant START = Instant.parse("2026-01-18T19:27:35.125Z");
  static final Instant END = Instant.parse("2026-01-18T19:27:43.250Z");

  private Runs() {}

  /** A train run as {@code train} records the notebook's model, its artifact at {@code artifact}. */
  static RunRecord notebook(String runId, Path artifact) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("alpha", "0.14174741629268048");
    params.put("alphas", "100");
    params.put("alpha_min", "0.001");
    params.put("alpha_max", "1");
    params.put("cv_folds", "10");
    params.put("selection", "cyclic");
    params.put("solver", "cd");
    params.put("penalty", "l1");
    params.put("max_iter", "10000");
    params.put("tol", "0.0001");
    params.put("random_state", "42");
    params.put("test_size", "0.2");
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("test_rmse", 53.68743341856302);
    metrics.put("test_r2", 0.4559724515479108);
    metrics.put("cv_rmse", 55.79828946310848);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("model_name", "diabetes-lasso");
    tags.put("model_version", "bb1548420105");
    tags.put("code_version", "0.1.0-SNAPSHOT");
    tags.put("git_commit", "284e92584364d136894949b39f1100e95e89a765");
    tags.put("git_dirty", "false");
    tags.put("data_source", "bundled:diabetes.csv");
    tags.put("data_rows", "442");
    tags.put("parent_model_version", null);
    tags.put("data_window", null);
    return new RunRecord(runId, "train-diabetes-lasso-bb1548420105", RunKind.TRAIN, START, END, params, metrics, tags,
        artifact);
  }
}
