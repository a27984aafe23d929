package io.driftwatch.core.event;

/**
 * An event that cannot be scored: a stable reason and a message for humans that names the field. The message may quote
 * a value from the event, so it belongs next to the event (a dead-letter header), never in a log line.
 */
public record Rejection(RejectReason reason, String message) implements ParseResult {}
