package io.driftwatch.streaming.performance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.streaming.scoring.ScoringModel;
import java.io.UncheckedIOException;

/**
 * One outcome joined to the prediction it judges, with the prediction's raw features: a row {@code retrain} can learn
 * from. Written to {@code topics.labelled-events} keyed by {@code event_id}, as JSON:
 * {@code {"event_id", "event_time", "outcome_time", "model_name", "model_version", "prediction", "features":
 * {name: value}, <target>: value}} (times ISO-8601 UTC; {@code <target>} is the model's target, e.g.
 * {@code progression}). No {@code patient_id}: retraining does not need it.
 *
 * @param model the model that made the prediction (its feature names and target name the fields)
 * @param features raw features in {@code model}'s order
 */
record LabelledEvent(String eventId, long eventTimeMs, long outcomeTimeMs, ScoringModel model, double prediction,
    double[] features, double outcome) {

  private static final ObjectMapper JSON = new ObjectMapper();

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("event_id", eventId);
    root.put("event_time", IsoInstants.format(eventTimeMs));
    root.put("outcome_time", IsoInstants.format(outcomeTimeMs));
    root.put("model_name", model.artifact().modelName());
    root.put("model_version", model.version());
    root.put("prediction", prediction);
    ObjectNode values = root.putObject("features");
    for (int j = 0; j < features.length; j++) {
      values.put(model.featureName(j), features[j]);
    }
    root.put(model.artifact().target(), outcome);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
