package io.driftwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MLflow tracking server in the test's JVM, on loopback: the REST API 2.0 calls experiment tracking makes, answered
 * as MLflow 2.x answers them (bodies, status codes, {@code {"error_code": ..., "message": ...}} errors), with what it
 * received kept for the test to check. Validates like the real server: POST bodies must be
 * {@code application/json}, required fields present, runs and experiments known; a param cannot change value.
 */
public final class FakeMlflowServer implements AutoCloseable {

  public static final String API = "/api/2.0/mlflow/";
  public static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received: method, path, raw query, headers (names lowercased, first value), body. */
  public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The names of the body's top-level fields, in order. */
    public List<String> fields() {
      List<String> names = new ArrayList<>();
      json().fieldNames().forEachRemaining(names::add);
      return names;
    }

    /** e.g. {@code POST runs/create}, or {@code PUT mlflow-artifacts/1/<run>/artifacts/model/m.json}. */
    public String call() {
      String endpoint = path.startsWith(API) ? path.substring(API.length())
          : path.startsWith(ARTIFACTS) ? "mlflow-artifacts/" + path.substring(ARTIFACTS.length()) : path;
      return method + " " + endpoint;
    }
  }

  /** A run as the server keeps it. */
  public static final class Run {
    public final String id;
    public final String experimentId;
    public final String name;
    public final long startTime;
    public String status = "RUNNING";
    public Long endTime;
    public final Map<String, String> params = new LinkedHashMap<>();
    public final Map<String, Double> metrics = new LinkedHashMap<>();
    public final Map<String, String> tags = new LinkedHashMap<>();

    Run(String id, String experimentId, String name, long startTime) {
      this.id = id;
      this.experimentId = experimentId;
      this.name = name;
      this.startTime = startTime;
    }
  }

  private record Canned(int status, String contentType, String body) {}

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> experimentIds = new LinkedHashMap<>();
  private final Map<String, String> lifecycle = new HashMap<>();
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
  private final Map<String, Deque<Canned>> canned = new HashMap<>();
  private final AtomicInteger nextExperimentId = new AtomicInteger(1);
  private String artifactRoot = "mlflow-artifacts:/%s/%s/artifacts";
  private String requiredAuthorization;
  private boolean createRace;

  private FakeMlflowServer(HttpServer server) {
    this.server = server;
  }

  /** A server on a free loopback port, with MLflow's default experiment {@code 0}. */
  public static FakeMlflowServer start() {
    try {
      FakeMlflowServer fake = new FakeMlflowServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
      fake.addExperiment("Default", "0", "active");
      fake.server.createContext("/", fake::handle);
      fake.server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tracking URI, e.g. {@code http://127.0.0.1:41234}. */
  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized void addExperiment(String name, String id, String lifecycleStage) {
    experimentIds.put(name, id);
    lifecycle.put(id, lifecycleStage);
    nextExperimentId.set(Math.max(nextExperimentId.get(), Integer.parseInt(id) + 1));
  }

  /**
   * The next {@code method endpoint} (e.g. {@code POST runs/log-batch}; {@code PUT mlflow-artifacts} for any upload)
   * answers MLflow's error JSON instead.
   */
  public synchronized void failNext(String call, int status, String errorCode, String message) {
    ObjectNode error = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
    answerNext(call, status, "application/json", error.toString());
  }

  /** The next {@code method endpoint} answers this, whatever it is. */
  public synchronized void answerNext(String call, int status, String contentType, String body) {
    canned.computeIfAbsent(call, key -> new ArrayDeque<>()).add(new Canned(status, contentType, body));
  }

  /** Where runs' artifacts live, a format of experiment id and run id, e.g. {@code s3://bucket/%s/%s/artifacts}. */
  public synchronized void storeArtifactsAt(String format) {
    artifactRoot = format;
  }

  /** Requests without exactly this {@code Authorization} are refused, 401, as MLflow's basic-auth app does. */
  public synchronized void requireAuthorization(String header) {
    requiredAuthorization = header;
  }

  /** Another client creates the experiment between our get-by-name and our create. */
  public synchronized void raceTheNextCreate() {
    createRace = true;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The calls received, in order, as {@link Request#call()} names them. */
  public List<String> calls() {
    return requests().stream().map(Request::call).toList();
  }

  /** The first request of that call. */
  public Request request(String call) {
    return requests().stream().filter(r -> r.call().equals(call)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + call + " among " + calls()));
  }

  public synchronized Map<String, Run> runs() {
    return Map.copyOf(runs);
  }

  public synchronized Map<String, String> experiments() {
    return Map.copyOf(experimentIds);
  }

  public synchronized Map<String, byte[]> artifacts() {
    return Map.copyOf(artifacts);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getRawQuery(), headers, body);
      requests.add(request);
      Canned answer;
      synchronized (this) {
        answer = answer(request);
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private Canned answer(Request request) {
    if (requiredAuthorization != null && !requiredAuthorization.equals(request.headers().get("authorization"))) {
      return new Canned(401, "text/plain", "You are not authenticated. Please see "
          + "https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.");
    }
    Deque<Canned> queue = canned.get(request.call());
    if ((queue == null || queue.isEmpty()) && request.path().startsWith(ARTIFACTS)) {
      queue = canned.get(request.method() + " mlflow-artifacts");
    }
    if (queue != null && !queue.isEmpty()) {
      return queue.poll();
    }
    if (request.path().startsWith(ARTIFACTS)) {
      if (!request.method().equals("PUT")) {
        return notAllowed();
      }
      artifacts.put(request.path().substring(ARTIFACTS.length()), request.body());
      return ok(JSON.createObjectNode());
    }
    switch (request.call()) {
      case "GET experiments/get-by-name":
        return experimentByName(request);
      case "POST experiments/create":
      case "POST runs/create":
      case "POST runs/log-batch":
      case "POST runs/update":
        if (!String.valueOf(request.headers().get("content-type")).startsWith("application/json")) {
          return error(400, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type must be 'application/json'.");
        }
        JsonNode json = request.json();
        return switch (request.call()) {
          case "POST experiments/create" -> createExperiment(json);
          case "POST runs/create" -> createRun(json);
          case "POST runs/log-batch" -> logBatch(json);
          default -> updateRun(json);
        };
      default:
        return request.path().startsWith(API) && Set.of("GET", "POST").contains(request.method())
            ? new Canned(404, "text/html", "<!doctype html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>")
            : notAllowed();
    }
  }

  private Canned experimentByName(Request request) {
    String name = null;
    for (String pair : String.valueOf(request.query()).split("&")) {
      if (pair.startsWith("experiment_name=")) {
        name = URLDecoder.decode(pair.substring("experiment_name=".length()), StandardCharsets.UTF_8);
      }
    }
    if (name == null) {
      return error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'experiment_name'.");
    }
    String id = experimentIds.get(name);
    if (id == null) {
      return error(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
    }
    ObjectNode experiment = JSON.createObjectNode()
        .put("experiment_id", id)
        .put("name", name)
        .put("artifact_location", "mlflow-artifacts:/" + id)
        .put("lifecycle_stage", lifecycle.get(id))
        .put("last_update_time", 1_767_225_600_000L)
        .put("creation_time", 1_767_225_600_000L);
    experiment.putArray("tags");
    ObjectNode answer = JSON.createObjectNode();
    answer.set("experiment", experiment);
    return ok(answer);
  }

  private Canned createExperiment(JsonNode body) {
    String name = body.path("name").asText("");
    if (name.isEmpty()) {
      return error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'.");
    }
    if (createRace) {
      createRace = false;
      addExperiment(name, Integer.toString(nextExperimentId.get()), "active");
    }
    if (experimentIds.containsKey(name)) {
      return error(400, "RESOURCE_ALREADY_EXISTS", "Experiment(name=" + name + ") already exists. Error: "
          + "(raised as a result of Query-invoked autoflush)");
    }
    String id = Integer.toString(nextExperimentId.getAndIncrement());
    addExperiment(name, id, "active");
    return ok(JSON.createObjectNode().put("experiment_id", id));
  }

  private Canned createRun(JsonNode body) {
    String experimentId = body.path("experiment_id").asText("");
    if (!lifecycle.containsKey(experimentId)) {
      return error(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
    }
    if (!"active".equals(lifecycle.get(experimentId))) {
      return error(400, "INVALID_STATE", "The experiment " + experimentId + " must be in the 'active' state. "
          + "Current state is deleted.");
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    Run run = new Run(id, experimentId, body.path("run_name").asText(""), body.path("start_time").asLong());
    for (JsonNode tag : body.path("tags")) {
      run.tags.put(tag.path("key").asText(), tag.path("value").asText());
    }
    run.tags.put("mlflow.runName", run.name);
    runs.put(id, run);
    ObjectNode info = JSON.createObjectNode()
        .put("run_uuid", id)
        .put("experiment_id", experimentId)
        .put("run_name", run.name)
        .put("user_id", "")
        .put("status", "RUNNING")
        .put("start_time", run.startTime)
        .put("artifact_uri", String.format(Locale.ROOT, artifactRoot, experimentId, id))
        .put("lifecycle_stage", "active")
        .put("run_id", id);
    ObjectNode data = JSON.createObjectNode();
    ArrayNode tags = data.putArray("tags");
    run.tags.forEach((key, value) -> tags.addObject().put("key", key).put("value", value));
    ObjectNode created = JSON.createObjectNode();
    created.set("info", info);
    created.set("data", data);
    created.putObject("inputs");
    ObjectNode answer = JSON.createObjectNode();
    answer.set("run", created);
    return ok(answer);
  }

  private Canned logBatch(JsonNode body) {
    Run run = runs.get(body.path("run_id").asText(""));
    if (run == null) {
      return error(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=" + body.path("run_id").asText() + " not found");
    }
    for (JsonNode metric : body.path("metrics")) {
      if (!metric.path("key").isTextual() || !metric.path("value").isNumber() || !metric.path("timestamp").isNumber()) {
        return error(400, "INVALID_PARAMETER_VALUE", "Invalid metric " + metric);
      }
      run.metrics.put(metric.get("key").asText(), metric.get("value").asDouble());
    }
    for (JsonNode param : body.path("params")) {
      String key = param.path("key").asText();
      String value = param.path("value").asText();
      String old = run.params.putIfAbsent(key, value);
      if (old != null && !old.equals(value)) {
        return error(400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Param with key='" + key
            + "' was already logged with value='" + old + "' for run ID='" + run.id + "'.");
      }
    }
    for (JsonNode tag : body.path("tags")) {
      run.tags.put(tag.path("key").asText(), tag.path("value").asText());
    }
    return ok(JSON.createObjectNode());
  }

  private Canned updateRun(JsonNode body) {
    Run run = runs.get(body.path("run_id").asText(""));
    if (run == null) {
      return error(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=" + body.path("run_id").asText() + " not found");
    }
    String status = body.path("status").asText("");
    if (!Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
      return error(400, "INVALID_PARAMETER_VALUE", "Invalid value " + status + " for parameter 'status'");
    }
    run.status = status;
    run.endTime = body.path("end_time").isNumber() ? body.get("end_time").asLong() : null;
    ObjectNode info = JSON.createObjectNode()
        .put("run_uuid", run.id)
        .put("experiment_id", run.experimentId)
        .put("run_name", run.name)
        .put("status", run.status)
        .put("start_time", run.startTime)
        .put("run_id", run.id);
    if (run.endTime != null) {
      info.put("end_time", run.endTime);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.set("run_info", info);
    return ok(answer);
  }

  private static Canned ok(JsonNode body) {
    return new Canned(200, "application/json", body.toString());
  }

  private static Canned error(int status, String code, String message) {
    return new Canned(status, "application/json",
        JSON.createObjectNode().put("error_code", code).put("message", message).toString());
  }

  private static Canned notAllowed() {
    return new Canned(405, "text/html", "<!doctype html>\n<title>405 Method Not Allowed</title>");
  }
}
