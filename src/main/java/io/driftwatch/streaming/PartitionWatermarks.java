package io.driftwatch.streaming;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The merge stage's view of every input partition's progress, and the global watermark it derives: the smallest
 * stream time over the <em>active</em> partitions, so that a window is reported only once every active partition has
 * sent its events for it.
 *
 * <p>A partition stops holding reports back when it is idle: its task says so (no event for
 * {@code drift.idle.timeout}, after sending its open windows), or the merge stage has not heard from its task for
 * that long (the task is down or moving; its events will count as late). The merge stage cannot know partitions it
 * has never heard from, so it counts its own start as a sign of life from every partition: for one idle timeout after
 * it starts it reports nothing. When every known partition is idle, the largest stream time is the watermark.
 * Plain Java; times are milliseconds, wall clock for liveness and event time for stream times.
 */
final class PartitionWatermarks {

  private static final class Progress {
    long streamTime = DriftSignal.NO_TIME;
    boolean idle;
    long lastHeardMs;
  }

  private final long idleTimeoutMs;
  private final Map<Integer, Progress> partitions = new TreeMap<>();
  private long startedMs;

  PartitionWatermarks(long idleTimeoutMs) {
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** The merge stage (re)starts: every partition, known or not, counts as just heard from. */
  void start(long nowMs) {
    startedMs = nowMs;
    partitions.values().forEach(p -> p.lastHeardMs = nowMs);
  }

  /** Restores a partition's stream time and idle flag as persisted; its liveness restarts with {@link #start}. */
  void restore(int partition, long streamTime, boolean idle) {
    Progress p = progress(partition);
    p.streamTime = streamTime;
    p.idle = idle;
    p.lastHeardMs = startedMs;
  }

  /** A partial: the task is alive (its watermark moves only with the heartbeat that follows). */
  void heard(int partition, long nowMs) {
    progress(partition).lastHeardMs = nowMs;
  }

  void heartbeat(int partition, long streamTime, boolean idle, long nowMs) {
    Progress p = progress(partition);
    p.streamTime = Math.max(p.streamTime, streamTime);
    p.idle = idle;
    p.lastHeardMs = nowMs;
  }

  long streamTime(int partition) {
    return progress(partition).streamTime;
  }

  boolean idle(int partition) {
    return progress(partition).idle;
  }

  /** Partitions that hold reports back now. */
  boolean active(int partition, long nowMs) {
    Progress p = partitions.get(partition);
    return p != null && isActive(p, nowMs);
  }

  private boolean isActive(Progress p, long nowMs) {
    return !p.idle && nowMs - p.lastHeardMs < idleTimeoutMs;
  }

  /** The global watermark, or empty while it is unknown (just started, or an active partition without events). */
  OptionalLong watermark(long nowMs) {
    if (nowMs - startedMs < idleTimeoutMs) {
      return OptionalLong.empty();
    }
    long min = Long.MAX_VALUE;
    long max = DriftSignal.NO_TIME;
    boolean anyActive = false;
    for (Progress p : partitions.values()) {
      max = Math.max(max, p.streamTime);
      if (isActive(p, nowMs)) {
        anyActive = true;
        min = Math.min(min, p.streamTime);
      }
    }
    long watermark = anyActive ? min : max;
    return watermark == DriftSignal.NO_TIME ? OptionalLong.empty() : OptionalLong.of(watermark);
  }

  Map<Integer, Long> streamTimes() {
    Map<Integer, Long> times = new TreeMap<>();
    partitions.forEach((partition, p) -> times.put(partition, p.streamTime));
    return times;
  }

  private Progress progress(int partition) {
    return partitions.computeIfAbsent(partition, k -> {
      Progress p = new Progress();
      p.lastHeardMs = startedMs;
      return p;
    });
  }
}
