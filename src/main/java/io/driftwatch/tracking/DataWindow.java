package io.driftwatch.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * The event-time interval a retrained model's rows came from, {@code [from, to)}; written as an ISO-8601 interval,
 * {@code 2026-01-01T00:00:00Z/2026-02-01T00:00:00Z}.
 */
public record DataWindow(Instant from, Instant to) {

  public DataWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a data window must end after it starts: " + from + "/" + to);
    }
  }

  /** Reads {@link #toString()}'s form back. */
  public static DataWindow parse(String interval) {
    int slash = interval.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not an ISO-8601 interval 'start/end': " + interval);
    }
    return new DataWindow(Instant.parse(interval.substring(0, slash)), Instant.parse(interval.substring(slash + 1)));
  }

  @Override
  public String toString() {
    return from + "/" + to;
  }
}
