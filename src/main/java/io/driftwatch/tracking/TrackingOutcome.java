package io.driftwatch.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run was recorded: the run log (or why it could not be written) and MLflow (or why not).
 *
 * @param logged the run and its MLflow result, as appended to the run log
 * @param runLog the run log's file
 * @param runLogError why the run log could not be written, or null when it was
 */
public record TrackingOutcome(LoggedRun logged, Path runLog, String runLogError) {

  /** The lines to print, e.g. {@code Run train-diabetes-lasso-bb1548420105 logged to runs/runs.jsonl (id ...)} then MLflow's. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    RunRecord run = logged.run();
    lines.add(runLogError == null
        ? "Run " + run.runName() + " logged to " + runLog + " (id " + run.runId() + ")"
        : "tracking: run log not written (" + runLogError + ")");
    lines.add(logged.mlflow().line());
    return lines;
  }
}
