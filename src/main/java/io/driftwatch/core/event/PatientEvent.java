package io.driftwatch.core.event;

/**
 * One patient's features as the event carried them, validated against the model's feature specs.
 *
 * @param patientId the {@code patient_id} field
 * @param eventId the {@code event_id} field, or {@code null} when the event has none (the caller derives one)
 * @param eventTimeMillis the {@code event_time} field in epoch milliseconds, or {@link #NO_EVENT_TIME} when absent
 *     (a sentinel rather than a boxed {@code Long}, so the hot path does not allocate)
 * @param features raw clinical units in the model's feature order; owned by this event
 */
public record PatientEvent(String patientId, String eventId, long eventTimeMillis, double[] features)
    implements ParseResult {

  public static final String PATIENT_ID = "patient_id";
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TIME = "event_time";

  /**
   * Longest {@code patient_id} or {@code event_id}, in characters. Ids are copied into the prediction's key and value
   * (and the label join's store); an unbounded id could make a prediction larger than any producer may send, and
   * under exactly-once such a record would abort every transaction that tries to write it.
   */
  public static final int MAX_ID_LENGTH = 1024;

  /** Marks an event without {@code event_time}. */
  public static final long NO_EVENT_TIME = Long.MIN_VALUE;

  public boolean hasEventTime() {
    return eventTimeMillis != NO_EVENT_TIME;
  }
}
