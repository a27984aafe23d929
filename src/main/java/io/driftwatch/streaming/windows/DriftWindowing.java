package io.driftwatch.streaming.windows;

/**
 * Event-time tumbling windows aligned on the epoch: a window {@code [start, start + size)} closes once stream time
 * reaches {@code start + size + grace}; a record for a closed window is late.
 */
public record DriftWindowing(long sizeMs, long graceMs) {

  public DriftWindowing {
    if (sizeMs <= 0 || graceMs < 0) {
      throw new IllegalArgumentException("window size must be positive and grace not negative");
    }
  }

  long startOf(long eventTimeMs) {
    return eventTimeMs - Math.floorMod(eventTimeMs, sizeMs);
  }

  long endOf(long windowStartMs) {
    return windowStartMs + sizeMs;
  }

  /** The stream time at which the window starting at {@code windowStartMs} closes. */
  long closeTime(long windowStartMs) {
    return windowStartMs + sizeMs + graceMs;
  }
}
