package io.driftwatch.simulate;

import java.time.Instant;

/**
 * The observed outcome of an earlier visit, for concept-drift monitoring.
 *
 * @param eventId the visit's {@code event_id}, which its prediction carries too
 * @param patientId the record key
 * @param eventTime when the outcome was observed
 * @param progression the observed disease progression
 */
public record SimulatedOutcome(String eventId, String patientId, Instant eventTime, double progression) {}
