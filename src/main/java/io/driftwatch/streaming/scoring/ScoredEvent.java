package io.driftwatch.streaming.scoring;

/**
 * One scored event, as it flows through the topology after scoring. This is the seam for every later step: the
 * prediction sink writes it as JSON, data-drift monitoring folds its event time, features and prediction into
 * per-task window summaries, and concept drift joins outcomes to it by {@code eventId}.
 *
 * <p>Arrays are in the model's feature order ({@code model.featureName(j)}) and owned by this event; treat them as
 * read-only.
 *
 * @param eventId the event's {@code event_id}, or {@code topic:partition:offset} of its record when it had none
 * @param patientId the event's {@code patient_id}
 * @param eventTimeMillis the event's {@code event_time}, or its record's timestamp when it had none
 * @param features raw clinical units, validated against the model's ranges
 * @param prediction the model's prediction: {@code model.scorer().intercept()} plus the sum of {@code contributions}
 * @param contributions per feature, coefficient × standardized value
 * @param model the model that scored it (name, version, feature specs, reference profile)
 */
public record ScoredEvent(
    String eventId,
    String patientId,
    long eventTimeMillis,
    double[] features,
    double prediction,
    double[] contributions,
    ScoringModel model)
    implements ScoringOutcome {}
