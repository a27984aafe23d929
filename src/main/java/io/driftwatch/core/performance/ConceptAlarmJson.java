package io.driftwatch.core.performance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes a {@link ConceptAlarm}: {@code {"kind":"alarm","event_time":ISO-8601,"model_version","detector","statistic",
 * "threshold","attribution":[{"feature","effect_change","p_value"}]}}; non-finite numbers are null.
 */
public final class ConceptAlarmJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ConceptAlarmJson() {}

  public static byte[] write(ConceptAlarm alarm, String modelVersion) {
    try {
      return MAPPER.writeValueAsBytes(toTree(alarm, modelVersion));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(ConceptAlarm alarm, String modelVersion) {
    try {
      return MAPPER.writeValueAsString(toTree(alarm, modelVersion));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode toTree(ConceptAlarm alarm, String modelVersion) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("kind", "alarm");
    root.put("event_time", Instant.ofEpochMilli(alarm.eventTimeMs()).toString());
    root.put("model_version", modelVersion);
    root.put("detector", alarm.detector());
    PerformanceReportJson.number(root, "statistic", alarm.statistic());
    PerformanceReportJson.number(root, "threshold", alarm.threshold());
    ArrayNode attribution = root.putArray("attribution");
    for (Attribution a : alarm.attribution()) {
      PerformanceReportJson.attribution(attribution.addObject(), a);
    }
    return root;
  }
}
