package io.driftwatch.core.retrain;

/**
 * One outcome joined to the event it judges, as the stream hands it to {@code retrain}.
 *
 * @param eventId the event's {@code event_id}: outcomes with the same id are duplicates
 * @param eventTimeMs the event time, epoch milliseconds: the patient's visit, when the features were measured (the
 *     predictions' {@code event_time})
 * @param features the raw feature values, in the champion's feature order and units. Not copied: do not modify
 * @param outcome the observed target (e.g. {@code progression})
 */
public record LabelledRecord(String eventId, long eventTimeMs, double[] features, double outcome) {}
