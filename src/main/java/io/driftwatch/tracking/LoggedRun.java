package io.driftwatch.tracking;

import java.util.Objects;

/** One line of the run log: the run, and what became of it in MLflow. */
public record LoggedRun(RunRecord run, MlflowResult mlflow) {

  public LoggedRun {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(mlflow, "mlflow");
  }
}
