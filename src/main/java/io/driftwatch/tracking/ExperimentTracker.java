package io.driftwatch.tracking;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Records training runs: always in the local run log, and in MLflow when {@code MLFLOW_TRACKING_URI} is set. Never
 * fails the training it records: an unreachable or failing server, or an unwritable run log, only changes what
 * {@link TrackingOutcome#lines()} says.
 *
 * <p>{@code train} and {@code retrain} both do the same:
 *
 * <pre>{@code
 * RunRecord run = RunRecord.forTraining(RunKind.RETRAIN, result, artifactFile, startedAt, clock.instant(),
 *     CodeVersion.ofThisBuild(), new RunLineage(parent.modelVersion(), new DataWindow(from, to)));
 * TrackingOutcome outcome = ExperimentTracker.fromEnvironment(runsDirOption, System::getenv).track(run);
 * outcome.lines().forEach(stdout::println);
 * }</pre>
 */
public final class ExperimentTracker {

  private static final String[] USER_VARIABLES = {"LOGNAME", "USER", "LNAME", "USERNAME"};

  private final RunLog runLog;
  private final MlflowTracking mlflow;
  private final MlflowResult mlflowOff;

  /**
   * @param runLog where every run goes
   * @param mlflow the MLflow server, or null
   * @param mlflowOff why MLflow is not used, when {@code mlflow} is null
   */
  public ExperimentTracker(RunLog runLog, MlflowTracking mlflow, MlflowResult mlflowOff) {
    if (mlflow == null && mlflowOff == null) {
      throw new IllegalArgumentException("without MLflow, say why");
    }
    this.runLog = runLog;
    this.mlflow = mlflow;
    this.mlflowOff = mlflowOff;
  }

  /**
   * A tracker configured from the environment: the run log in {@link RunLog#directory}, MLflow from
   * {@link MlflowSettings#fromEnvironment} with its default timeouts (connect 3 s, each answer 10 s).
   *
   * @param runsDirOption {@code --runs-dir}, or null
   * @param env looks an environment variable up ({@code System::getenv}; a map's {@code get} in tests)
   */
  public static ExperimentTracker fromEnvironment(Path runsDirOption, Function<String, String> env) {
    return fromEnvironment(runsDirOption, env, MlflowSettings.CONNECT_TIMEOUT, MlflowSettings.REQUEST_TIMEOUT);
  }

  /** As {@link #fromEnvironment(Path, Function)} with other timeouts (tests). */
  public static ExperimentTracker fromEnvironment(
      Path runsDirOption, Function<String, String> env, Duration connectTimeout, Duration requestTimeout) {
    RunLog runLog = new RunLog(RunLog.directory(runsDirOption, env));
    MlflowSettings settings;
    try {
      settings = MlflowSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      return new ExperimentTracker(runLog, null, MlflowResult.skipped(e.getMessage(), null, null, null));
    }
    if (settings == null) {
      return new ExperimentTracker(runLog, null,
          MlflowResult.skipped(MlflowSettings.TRACKING_URI + " is not set", null, null, null));
    }
    return new ExperimentTracker(
        runLog, new MlflowTracking(settings.withTimeouts(connectTimeout, requestTimeout), user(env)), null);
  }

  public RunLog runLog() {
    return runLog;
  }

  /** Logs the run to MLflow (when configured), then appends it, with MLflow's result, to the run log. */
  public TrackingOutcome track(RunRecord run) {
    MlflowResult result;
    try {
      result = mlflow == null ? mlflowOff : mlflow.log(run);
    } catch (RuntimeException e) {
      // MlflowTracking turns the server's failures into results; anything else is a bug, and still not training's.
      result = MlflowResult.skipped("unexpected " + e, mlflow.settings().displayUri(),
          mlflow.settings().experimentName(), null);
    }
    LoggedRun logged = new LoggedRun(run, result);
    try {
      runLog.append(logged);
      return new TrackingOutcome(logged, runLog.file(), null);
    } catch (UncheckedIOException e) {
      return new TrackingOutcome(logged, runLog.file(), e.getMessage());
    }
  }

  private static String user(Function<String, String> env) {
    for (String variable : USER_VARIABLES) {
      String value = env.apply(variable);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
