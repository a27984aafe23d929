package io.driftwatch.streaming.windows;

import java.util.Comparator;

/**
 * One window of one model version: a model switch inside a window gives two summaries, judged by their own
 * reference, and two reports with the same window start.
 */
public record WindowKey(long start, String modelVersion) implements Comparable<WindowKey> {

  private static final Comparator<WindowKey> ORDER =
      Comparator.comparingLong(WindowKey::start).thenComparing(WindowKey::modelVersion);

  @Override
  public int compareTo(WindowKey other) {
    return ORDER.compare(this, other);
  }
}
