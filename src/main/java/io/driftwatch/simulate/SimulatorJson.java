package io.driftwatch.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The simulator's JSON, as the topics' contract defines it: {@code patient-features} values carry {@code patient_id},
 * {@code event_id}, {@code event_time} (ISO-8601) and the features as top-level numbers; {@code patient-outcomes}
 * values carry {@code event_id}, {@code patient_id}, {@code event_time} and {@code progression}. Whole values are
 * written as integers ({@code "age":61}), others as decimals ({@code "bmi":25.8}).
 */
public final class SimulatorJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<FeatureColumn> columns;

  public SimulatorJson(List<FeatureColumn> columns) {
    this.columns = List.copyOf(columns);
  }

  public byte[] event(SimulatedEvent event) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("patient_id", event.patientId());
    node.put("event_id", event.eventId());
    node.put("event_time", event.eventTime().toString());
    for (FeatureColumn column : columns) {
      putNumber(node, column.name(), event.features()[column.index()]);
    }
    return bytes(node);
  }

  public byte[] outcome(SimulatedOutcome outcome) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("event_id", outcome.eventId());
    node.put("patient_id", outcome.patientId());
    node.put("event_time", outcome.eventTime().toString());
    putNumber(node, "progression", outcome.progression());
    return bytes(node);
  }

  private static void putNumber(ObjectNode node, String name, double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      node.put(name, (long) value);
    } else {
      node.put(name, value);
    }
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write simulator JSON", e);
    }
  }
}
