package io.driftwatch.streaming.scoring;

import java.time.Instant;
import java.util.Map;

/**
 * A record of the predictions topic as consumers read it ({@link PredictionJson#read}). The topology itself writes
 * {@link ScoredEvent}s straight to JSON without building this.
 *
 * @param contributions per feature in the model's order: coefficient × standardized value; with the model's
 *     intercept they sum to {@code prediction}
 */
public record Prediction(
    String eventId,
    String patientId,
    Instant eventTime,
    double prediction,
    String modelVersion,
    Map<String, Double> contributions) {}
