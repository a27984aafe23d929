package io.driftwatch.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@link LoggedRun} as one line of JSON (the run log's format, in the README): compact, fields in a fixed order,
 * times as ISO-8601 instants, a newline at the end and none inside.
 */
public final class RunLogJson {

  /** Version of the line's layout; readers skip lines of a version they do not know. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private RunLogJson() {}

  /** The line, UTF-8, ending in {@code \n}. */
  public static byte[] line(LoggedRun logged) {
    RunRecord run = logged.run();
    ObjectNode line = JSON.createObjectNode();
    line.put("schema_version", SCHEMA_VERSION);
    line.put("run_id", run.runId());
    line.put("run_name", run.runName());
    line.put("kind", run.kind().label());
    line.put("start_time", run.startTime().toString());
    line.put("end_time", run.endTime().toString());
    ObjectNode params = line.putObject("params");
    run.params().forEach(params::put);
    ObjectNode metrics = line.putObject("metrics");
    run.metrics().forEach(metrics::put);
    ObjectNode tags = line.putObject("tags");
    run.tags().forEach(tags::put);
    line.put("artifact_path", run.artifactPath().toString());
    line.set("mlflow", mlflow(logged.mlflow()));
    try {
      // Compact output escapes any newline inside a string, so the line holds exactly one, at its end.
      return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run " + run.runId(), e);
    }
  }

  /**
   * Reads a line back.
   *
   * @throws IllegalArgumentException not a whole run of a known schema version; the message says what is wrong
   */
  public static LoggedRun read(String text) {
    JsonNode line;
    try {
      line = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (line == null || !line.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode version = line.path("schema_version");
    if (!version.isInt() || version.asInt() != SCHEMA_VERSION) {
      throw new IllegalArgumentException("schema_version " + version + " is not " + SCHEMA_VERSION);
    }
    try {
      Map<String, String> params = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(line, "params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> param = it.next();
        params.put(param.getKey(), textual(param.getValue(), "params." + param.getKey()));
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(line, "metrics").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> metric = it.next();
        if (!metric.getValue().isNumber()) {
          throw new IllegalArgumentException("metrics." + metric.getKey() + " is not a number");
        }
        metrics.put(metric.getKey(), metric.getValue().asDouble());
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(line, "tags").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> tag = it.next();
        tags.put(tag.getKey(), tag.getValue().isNull() ? null : textual(tag.getValue(), "tags." + tag.getKey()));
      }
      RunRecord run = new RunRecord(text(line, "run_id"), text(line, "run_name"), RunKind.ofLabel(text(line, "kind")),
          Instant.parse(text(line, "start_time")), Instant.parse(text(line, "end_time")), params, metrics, tags,
          Path.of(text(line, "artifact_path")));
      return new LoggedRun(run, mlflow(object(line, "mlflow")));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("a time is not an ISO-8601 instant: " + e.getParsedString(), e);
    }
  }

  private static ObjectNode mlflow(MlflowResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("status", result.status().name().toLowerCase(Locale.ROOT));
    putIfKnown(node, "reason", result.reason());
    putIfKnown(node, "tracking_uri", result.trackingUri());
    putIfKnown(node, "experiment_name", result.experimentName());
    putIfKnown(node, "experiment_id", result.experimentId());
    putIfKnown(node, "run_id", result.runId());
    putIfKnown(node, "run_url", result.runUrl());
    putIfKnown(node, "artifact_uri", result.artifactUri());
    node.put("artifact_uploaded", result.artifactUploaded());
    putIfKnown(node, "artifact_note", result.artifactNote());
    return node;
  }

  private static MlflowResult mlflow(JsonNode node) {
    MlflowResult.Status status;
    try {
      status = MlflowResult.Status.valueOf(text(node, "status").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mlflow.status '" + node.path("status").asText() + "' is none of tracked, "
          + "skipped, failed", e);
    }
    return new MlflowResult(status, optional(node, "reason"), optional(node, "tracking_uri"),
        optional(node, "experiment_name"), optional(node, "experiment_id"), optional(node, "run_id"),
        optional(node, "run_url"), optional(node, "artifact_uri"), node.path("artifact_uploaded").asBoolean(false),
        optional(node, "artifact_note"));
  }

  private static void putIfKnown(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isObject()) {
      throw new IllegalArgumentException(field + " is missing or not an object");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return textual(node.path(field), field);
  }

  private static String textual(JsonNode value, String field) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return value.asText();
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }
}
