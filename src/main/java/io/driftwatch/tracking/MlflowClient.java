package io.driftwatch.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few calls of MLflow's REST API 2.0 that experiment tracking needs, over the JDK's HTTP client: experiments by
 * name and create, runs create, log-batch and update, and the artifact proxy's upload. Each call waits at most the
 * settings' timeouts and turns every failure into an {@link MlflowException} naming the call.
 *
 * <p>Why not MLflow's Java client ({@code org.mlflow:mlflow-client}): it is a shaded jar carrying its own protobuf,
 * Guava, Gson and Apache HttpClient (several MB for six calls), and it logs artifacts only by running the Python
 * {@code mlflow} command ({@code CliBasedArtifactRepository}), which a JVM service cannot count on. These calls are
 * plain JSON, and Jackson is already here.
 */
final class MlflowClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;

  private final MlflowSettings settings;
  private final HttpClient http;

  MlflowClient(MlflowSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** An experiment as {@code experiments/get-by-name} describes it. */
  record Experiment(String id, String name, String lifecycleStage) {}

  /** A run as {@code runs/create} returns it. */
  record CreatedRun(String runId, String experimentId, String artifactUri) {}

  /** {@code GET experiments/get-by-name}: the experiment, or null when the server has none by that name. */
  Experiment experimentByName(String name) {
    String call = "experiments/get-by-name";
    try {
      JsonNode answer = send(call, request("experiments/get-by-name?experiment_name=" + encode(name)).GET());
      JsonNode experiment = answer.path("experiment");
      return new Experiment(text(call, experiment, "experiment_id"), experiment.path("name").asText(name),
          experiment.path("lifecycle_stage").asText("active"));
    } catch (MlflowException e) {
      if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return null;
      }
      throw e;
    }
  }

  /** {@code POST experiments/create}: the new experiment's id. */
  String createExperiment(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    return text("experiments/create", send("experiments/create", post("experiments/create", body)), "experiment_id");
  }

  /** {@code POST runs/create}: a RUNNING run in the experiment. */
  CreatedRun createRun(String experimentId, String runName, long startTimeMillis, Map<String, String> tags) {
    ObjectNode body = JSON.createObjectNode()
        .put("experiment_id", experimentId)
        .put("run_name", runName)
        .put("start_time", startTimeMillis);
    body.set("tags", keyValues(tags));
    String call = "runs/create";
    JsonNode info = send(call, post(call, body)).path("run").path("info");
    String artifactUri = info.path("artifact_uri").isTextual() ? info.get("artifact_uri").asText() : null;
    return new CreatedRun(text(call, info, "run_id"), info.path("experiment_id").asText(experimentId), artifactUri);
  }

  /** {@code POST runs/log-batch}: params, metrics (each at {@code timestampMillis}, step 0) and tags in one call. */
  void logBatch(String runId, Map<String, Double> metrics, long timestampMillis, Map<String, String> params,
      Map<String, String> tags) {
    ObjectNode body = JSON.createObjectNode().put("run_id", runId);
    ArrayNode metricArray = body.putArray("metrics");
    metrics.forEach((key, value) ->
        metricArray.addObject().put("key", key).put("value", value).put("timestamp", timestampMillis).put("step", 0));
    body.set("params", keyValues(params));
    body.set("tags", keyValues(tags));
    send("runs/log-batch", post("runs/log-batch", body));
  }

  /** {@code POST runs/update}: the run's final status ({@code FINISHED} or {@code FAILED}) and end time. */
  void updateRun(String runId, String status, long endTimeMillis) {
    ObjectNode body = JSON.createObjectNode().put("run_id", runId).put("status", status).put("end_time", endTimeMillis);
    send("runs/update", post("runs/update", body));
  }

  /**
   * {@code PUT /api/2.0/mlflow-artifacts/artifacts/<root>/<path>}: uploads a file through the server's artifact
   * proxy ({@code mlflow server} serving artifacts, the default since MLflow 2.0).
   *
   * @param root the path of the run's {@code mlflow-artifacts:} URI, e.g. {@code 1/<run id>/artifacts}
   * @param path where under the run's artifacts, e.g. {@code model/diabetes-lasso.json}
   */
  void uploadArtifact(String root, String path, byte[] content) {
    StringBuilder target = new StringBuilder(settings.trackingUri().toString()).append("/api/2.0/mlflow-artifacts/artifacts");
    for (String segment : (root + "/" + path).split("/")) {
      if (!segment.isEmpty()) {
        target.append('/').append(encode(segment).replace("+", "%20"));
      }
    }
    HttpRequest.Builder put = authorized(HttpRequest.newBuilder(URI.create(target.toString())))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    send("mlflow-artifacts upload", put);
  }

  private HttpRequest.Builder request(String endpoint) {
    URI uri = URI.create(settings.trackingUri() + "/api/2.0/mlflow/" + endpoint);
    return authorized(HttpRequest.newBuilder(uri)).header("Accept", "application/json");
  }

  private HttpRequest.Builder post(String endpoint, ObjectNode body) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + endpoint + "'s request", e);
    }
    return request(endpoint).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    builder.timeout(settings.requestTimeout());
    if (settings.authorization() != null) {
      builder.header("Authorization", settings.authorization());
    }
    return builder;
  }

  private JsonNode send(String call, HttpRequest.Builder builder) {
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new MlflowException(call + ": no connection to " + settings.displayUri() + " within "
          + seconds(settings.connectTimeout()), 0, null, e);
    } catch (HttpTimeoutException e) {
      throw new MlflowException(call + ": no answer from " + settings.displayUri() + " within "
          + seconds(settings.requestTimeout()), 0, null, e);
    } catch (ConnectException e) {
      throw new MlflowException(call + ": cannot connect to " + settings.displayUri() + " ("
          + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", 0, null, e);
    } catch (IOException e) {
      throw new MlflowException(call + ": " + settings.displayUri() + ": " + describe(e), 0, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowException(call + ": interrupted", 0, null, e);
    }
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status / 100 != 2) {
      throw failure(call, status, body);
    }
    if (body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode answer = JSON.readTree(body);
      if (answer == null || !answer.isObject()) {
        throw new MlflowException(call + ": malformed response (not a JSON object): " + shortened(body), status, null,
            null);
      }
      return answer;
    } catch (JsonProcessingException e) {
      throw new MlflowException(call + ": malformed response (not JSON): " + shortened(body), status, null, e);
    }
  }

  /** An error status, with MLflow's {@code {"error_code": ..., "message": ...}} when the body is that. */
  private static MlflowException failure(String call, int status, String body) {
    String errorCode = null;
    // A web page, not MLflow's error JSON: the URI is likely not an MLflow server (or a proxy's page stands in front).
    String message = body.stripLeading().startsWith("<")
        ? shortened(body.replaceAll("(?s)<head>.*?</head>|<[^>]*>", " ")) + " (an HTML page, not MLflow's answer)"
        : shortened(body);
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.path("error_code").isTextual()) {
        errorCode = error.get("error_code").asText();
        message = shortened(error.path("message").asText(""));
      }
    } catch (JsonProcessingException e) {
      // Not MLflow's error JSON (a proxy's page, say): the body's start is the message.
    }
    return new MlflowException(call + ": HTTP " + status + (errorCode == null ? "" : " " + errorCode)
        + (message.isEmpty() ? "" : ": " + message), status, errorCode, null);
  }

  private static String text(String call, JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new MlflowException(call + ": malformed response (no " + field + ")", 200, null, null);
    }
    return value.asText();
  }

  private static ArrayNode keyValues(Map<String, String> entries) {
    ArrayNode array = JSON.createArrayNode();
    entries.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
    return array;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String shortened(String text) {
    String oneLine = String.join(" ", List.of(text.strip().split("\\s+")));
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
