package io.driftwatch.tracking;

import java.util.Objects;

/**
 * Whether a run reached MLflow, and where, or why not: recorded in the run log beside the run, and told to the user
 * in one line ({@link #line()}).
 *
 * @param status tracked, skipped (nothing was created, or MLflow is not configured) or failed (a run was created,
 *     then a later call failed: it is marked FAILED where the server lets us)
 * @param reason why it was skipped or failed; null when tracked
 * @param trackingUri the server, without credentials; null when not configured
 * @param experimentName the experiment, when known
 * @param experimentId the experiment's id, when known
 * @param runId MLflow's id of the run, once created
 * @param runUrl the run's page in the MLflow UI, once created
 * @param artifactUri where the server keeps the run's artifacts ({@code artifact_uri}), once created
 * @param artifactUploaded whether the model artifact was uploaded through the server's {@code mlflow-artifacts} proxy
 * @param artifactNote why the artifact was not uploaded, when it was not and the run was tracked
 */
public record MlflowResult(
    Status status,
    String reason,
    String trackingUri,
    String experimentName,
    String experimentId,
    String runId,
    String runUrl,
    String artifactUri,
    boolean artifactUploaded,
    String artifactNote) {

  /** What became of the run in MLflow. */
  public enum Status {
    TRACKED,
    SKIPPED,
    FAILED
  }

  public MlflowResult {
    Objects.requireNonNull(status, "status");
    if (status == Status.TRACKED ? runId == null : reason == null) {
      throw new IllegalArgumentException(
          status == Status.TRACKED ? "a tracked run needs its MLflow run id" : "a " + status + " run needs a reason");
    }
  }

  /** MLflow was not configured, or refused before any run existed. */
  public static MlflowResult skipped(String reason, String trackingUri, String experimentName, String experimentId) {
    return new MlflowResult(Status.SKIPPED, reason, trackingUri, experimentName, experimentId, null, null, null, false,
        null);
  }

  public boolean tracked() {
    return status == Status.TRACKED;
  }

  /**
   * What {@code train} prints: {@code tracking: MLflow run <id> in experiment <name> (<ui url>)}, with a note when the
   * artifact stayed local, or {@code tracking: MLflow skipped (<reason>)}.
   */
  public String line() {
    if (status == Status.TRACKED) {
      return "tracking: MLflow run " + runId + " in experiment " + experimentName + " (" + runUrl + ")"
          + (artifactUploaded ? "" : "; artifact not uploaded: " + artifactNote);
    }
    return "tracking: MLflow skipped (" + reason + ")";
  }
}
