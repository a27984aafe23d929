package io.driftwatch.streaming.readback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The drift reports written to {@code drift-reports} since a time, as JSON trees (the topic's schema), for
 * {@code ./driftwatch report}. One report per window and model version (the last written wins, though exactly-once
 * writes each once), ordered by window start; values that are not a drift report are counted and skipped.
 */
public final class DriftReportLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param reports the reports, oldest window first
   * @param read records read from the topic
   * @param skipped records that were not a drift report (not JSON, or without {@code window_start})
   * @param partitions partitions of the topic
   */
  public record Read(List<ObjectNode> reports, long read, long skipped, int partitions) {}

  private DriftReportLog() {}

  /**
   * @param sinceMs first record timestamp to read (epoch ms): when the report was written, not its window
   * @throws MissingTopicException the topic does not exist
   * @throws org.apache.kafka.common.KafkaException the cluster cannot be reached or refuses
   */
  public static Read read(Properties consumerProperties, String topic, long sinceMs) {
    Map<String, ObjectNode> byWindow = new LinkedHashMap<>();
    long[] counts = new long[2];
    int partitions = CommittedLog.read(consumerProperties, topic, sinceMs, record -> {
      counts[0]++;
      ObjectNode report = parse(record.value());
      if (report == null) {
        counts[1]++;
        return;
      }
      byWindow.put(report.path("window_start").asText() + " " + report.path("model_version").asText(), report);
    });
    List<ObjectNode> reports = new ArrayList<>(byWindow.values());
    reports.sort(Comparator.comparing((ObjectNode r) -> r.path("window_start").asText())
        .thenComparing(r -> r.path("model_version").asText()));
    return new Read(List.copyOf(reports), counts[0], counts[1], partitions);
  }

  private static ObjectNode parse(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(value);
      return node instanceof ObjectNode object && object.path("window_start").isTextual()
          && object.path("features").isObject() ? object : null;
    } catch (IOException e) {
      return null;
    }
  }
}
