package io.driftwatch.simulate;

import java.time.Instant;

/**
 * One simulated patient visit: the feature event the service scores, and the outcome the world will reveal later.
 *
 * @param patientId the record key and {@code patient_id}
 * @param eventId unique id the prediction and the outcome carry
 * @param eventTime when the features were measured
 * @param features readings in the sample's feature order (after the scenario)
 * @param progression the outcome one year later, revealed after a delay
 */
public record SimulatedEvent(
    String patientId, String eventId, Instant eventTime, double[] features, double progression) {

  /** The outcome of this visit as observed at {@code observedAt}. */
  public SimulatedOutcome outcome(Instant observedAt) {
    return new SimulatedOutcome(eventId, patientId, observedAt, progression);
  }
}
