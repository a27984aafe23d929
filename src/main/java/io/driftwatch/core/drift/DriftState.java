package io.driftwatch.core.drift;

import java.time.Instant;

/**
 * Where one quantity (a feature, the prediction, or the dataset as a whole) stands in its history of flagged windows,
 * so that people and alerts read "bmi drifting since 10:41" or "bmi drifted 10:41–10:55" rather than a flag per window.
 * A <em>run</em> is a sequence of flagged windows with no unflagged window that took a decision between them.
 *
 * <ul>
 *   <li>{@code drifting}: the last window that took a decision flagged it (in a window that takes one: this window);
 *   <li>{@code since}: start of the first window of the current run, or of the most recent run once it ended; null if
 *       never flagged;
 *   <li>{@code ended}: end of the last flagged window of the most recent run once a later window took a decision and
 *       did not flag it (the start of that window when the windows are consecutive); null while drifting or if never
 *       flagged.
 * </ul>
 *
 * A window below {@code min_samples} takes no decision: it neither extends nor
 * ends a run, and the state stays as it was.
 *
 * @param lastFlaggedEnd end of the run's latest flagged window (kept while drifting to date {@code ended}); null if never
 */
public record DriftState(boolean drifting, Instant since, Instant ended, Instant lastFlaggedEnd) {

  /** Never flagged. */
  public static final DriftState NEVER = new DriftState(false, null, null, null);

  /**
   * The state after one more window, {@code [windowStart, windowEnd)}, reported in time order.
   *
   * @param decided whether the window could flag at all (not below {@code min_samples})
   * @param flagged whether it did
   */
  public DriftState next(boolean decided, boolean flagged, Instant windowStart, Instant windowEnd) {
    if (!decided) {
      return this;
    }
    if (flagged) {
      return new DriftState(true, drifting ? since : windowStart, null, windowEnd);
    }
    if (drifting) {
      return new DriftState(false, since, lastFlaggedEnd, lastFlaggedEnd);
    }
    return this;
  }
}
