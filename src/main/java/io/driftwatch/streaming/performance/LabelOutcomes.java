package io.driftwatch.streaming.performance;

import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the outcomes (labels) this instance read, and of the predictions that waited for one: process-local
 * counters for metrics, like {@link io.driftwatch.streaming.deadletter.RecordOutcomes}. They restart at zero with the
 * process; the performance reports carry the exact per-window counts.
 */
public final class LabelOutcomes {

  private final LongAdder[] counts = new LongAdder[PerformanceSummaries.COUNTERS];

  public LabelOutcomes() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Adds {@code n} to a {@link PerformanceSummaries} counter. */
  void add(int counter, long n) {
    counts[counter].add(n);
  }

  /** Outcomes joined to their prediction. */
  public long joined() {
    return counts[PerformanceSummaries.MATCHED].sum();
  }

  /** Outcomes that found no prediction (dead-lettered as {@code unmatched_outcome} or {@code unknown_patient}). */
  public long unmatched() {
    return counts[PerformanceSummaries.UNMATCHED].sum();
  }

  /** Second and later outcomes for the same prediction (ignored). */
  public long duplicate() {
    return counts[PerformanceSummaries.DUPLICATE].sum();
  }

  /** Predictions whose {@code labels.horizon} passed without an outcome. */
  public long expired() {
    return counts[PerformanceSummaries.EXPIRED].sum();
  }
}
