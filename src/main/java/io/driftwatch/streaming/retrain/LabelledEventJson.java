package io.driftwatch.streaming.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.retrain.LabelledRecord;
import java.io.IOException;
import java.util.List;

/**
 * One value of {@code topics.labelled-events} ({@code LabelledEvent}'s JSON: {@code event_id}, {@code event_time},
 * {@code model_name}, {@code features} by name, the target by its name) as a row the champion can be retrained on: its
 * features by name in the champion's order. A record that cannot be used gives a short reason instead (few distinct
 * reasons, so they can be counted), never an exception: a bad record is skipped, not fatal.
 */
public final class LabelledEventJson {

  /** A usable row, or why the record was skipped. */
  public sealed interface Parsed {}

  /** The record as a labelled row, features in the champion's order. */
  public record Row(LabelledRecord record) implements Parsed {}

  /**
   * The record cannot be used.
   *
   * @param reason e.g. {@code missing feature 'bmi'}, {@code no outcome 'progression'}, {@code invalid JSON}
   */
  public record Skipped(String reason) implements Parsed {}

  public static final String EMPTY = "empty record";
  public static final String INVALID_JSON = "invalid JSON";
  public static final String NO_EVENT_ID = "no event_id";
  public static final String NO_EVENT_TIME = "no valid event_time";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String modelName;
  private final String target;
  private final List<FeatureSpec> features;

  /** Rows for {@code champion}: its model name, features (names, order, accepted values) and target. */
  public LabelledEventJson(ModelArtifact champion) {
    this.modelName = champion.modelName();
    this.target = champion.target();
    this.features = List.copyOf(champion.features());
  }

  public Parsed parse(byte[] value) {
    if (value == null || value.length == 0) {
      return new Skipped(EMPTY);
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (IOException e) {
      return new Skipped(INVALID_JSON);
    }
    if (root == null || !root.isObject()) {
      return new Skipped(INVALID_JSON);
    }
    JsonNode id = root.get("event_id");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      return new Skipped(NO_EVENT_ID);
    }
    JsonNode time = root.get("event_time");
    long eventTimeMs = time != null && time.isTextual() ? IsoInstants.parse(time.asText()) : IsoInstants.INVALID;
    if (eventTimeMs == IsoInstants.INVALID) {
      return new Skipped(NO_EVENT_TIME);
    }
    JsonNode model = root.get("model_name");
    if (model != null && !model.isNull() && !modelName.equals(model.asText())) {
      return new Skipped("another model (model_name '" + model.asText() + "')");
    }
    JsonNode values = root.get("features");
    double[] row = new double[features.size()];
    for (int j = 0; j < row.length; j++) {
      FeatureSpec spec = features.get(j);
      JsonNode v = values == null || !values.isObject() ? null : values.get(spec.name());
      if (v == null || !v.isNumber()) {
        return new Skipped("missing feature '" + spec.name() + "'");
      }
      row[j] = v.doubleValue();
      if (!Double.isFinite(row[j]) || !spec.accepts(row[j])) {
        return new Skipped("feature '" + spec.name() + "' outside what the champion accepts");
      }
    }
    JsonNode outcome = root.get(target);
    if (outcome == null || !outcome.isNumber() || !Double.isFinite(outcome.doubleValue())) {
      return new Skipped("no outcome '" + target + "' (another target?)");
    }
    return new Row(new LabelledRecord(id.asText(), eventTimeMs, row, outcome.doubleValue()));
  }
}
