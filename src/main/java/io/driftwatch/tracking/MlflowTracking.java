package io.driftwatch.tracking;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs one {@link RunRecord} to an MLflow tracking server: finds or creates the experiment, creates the run, logs its
 * params, metrics and tags in one batch, uploads the model artifact when the server proxies artifacts, and finishes
 * the run. Never throws for the server's sake: whatever goes wrong becomes the {@link MlflowResult}'s reason, and a
 * run that was created before the failure is marked FAILED where the server lets us.
 */
public final class MlflowTracking {

  /** Where under the run's artifacts the model goes, as {@code mlflow.sklearn.log_model(model, "model")} put it. */
  public static final String ARTIFACT_DIRECTORY = "model";

  private static final String PROXY_SCHEME = "mlflow-artifacts";

  private final MlflowSettings settings;
  private final MlflowClient client;
  private final String user;

  /**
   * @param settings the server, experiment and credentials
   * @param user who runs it (tag {@code mlflow.user}), or null
   */
  public MlflowTracking(MlflowSettings settings, String user) {
    this.settings = settings;
    this.client = new MlflowClient(settings);
    this.user = user;
  }

  public MlflowSettings settings() {
    return settings;
  }

  /** Logs the run; the result says where it went, or why it did not. */
  public MlflowResult log(RunRecord run) {
    String uri = settings.displayUri();
    String experimentName = settings.experimentName();
    String experimentId = null;
    MlflowClient.CreatedRun created;
    try {
      MlflowClient.Experiment experiment = experiment(experimentName);
      experimentId = experiment.id();
      if ("deleted".equals(experiment.lifecycleStage())) {
        return MlflowResult.skipped("experiment '" + experimentName + "' is deleted: restore it in MLflow or set "
            + MlflowSettings.EXPERIMENT_NAME + " to another name", uri, experimentName, experimentId);
      }
      created = client.createRun(experimentId, run.runName(), run.startTime().toEpochMilli(), createTags(run));
    } catch (MlflowException e) {
      return MlflowResult.skipped(e.getMessage(), uri, experimentName, experimentId);
    }

    String runId = created.runId();
    String runUrl = settings.runUrl(experimentId, runId);
    Upload upload = upload(created.artifactUri(), run.artifactPath());
    try {
      client.logBatch(runId, run.metrics(), run.endTime().toEpochMilli(), run.params(), batchTags(run, upload));
      if (upload.content() != null) {
        client.uploadArtifact(upload.root(), ARTIFACT_DIRECTORY + "/" + run.artifactPath().getFileName(),
            upload.content());
      }
      client.updateRun(runId, "FINISHED", run.endTime().toEpochMilli());
    } catch (MlflowException e) {
      String reason = e.getMessage() + "; run " + runId + " in experiment " + experimentName + " "
          + markFailed(runId, run);
      return new MlflowResult(MlflowResult.Status.FAILED, reason, uri, experimentName, experimentId, runId, runUrl,
          created.artifactUri(), false, null);
    }
    return new MlflowResult(MlflowResult.Status.TRACKED, null, uri, experimentName, experimentId, runId, runUrl,
        created.artifactUri(), upload.content() != null, upload.note());
  }

  /** The experiment by name, created when missing; another client creating it first is fine. */
  private MlflowClient.Experiment experiment(String name) {
    MlflowClient.Experiment experiment = client.experimentByName(name);
    if (experiment != null) {
      return experiment;
    }
    try {
      return new MlflowClient.Experiment(client.createExperiment(name), name, "active");
    } catch (MlflowException e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        throw e;
      }
      MlflowClient.Experiment raced = client.experimentByName(name);
      if (raced == null) {
        throw new MlflowException("experiments/get-by-name: '" + name + "' neither exists nor can be created ("
            + e.getMessage() + ")", e.httpStatus(), e.errorCode(), e);
      }
      return raced;
    }
  }

  private String markFailed(String runId, RunRecord run) {
    try {
      client.updateRun(runId, "FAILED", run.endTime().toEpochMilli());
      return "marked FAILED";
    } catch (MlflowException e) {
      return "left RUNNING (could not mark it FAILED: " + e.getMessage() + ")";
    }
  }

  /** The artifact to upload (content and the proxy path), or why it stays local (note). */
  private record Upload(String root, byte[] content, String note) {}

  private static Upload upload(String artifactUri, Path artifact) {
    if (artifactUri == null) {
      return new Upload(null, null, "the server gave the run no artifact_uri; tag artifact_path holds the local path");
    }
    URI parsed;
    try {
      parsed = URI.create(artifactUri);
    } catch (IllegalArgumentException e) {
      return new Upload(null, null, "the run's artifact_uri '" + artifactUri + "' is not a URI; tag artifact_path "
          + "holds the local path");
    }
    if (!PROXY_SCHEME.equals(parsed.getScheme()) || parsed.getPath() == null) {
      return new Upload(null, null, "the server stores this run's artifacts at " + artifactUri + ", which only its "
          + "mlflow-artifacts proxy would let us write over HTTP; tag artifact_path holds the local path");
    }
    try {
      return new Upload(parsed.getPath(), Files.readAllBytes(artifact), null);
    } catch (IOException e) {
      return new Upload(null, null, "cannot read " + artifact + " (" + e.getMessage() + ")");
    }
  }

  /** Tags set when the run is created: where it comes from. */
  private Map<String, String> createTags(RunRecord run) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("mlflow.source.name", "driftwatch " + run.kind().label());
    tags.put("mlflow.source.type", "LOCAL");
    putIfKnown(tags, "mlflow.source.git.commit", run.tag("git_commit"));
    putIfKnown(tags, "mlflow.user", user);
    tags.put("kind", run.kind().label());
    tags.put("local_run_id", run.runId());
    return tags;
  }

  /** Every tag: MLflow's own, the record's (model, code, data, lineage) and where the artifact is. */
  private Map<String, String> batchTags(RunRecord run, Upload upload) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("mlflow.runName", run.runName());
    tags.putAll(createTags(run));
    run.tags().forEach((key, value) -> putIfKnown(tags, key, value));
    tags.put("artifact_path", run.artifactPath().toString());
    putIfKnown(tags, "artifact_upload", upload.note());
    return tags;
  }

  private static void putIfKnown(Map<String, String> tags, String key, String value) {
    if (value != null) {
      tags.put(key, value);
    }
  }
}
