package io.driftwatch.streaming.deadletter;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.scoring.EventMeters;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many input records this instance scored and dead-lettered, by reason: the dead-letter rate that the service logs
 * and that metrics will export. Process-local counters, like Kafka's own metrics: they restart at zero with the
 * process and are not exactly-once state (the dead-letter topic is the exact record).
 */
public final class RecordOutcomes {

  private static final RejectReason[] REASONS = RejectReason.values();

  private final LongAdder scored = new LongAdder();
  private final LongAdder[] rejected = new LongAdder[REASONS.length];
  private final EventMeters events = new EventMeters();

  public RecordOutcomes() {
    for (int i = 0; i < rejected.length; i++) {
      rejected[i] = new LongAdder();
    }
  }

  /** The per-event histograms (processing time, predictions), recorded on the same path as these counters. */
  public EventMeters events() {
    return events;
  }

  public void scored() {
    scored.increment();
  }

  public void rejected(RejectReason reason) {
    rejected[reason.ordinal()].increment();
  }

  /** Records scored so far (for metrics: read at scrape time, never on the per-event path). */
  public long scoredCount() {
    return scored.sum();
  }

  /** Records dead-lettered with {@code reason} so far. */
  public long rejectedCount(RejectReason reason) {
    return rejected[reason.ordinal()].sum();
  }

  public Snapshot snapshot() {
    long[] byReason = new long[rejected.length];
    for (int i = 0; i < byReason.length; i++) {
      byReason[i] = rejected[i].sum();
    }
    return new Snapshot(scored.sum(), byReason);
  }

  /** Counts at one moment; {@link #minus} gives the counts of an interval. */
  public record Snapshot(long scored, long[] rejectedByReason) {

    public static final Snapshot ZERO = new Snapshot(0, new long[REASONS.length]);

    public long rejected(RejectReason reason) {
      return rejectedByReason[reason.ordinal()];
    }

    public long rejected() {
      return Arrays.stream(rejectedByReason).sum();
    }

    public long total() {
      return scored + rejected();
    }

    public Snapshot minus(Snapshot earlier) {
      long[] byReason = new long[rejectedByReason.length];
      for (int i = 0; i < byReason.length; i++) {
        byReason[i] = rejectedByReason[i] - earlier.rejectedByReason[i];
      }
      return new Snapshot(scored - earlier.scored, byReason);
    }

    /** For logs: e.g. {@code 37 of 1237 records (3.0 %): out_of_range=35, invalid_json=2}, largest first. */
    public String describeRejections() {
      StringBuilder reasons = new StringBuilder();
      Integer[] order = new Integer[rejectedByReason.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(rejectedByReason[b], rejectedByReason[a]));
      for (int i : order) {
        if (rejectedByReason[i] > 0) {
          reasons.append(reasons.length() == 0 ? "" : ", ").append(REASONS[i].code()).append('=')
              .append(rejectedByReason[i]);
        }
      }
      double percent = total() == 0 ? 0 : 100.0 * rejected() / total();
      return String.format(Locale.ROOT, "%d of %d records (%.1f %%): %s", rejected(), total(), percent,
          reasons.length() == 0 ? "none" : reasons);
    }
  }
}
