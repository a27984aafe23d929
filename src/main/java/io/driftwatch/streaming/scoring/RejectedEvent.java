package io.driftwatch.streaming.scoring;

import io.driftwatch.core.event.RejectReason;

/**
 * An input record that cannot be scored, on its way to the dead-letter topic.
 *
 * @param value the record's value, byte for byte (may be null)
 * @param reason the stable reason code
 * @param message a human message naming the field; may quote the value, so never logged
 * @param modelVersion the version of the model that judged it, or null when there was none
 * @param source where it was read, when it is dead-lettered later than it was read (from a punctuation, which has no
 *     record metadata); null means the record being processed
 */
public record RejectedEvent(byte[] value, RejectReason reason, String message, String modelVersion, Source source)
    implements ScoringOutcome {

  /** A record's coordinates: topic, partition, offset. */
  public record Source(String topic, int partition, long offset) {}

  /** Rejected while the record itself is being processed. */
  public RejectedEvent(byte[] value, RejectReason reason, String message, String modelVersion) {
    this(value, reason, message, modelVersion, null);
  }
}
