package io.driftwatch.core.event;

/**
 * Why an event cannot be scored. The {@link #code()} is stable and machine-readable: it is written to the dead-letter
 * header {@code driftwatch.error.reason}, so dashboards and replay tools may depend on it. The human message that goes
 * with it ({@link Rejection#message()}) is built in one place per reason, {@link PatientEventParser} and, for a
 * feature's value, {@link FeatureValueCheck}, so {@code predict} and the dead letter say the same words.
 *
 * <p>The declaration order is persisted too (the data-drift windows' per-reason counters are stored by position): add
 * new reasons at the end only.
 */
public enum RejectReason {
  /** The value is null (a tombstone), has no bytes, or only whitespace. */
  EMPTY_VALUE("empty_value"),
  /** The record value (the whole event) is longer than {@code input.max.bytes} bytes; it is not parsed at all. */
  TOO_LARGE("too_large"),
  /** The bytes are not well-formed UTF-8 (JSON between systems must be UTF-8), or contain a NUL byte. */
  INVALID_UTF8("invalid_utf8"),
  /** The bytes are not one JSON document (syntax error, truncation, or content after the document). */
  INVALID_JSON("invalid_json"),
  /** Valid JSON, but an array, string, number, boolean or null instead of an object. */
  NOT_AN_OBJECT("not_an_object"),
  /** {@code patient_id} or a model feature is absent or {@code null}. */
  MISSING_FIELD("missing_field"),
  /** {@code patient_id}, {@code event_id}, {@code event_time} or a feature appears more than once. */
  DUPLICATE_FIELD("duplicate_field"),
  /** A feature is a string, boolean, object or array instead of a number. */
  NOT_A_NUMBER("not_a_number"),
  /** A feature is {@code NaN}, {@code Infinity}, or a number too large for a double (e.g. {@code 1e999}). */
  NON_FINITE("non_finite"),
  /** A feature lies outside the model artifact's accepted range for it (e.g. age -3, bmi 900). */
  OUT_OF_RANGE("out_of_range"),
  /**
   * A categorical feature is inside its range but none of its codes (e.g. {@code sex} 1.5 when the codes are 1 and
   * 2); the codes are the artifact's {@code features[].categories}.
   */
  UNKNOWN_CATEGORY("unknown_category"),
  /** {@code patient_id} or {@code event_id} is not a string. */
  NOT_A_STRING("not_a_string"),
  /** {@code patient_id} or {@code event_id} is an empty string. */
  INVALID_ID("invalid_id"),
  /** {@code event_time} is neither an ISO-8601 instant with offset nor whole epoch milliseconds in [0, year 9999]. */
  INVALID_EVENT_TIME("invalid_event_time"),
  /**
   * {@code event_time} (or, without one, the record timestamp) lies more than {@code input.max-future-skew} ahead of
   * the wall clock: one bad clock must not move stream time, and so every window, into the future.
   */
  FUTURE_EVENT_TIME("future_event_time"),
  /**
   * An outcome whose {@code event_id} matches no prediction waiting for its outcome: never predicted (or not yet: the
   * outcome came first), or predicted longer than {@code labels.horizon} before the outcome.
   */
  UNMATCHED_OUTCOME("unmatched_outcome"),
  /** An outcome without {@code event_id} whose patient has no prediction waiting for an outcome. */
  UNKNOWN_PATIENT("unknown_patient"),
  /** No model is loaded yet (none on the models topic and none given with {@code --model}). */
  NO_MODEL("no_model"),
  /**
   * An unexpected exception while processing the record (a defect, not bad input): the record is dead-lettered with the
   * failing step and exception class in headers, and processing goes on.
   */
  PROCESSING_ERROR("processing_error");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** The stable wire form, e.g. {@code out_of_range}. */
  public String code() {
    return code;
  }
}
