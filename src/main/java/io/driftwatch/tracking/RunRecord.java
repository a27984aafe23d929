package io.driftwatch.tracking;

import io.driftwatch.core.model.Metrics;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.core.train.TrainingReport;
import io.driftwatch.core.train.TrainingResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One training run as experiment tracking records it, in MLflow's terms: string params, numeric metrics, string
 * tags, and the model artifact it wrote. The same record goes to the local run log and, when configured, to MLflow.
 *
 * @param runId this run's own id (32 hex digits, like MLflow's): the run log's key, tag {@code local_run_id} in MLflow
 * @param runName e.g. {@code train-diabetes-lasso-bb1548420105}
 * @param kind train or retrain
 * @param startTime when the run started (before the data was read); MLflow keeps milliseconds
 * @param endTime when the artifact was written
 * @param params hyperparameters, in order, named as scikit-learn names them ({@link #PARAMS})
 * @param metrics scores, in order, all finite ({@link #METRICS})
 * @param tags model, code and data lineage, in order; a value may be null ({@code parent_model_version} of a train
 *     run) ({@link #TAGS})
 * @param artifactPath where the model artifact was written
 */
public record RunRecord(
    String runId,
    String runName,
    RunKind kind,
    Instant startTime,
    Instant endTime,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, String> tags,
    Path artifactPath) {

  /** The params {@link #forTraining} records, in order. */
  public static final String[] PARAMS = {
    "alpha", "alphas", "alpha_min", "alpha_max", "cv_folds", "selection", "solver", "penalty", "max_iter", "tol",
    "random_state", "test_size"
  };
  /** The metrics {@link #forTraining} records, in order: the final model's, then the notebook's other models'. */
  public static final String[] METRICS = {
    "test_rmse", "test_r2", "cv_rmse", "cv_mse", "train_rmse", "train_r2", "oof_rmse", "coefficients_zeroed",
    "ols_test_rmse", "ols_test_r2", "ridge_test_rmse", "ridge_test_r2", "ridge_cv_rmse", "lasso_test_rmse",
    "lasso_test_r2", "ridgecv_alpha", "ridgecv_test_rmse", "ridgecv_test_r2"
  };
  /** The tags {@link #forTraining} records, in order. */
  public static final String[] TAGS = {
    "model_name", "model_version", "code_version", "git_commit", "git_dirty", "data_source", "data_rows",
    "parent_model_version", "data_window"
  };

  public RunRecord {
    requireText(runId, "run id");
    requireText(runName, "run name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(startTime, "start time");
    Objects.requireNonNull(endTime, "end time");
    Objects.requireNonNull(artifactPath, "artifact path");
    if (endTime.isBefore(startTime)) {
      throw new IllegalArgumentException("run " + runName + " ends (" + endTime + ") before it starts (" + startTime
          + ")");
    }
    params = ordered(params, "params");
    metrics = ordered(metrics, "metrics");
    tags = ordered(tags, "tags");
    for (Map.Entry<String, String> param : params.entrySet()) {
      Objects.requireNonNull(param.getValue(), () -> "param " + param.getKey() + " has no value");
    }
    for (Map.Entry<String, Double> metric : metrics.entrySet()) {
      if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
        throw new IllegalArgumentException("metric " + metric.getKey() + " must be finite, was " + metric.getValue());
      }
    }
  }

  /**
   * The record of a finished training: what {@code train} (and {@code retrain}) call once the artifact is written.
   * Metrics that came out non-finite (an R² on a constant target) are left out rather than recorded.
   *
   * @param kind train or retrain
   * @param result what {@link io.driftwatch.core.train.ModelTrainer#train} returned
   * @param artifactFile where the artifact was written
   * @param startedAt when the run started, before the data was read
   * @param endedAt when the artifact was written
   * @param code the code that trained it, usually {@link CodeVersion#ofThisBuild()}
   * @param lineage the model it replaces and the data window; {@link RunLineage#NONE} for {@code train}
   * @throws IllegalArgumentException a train run given a parent model or a data window
   */
  public static RunRecord forTraining(RunKind kind, TrainingResult result, Path artifactFile, Instant startedAt,
      Instant endedAt, CodeVersion code, RunLineage lineage) {
    if (kind == RunKind.TRAIN && !RunLineage.NONE.equals(lineage)) {
      throw new IllegalArgumentException("a train run has no parent model and no data window, got " + lineage);
    }
    TrainingReport report = result.report();
    TrainingOptions options = report.options();
    ModelArtifact artifact = result.artifact();
    double[] alphas = report.lassoSearch().alphasDescending();

    Map<String, String> params = new LinkedHashMap<>();
    params.put("alpha", plain(report.lassoCv().alpha()));
    params.put("alphas", Integer.toString(alphas.length));
    params.put("alpha_min", plain(min(alphas)));
    params.put("alpha_max", plain(max(alphas)));
    params.put("cv_folds", Integer.toString(options.cvFolds()));
    // The notebook's names for what our LASSO is: scikit-learn's cyclic coordinate descent on the L1 penalty.
    params.put("selection", "cyclic");
    params.put("solver", "cd");
    params.put("penalty", "l1");
    params.put("max_iter", Integer.toString(options.maxSweeps()));
    params.put("tol", plain(options.tol()));
    params.put("random_state", Long.toString(options.seed()));
    params.put("test_size", plain(options.testSize()));

    Map<String, Double> metrics = new LinkedHashMap<>();
    scores(metrics, "test", report.lassoCv().test());
    metrics.put("cv_rmse", Math.sqrt(report.lassoSearch().bestMse()));
    metrics.put("cv_mse", report.lassoSearch().bestMse());
    scores(metrics, "train", report.lassoCvTrain());
    metrics.put("oof_rmse", report.outOfFold().rmse());
    metrics.put("coefficients_zeroed", (double) report.zeroedFeatures().size());
    scores(metrics, "ols_test", report.ols().test());
    scores(metrics, "ridge_test", report.ridge().test());
    metrics.put("ridge_cv_rmse", report.ridgeCvRmse());
    scores(metrics, "lasso_test", report.lasso().test());
    metrics.put("ridgecv_alpha", report.ridgeCv().alpha());
    scores(metrics, "ridgecv_test", report.ridgeCv().test());
    metrics.values().removeIf(value -> !Double.isFinite(value));

    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("model_name", artifact.modelName());
    tags.put("model_version", artifact.modelVersion());
    tags.put("code_version", code.version());
    tags.put("git_commit", code.gitCommit());
    tags.put("git_dirty", code.gitDirty() == null ? null : code.gitDirty().toString());
    tags.put("data_source", report.dataSource());
    tags.put("data_rows", Integer.toString(report.rows()));
    tags.put("parent_model_version", lineage.parentModelVersion());
    tags.put("data_window", lineage.dataWindow() == null ? null : lineage.dataWindow().toString());

    String name = kind.label() + "-" + artifact.modelName() + "-" + artifact.modelVersion();
    return new RunRecord(newRunId(), name, kind, startedAt.truncatedTo(ChronoUnit.MILLIS),
        endedAt.truncatedTo(ChronoUnit.MILLIS), params, metrics, tags, artifactFile);
  }

  /** A fresh run id: 32 lowercase hex digits. */
  public static String newRunId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A tag's value, or null when absent or null. */
  public String tag(String key) {
    return tags.get(key);
  }

  /** A number as scikit-learn prints a parameter: {@code 0.0001}, {@code 1}, {@code 0.14174741629268056}. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void scores(Map<String, Double> metrics, String prefix, Metrics scores) {
    metrics.put(prefix + "_rmse", scores.rmse());
    metrics.put(prefix + "_r2", scores.r2());
  }

  private static <V> Map<String, V> ordered(Map<String, V> map, String what) {
    Objects.requireNonNull(map, what);
    LinkedHashMap<String, V> copy = new LinkedHashMap<>();
    for (Map.Entry<String, V> entry : map.entrySet()) {
      requireText(entry.getKey(), what + " key");
      copy.put(entry.getKey(), entry.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  private static double min(double[] values) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
