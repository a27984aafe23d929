package io.driftwatch.streaming.scoring;

import io.driftwatch.core.event.RejectReason;

/**
 * An input record that cannot be scored, on its way to the dead-letter topic.
 *
 * @param value the record's value, byte for byte (may be null)
 * @param reason the stable reason code
 * @param message a human message naming the field; may quote the value, so never logged
 * @param modelVersion the version of the model that judged it, or null when there was none
 */
public record RejectedEvent(byte[] value, RejectReason reason, String message, String modelVersion)
    implements ScoringOutcome {}
