package io.driftwatch.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.testing.FakeMlflowServer;
import io.driftwatch.testing.FakeMlflowServer.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow's REST API as experiment tracking calls it, against {@link FakeMlflowServer}: the documented paths, methods,
 * bodies (exactly these fields) and headers, and every way the server can fail without failing the training.
 */
class MlflowTrackingTest {

  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration ANSWER = Duration.ofMillis(700);

  @TempDir Path dir;
  private FakeMlflowServer server;
  private Path artifact;
  private RunRecord run;

  @BeforeEach
  void startServer() throws IOException {
    server = FakeMlflowServer.start();
    artifact = Files.writeString(dir.resolve("diabetes-lasso.json"), "{\"schema_version\": 2, \"model_name\": "
        + "\"diabetes-lasso\"}\n");
    run = Runs.notebook("5d4b8c0f2e1a4b6c9d7e3f2a1b0c9d8e", artifact);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private MlflowResult log(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.putIfAbsent(MlflowSettings.TRACKING_URI, server.uri());
    MlflowSettings settings = MlflowSettings.fromEnvironment(env::get).withTimeouts(CONNECT, ANSWER);
    return new MlflowTracking(settings, "ana").log(run);
  }

  @Test
  void createsTheExperimentThenLogsTheRunItsArtifactAndFinishesIt() {
    MlflowResult result = log(Map.of(MlflowSettings.TRACKING_TOKEN, "s3cr3t"));

    FakeMlflowServer.Run logged = server.runs().values().iterator().next();
    String runId = logged.id;
    assertThat(server.calls()).containsExactly(
        "GET experiments/get-by-name",
        "POST experiments/create",
        "POST runs/create",
        "POST runs/log-batch",
        "PUT mlflow-artifacts/1/" + runId + "/artifacts/model/diabetes-lasso.json",
        "POST runs/update");
    for (Request request : server.requests()) {
      assertThat(request.headers()).as(request.call()).containsEntry("authorization", "Bearer s3cr3t");
      if (!request.method().equals("GET")) {
        assertThat(request.headers()).as(request.call()).containsEntry("content-type", "application/json");
      }
    }

    assertThat(server.request("GET experiments/get-by-name").query()).isEqualTo("experiment_name=driftwatch");
    Request createExperiment = server.request("POST experiments/create");
    assertThat(createExperiment.fields()).containsExactly("name");
    assertThat(createExperiment.json().get("name").asText()).isEqualTo("driftwatch");

    Request createRun = server.request("POST runs/create");
    assertThat(createRun.fields()).containsExactly("experiment_id", "run_name", "start_time", "tags");
    assertThat(createRun.json().get("experiment_id").asText()).isEqualTo("1");
    assertThat(createRun.json().get("run_name").asText()).isEqualTo("train-diabetes-lasso-bb1548420105");
    assertThat(createRun.json().get("start_time").isIntegralNumber()).isTrue();
    assertThat(createRun.json().get("start_time").asLong()).isEqualTo(Runs.START.toEpochMilli());
    assertThat(keyValues(createRun.json().get("tags"))).containsExactly(
        entry("mlflow.source.name", "driftwatch train"),
        entry("mlflow.source.type", "LOCAL"),
        entry("mlflow.source.git.commit", "284e92584364d136894949b39f1100e95e89a765"),
        entry("mlflow.user", "ana"),
        entry("kind", "train"),
        entry("local_run_id", run.runId()));

    Request batch = server.request("POST runs/log-batch");
    assertThat(batch.fields()).containsExactly("run_id", "metrics", "params", "tags");
    assertThat(batch.json().get("run_id").asText()).isEqualTo(runId);
    List<String> metricKeys = new ArrayList<>();
    for (JsonNode metric : batch.json().get("metrics")) {
      List<String> fields = new ArrayList<>();
      metric.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("key", "value", "timestamp", "step");
      assertThat(metric.get("value").isDouble()).isTrue();
      assertThat(metric.get("timestamp").asLong()).isEqualTo(Runs.END.toEpochMilli());
      assertThat(metric.get("step").asLong()).isZero();
      metricKeys.add(metric.get("key").asText());
    }
    assertThat(metricKeys).containsExactly("test_rmse", "test_r2", "cv_rmse");
    for (JsonNode param : batch.json().get("params")) {
      List<String> fields = new ArrayList<>();
      param.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("key", "value");
      assertThat(param.get("value").isTextual()).isTrue();
    }
    assertThat(keyValues(batch.json().get("params"))).isEqualTo(run.params());
    Map<String, String> batchTags = keyValues(batch.json().get("tags"));
    assertThat(batchTags).containsEntry("mlflow.runName", "train-diabetes-lasso-bb1548420105")
        .containsEntry("mlflow.source.name", "driftwatch train")
        .containsEntry("model_name", "diabetes-lasso")
        .containsEntry("model_version", "bb1548420105")
        .containsEntry("code_version", "0.1.0-SNAPSHOT")
        .containsEntry("data_source", "bundled:diabetes.csv")
        .containsEntry("data_rows", "442")
        .containsEntry("artifact_path", artifact.toString())
        .doesNotContainKeys("parent_model_version", "data_window", "artifact_upload");

    Request upload = server.request("PUT mlflow-artifacts/1/" + runId + "/artifacts/model/diabetes-lasso.json");
    assertThat(upload.body()).isEqualTo(bytes(artifact));

    Request update = server.request("POST runs/update");
    assertThat(update.fields()).containsExactly("run_id", "status", "end_time");
    assertThat(update.json().get("status").asText()).isEqualTo("FINISHED");
    assertThat(update.json().get("end_time").asLong()).isEqualTo(Runs.END.toEpochMilli());

    assertThat(logged.status).isEqualTo("FINISHED");
    assertThat(logged.metrics).containsEntry("test_rmse", 53.68743341856302).containsEntry("cv_rmse", 55.79828946310848);
    assertThat(logged.params).isEqualTo(run.params());

    assertThat(result.status()).isEqualTo(MlflowResult.Status.TRACKED);
    assertThat(result.runId()).isEqualTo(runId);
    assertThat(result.experimentId()).isEqualTo("1");
    assertThat(result.artifactUri()).isEqualTo("mlflow-artifacts:/1/" + runId + "/artifacts");
    assertThat(result.artifactUploaded()).isTrue();
    assertThat(result.line()).isEqualTo("tracking: MLflow run " + runId + " in experiment driftwatch ("
        + server.uri() + "/#/experiments/1/runs/" + runId + ")");
  }

  @Test
  void anExistingExperimentIsUsedAsItIsAndItsNameComesFromTheEnvironment() {
    server.addExperiment("diabetes lasso", "7", "active");
    MlflowResult result = log(Map.of(MlflowSettings.EXPERIMENT_NAME, "diabetes lasso"));

    assertThat(server.calls()).startsWith("GET experiments/get-by-name", "POST runs/create")
        .doesNotContain("POST experiments/create");
    assertThat(server.request("GET experiments/get-by-name").query()).isEqualTo("experiment_name=diabetes+lasso");
    assertThat(server.request("POST runs/create").json().get("experiment_id").asText()).isEqualTo("7");
    assertThat(server.request("POST runs/create").headers()).doesNotContainKey("authorization");
    assertThat(result.tracked()).isTrue();
    assertThat(result.experimentName()).isEqualTo("diabetes lasso");
    assertThat(result.runUrl()).isEqualTo(server.uri() + "/#/experiments/7/runs/" + result.runId());
  }

  @Test
  void anExperimentAnotherClientCreatesFirstIsLookedUpAgain() {
    server.raceTheNextCreate();
    MlflowResult result = log(Map.of());

    assertThat(server.calls()).startsWith(
        "GET experiments/get-by-name", "POST experiments/create", "GET experiments/get-by-name", "POST runs/create");
    assertThat(result.tracked()).isTrue();
    assertThat(result.experimentId()).isEqualTo(server.experiments().get("driftwatch"));
  }

  @Test
  void usernameAndPasswordAreSentAsBasicAuthAheadOfAToken() {
    String basic = "Basic " + Base64.getEncoder().encodeToString("ana:pa55".getBytes(StandardCharsets.UTF_8));
    server.requireAuthorization(basic);
    MlflowResult result = log(Map.of(MlflowSettings.TRACKING_USERNAME, "ana", MlflowSettings.TRACKING_PASSWORD, "pa55",
        MlflowSettings.TRACKING_TOKEN, "ignored"));
    assertThat(result.tracked()).isTrue();
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", basic));
  }

  @Test
  void refusedCredentialsSkipTrackingWithTheServersWords() {
    server.requireAuthorization("Bearer right");
    MlflowResult result = log(Map.of(MlflowSettings.TRACKING_TOKEN, "wrong"));
    assertThat(result.status()).isEqualTo(MlflowResult.Status.SKIPPED);
    assertThat(result.reason()).startsWith("experiments/get-by-name: HTTP 401: You are not authenticated.");
    assertThat(result.line()).startsWith("tracking: MLflow skipped (experiments/get-by-name: HTTP 401: ");
    assertThat(server.runs()).isEmpty();
  }

  @Test
  void anErrorBeforeTheRunExistsSkipsTrackingAndNamesTheCallAndMlflowsErrorCode() {
    server.failNext("POST runs/create", 403, "PERMISSION_DENIED",
        "Permission denied for experiment 1: user ana cannot edit it");
    MlflowResult result = log(Map.of());

    assertThat(result.status()).isEqualTo(MlflowResult.Status.SKIPPED);
    assertThat(result.reason()).isEqualTo(
        "runs/create: HTTP 403 PERMISSION_DENIED: Permission denied for experiment 1: user ana cannot edit it");
    assertThat(result.experimentId()).isEqualTo("1");
    assertThat(result.runId()).isNull();
    assertThat(server.runs()).isEmpty();
    assertThat(server.calls()).doesNotContain("POST runs/log-batch", "POST runs/update");
  }

  @Test
  void anErrorAfterTheRunExistsMarksItFailed() {
    server.failNext("POST runs/log-batch", 500, "INTERNAL_ERROR", "(sqlite3.OperationalError) database is locked");
    MlflowResult result = log(Map.of());

    FakeMlflowServer.Run created = server.runs().values().iterator().next();
    assertThat(server.calls()).endsWith("POST runs/log-batch", "POST runs/update");
    assertThat(server.request("POST runs/update").json().get("status").asText()).isEqualTo("FAILED");
    assertThat(created.status).isEqualTo("FAILED");
    assertThat(result.status()).isEqualTo(MlflowResult.Status.FAILED);
    assertThat(result.runId()).isEqualTo(created.id);
    assertThat(result.reason()).isEqualTo("runs/log-batch: HTTP 500 INTERNAL_ERROR: (sqlite3.OperationalError) "
        + "database is locked; run " + created.id + " in experiment driftwatch marked FAILED");
    assertThat(result.line()).isEqualTo("tracking: MLflow skipped (" + result.reason() + ")");
  }

  @Test
  void aRunThatCannotEvenBeMarkedFailedIsSaidToBeLeftRunning() {
    server.failNext("POST runs/log-batch", 500, "INTERNAL_ERROR", "boom");
    server.answerNext("POST runs/update", 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
    MlflowResult result = log(Map.of());
    assertThat(result.status()).isEqualTo(MlflowResult.Status.FAILED);
    assertThat(result.reason()).endsWith("left RUNNING (could not mark it FAILED: runs/update: HTTP 502: "
        + "502 Bad Gateway (an HTML page, not MLflow's answer))");
  }

  @Test
  void aFailedUploadMarksTheRunFailedAfterItsMetricsAreLogged() {
    server.failNext("PUT mlflow-artifacts", 503, "TEMPORARILY_UNAVAILABLE", "the artifact store is unreachable");
    MlflowResult result = log(Map.of());

    FakeMlflowServer.Run created = server.runs().get(result.runId());
    assertThat(server.calls()).endsWith("POST runs/log-batch",
        "PUT mlflow-artifacts/1/" + created.id + "/artifacts/model/diabetes-lasso.json", "POST runs/update");
    assertThat(created.metrics).containsKeys("test_rmse", "test_r2", "cv_rmse");
    assertThat(created.status).isEqualTo("FAILED");
    assertThat(result.status()).isEqualTo(MlflowResult.Status.FAILED);
    assertThat(result.reason()).isEqualTo("mlflow-artifacts upload: HTTP 503 TEMPORARILY_UNAVAILABLE: the artifact "
        + "store is unreachable; run " + created.id + " in experiment driftwatch marked FAILED");
  }

  @Test
  void anArtifactStoreBehindNoProxyKeepsTheArtifactLocalAndSaysWhere() {
    server.storeArtifactsAt("s3://mlflow-artifacts-bucket/%s/%s/artifacts");
    MlflowResult result = log(Map.of());

    assertThat(server.calls()).noneMatch(call -> call.startsWith("PUT"));
    assertThat(result.status()).isEqualTo(MlflowResult.Status.TRACKED);
    assertThat(result.artifactUploaded()).isFalse();
    String note = "the server stores this run's artifacts at s3://mlflow-artifacts-bucket/1/" + result.runId()
        + "/artifacts, which only its mlflow-artifacts proxy would let us write over HTTP; tag artifact_path holds the "
        + "local path";
    assertThat(result.artifactNote()).isEqualTo(note);
    assertThat(result.line()).endsWith("/runs/" + result.runId() + "); artifact not uploaded: " + note);
    assertThat(server.runs().get(result.runId()).tags).containsEntry("artifact_upload", note)
        .containsEntry("artifact_path", artifact.toString());
    assertThat(server.runs().get(result.runId()).status).isEqualTo("FINISHED");
  }

  @Test
  void aDeletedExperimentIsNotWrittenTo() {
    server.addExperiment("driftwatch", "4", "deleted");
    MlflowResult result = log(Map.of());
    assertThat(result.status()).isEqualTo(MlflowResult.Status.SKIPPED);
    assertThat(result.reason()).isEqualTo("experiment 'driftwatch' is deleted: restore it in MLflow or set "
        + "MLFLOW_EXPERIMENT_NAME to another name");
    assertThat(server.calls()).containsExactly("GET experiments/get-by-name");
  }

  @Test
  void answersThatAreNotWhatTheApiDocumentsSkipTracking() {
    server.answerNext("POST runs/create", 200, "text/html", "<html>Sign in to continue</html>");
    MlflowResult html = log(Map.of());
    assertThat(html.reason()).isEqualTo("runs/create: malformed response (not JSON): <html>Sign in to continue</html>");

    server.answerNext("POST runs/create", 200, "application/json", "{\"run\": {\"info\": {\"status\": \"RUNNING\"}}}");
    MlflowResult noId = log(Map.of());
    assertThat(noId.reason()).isEqualTo("runs/create: malformed response (no run_id)");

    server.answerNext("GET experiments/get-by-name", 200, "application/json", "[]");
    MlflowResult array = log(Map.of());
    assertThat(array.reason()).isEqualTo("experiments/get-by-name: malformed response (not a JSON object): []");
    assertThat(server.runs()).isEmpty();
  }

  @Test
  void aServerThatAcceptsButNeverAnswersIsGivenUpOnAfterTheRequestTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long started = System.nanoTime();
      MlflowResult result = log(Map.of(MlflowSettings.TRACKING_URI, "http://127.0.0.1:" + silent.getLocalPort()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(result.status()).isEqualTo(MlflowResult.Status.SKIPPED);
      assertThat(result.reason()).isEqualTo("experiments/get-by-name: no answer from http://127.0.0.1:"
          + silent.getLocalPort() + " within 700 ms");
      assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aPortNobodyListensOnIsReportedAtOnce() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    MlflowResult result = log(Map.of(MlflowSettings.TRACKING_URI, "http://127.0.0.1:" + port + "/"));
    assertThat(result.status()).isEqualTo(MlflowResult.Status.SKIPPED);
    assertThat(result.reason()).startsWith("experiments/get-by-name: cannot connect to http://127.0.0.1:" + port + " (");
    assertThat(result.trackingUri()).isEqualTo("http://127.0.0.1:" + port);
  }

  @Test
  void settingsNeverShowCredentialsAndRefuseWhatIsNoHttpServer() {
    MlflowSettings settings = MlflowSettings.fromEnvironment(Map.of(
        MlflowSettings.TRACKING_URI, "https://ana:pa55@mlflow.example.org/tracking/",
        MlflowSettings.TRACKING_TOKEN, "s3cr3t")::get);
    assertThat(settings.trackingUri().toString()).isEqualTo("https://ana:pa55@mlflow.example.org/tracking");
    assertThat(settings.displayUri()).isEqualTo("https://mlflow.example.org/tracking");
    assertThat(settings.toString()).doesNotContain("s3cr3t", "pa55").contains("Bearer auth");
    assertThat(settings.experimentName()).isEqualTo("driftwatch");
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(MlflowSettings.fromEnvironment(Map.of(MlflowSettings.TRACKING_URI, " ")::get)).isNull();

    Map<String, String> env = new LinkedHashMap<>();
    env.put(MlflowSettings.TRACKING_URI, "file:./mlruns");
    ExperimentTracker tracker = ExperimentTracker.fromEnvironment(dir.resolve("runs"), env::get);
    TrackingOutcome outcome = tracker.track(run);
    assertThat(outcome.logged().mlflow().reason()).isEqualTo("MLFLOW_TRACKING_URI 'file:./mlruns' is not an http(s) "
        + "URL: driftwatch logs runs to a tracking server through its REST API");
    assertThat(outcome.lines()).containsExactly(
        "Run train-diabetes-lasso-bb1548420105 logged to " + dir.resolve("runs/runs.jsonl") + " (id " + run.runId() + ")",
        "tracking: MLflow skipped (MLFLOW_TRACKING_URI 'file:./mlruns' is not an http(s) URL: driftwatch logs runs "
            + "to a tracking server through its REST API)");
  }

  @Test
  void theTrackerRecordsEveryRunLocallyWithWhatBecameOfItInMlflow() throws IOException {
    Map<String, String> env = Map.of(MlflowSettings.TRACKING_URI, server.uri(), RunLog.DIRECTORY_VARIABLE,
        dir.resolve("from-env").toString(), "USER", "ana");
    TrackingOutcome tracked = ExperimentTracker.fromEnvironment(null, env::get).track(run);
    assertThat(tracked.runLogError()).isNull();
    assertThat(tracked.runLog()).isEqualTo(dir.resolve("from-env/runs.jsonl"));
    LoggedRun read = new RunLog(dir.resolve("from-env")).read().runs().get(0);
    assertThat(read).isEqualTo(tracked.logged());
    assertThat(read.mlflow().runId()).isEqualTo(server.runs().keySet().iterator().next());
    assertThat(server.runs().get(read.mlflow().runId()).tags).containsEntry("mlflow.user", "ana");

    Path notADirectory = Files.writeString(dir.resolve("taken"), "a file");
    TrackingOutcome unwritable = ExperimentTracker.fromEnvironment(notADirectory, Map.<String, String>of()::get)
        .track(run);
    assertThat(unwritable.runLogError()).startsWith(notADirectory.resolve("runs.jsonl") + ": cannot append the run (");
    assertThat(unwritable.lines().get(0)).startsWith("tracking: run log not written (");
    assertThat(unwritable.lines().get(1)).isEqualTo("tracking: MLflow skipped (MLFLOW_TRACKING_URI is not set)");
  }

  private static Map<String, String> keyValues(JsonNode array) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (JsonNode entry : array) {
      entries.put(entry.get("key").asText(), entry.get("value").asText());
    }
    return entries;
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
