package io.driftwatch.streaming.scoring;

/** What scoring makes of one input record: a {@link ScoredEvent}, or a {@link RejectedEvent} for the dead letters. */
public sealed interface ScoringOutcome permits ScoredEvent, RejectedEvent {}
