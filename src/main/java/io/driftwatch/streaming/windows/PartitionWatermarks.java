package io.driftwatch.streaming.windows;

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
 *
 * <p>Liveness is measured in ticks of the merge stage's heartbeat-interval punctuation, not in wall-clock
 * milliseconds: a punctuation fires once however late it is, so a paused JVM or a clock jump adds one tick, not a
 * timeout's worth, and cannot make every live partition look silent at once. Plain Java; stream times are event
 * time in milliseconds.
 */
public final class PartitionWatermarks {

  private static final class Progress {
    long streamTime = WindowSignal.NO_TIME;
    boolean idle;
    long lastHeardTick;
  }

  private final long idleTicks;
  private final Map<Integer, Progress> partitions = new TreeMap<>();
  private long tick;
  private long startedTick;

  /** @param idleTicks ticks without news after which a partition no longer counts (idle timeout / interval) */
  PartitionWatermarks(long idleTicks) {
    this.idleTicks = idleTicks;
  }

  /** The merge stage (re)starts: every partition, known or not, counts as just heard from. */
  void start() {
    startedTick = tick;
    partitions.values().forEach(p -> p.lastHeardTick = tick);
  }

  /** One heartbeat interval has passed. */
  void tick() {
    tick++;
  }

  /** Restores a partition's stream time and idle flag as persisted; its liveness restarts with {@link #start}. */
  void restore(int partition, long streamTime, boolean idle) {
    Progress p = progress(partition);
    p.streamTime = streamTime;
    p.idle = idle;
  }

  /** A partial: the task is alive (its watermark moves only with the heartbeat that follows). */
  void heard(int partition) {
    progress(partition).lastHeardTick = tick;
  }

  void heartbeat(int partition, long streamTime, boolean idle) {
    Progress p = progress(partition);
    p.streamTime = Math.max(p.streamTime, streamTime);
    p.idle = idle;
    p.lastHeardTick = tick;
  }

  boolean knows(int partition) {
    return partitions.containsKey(partition);
  }

  long streamTime(int partition) {
    return progress(partition).streamTime;
  }

  boolean idle(int partition) {
    return progress(partition).idle;
  }

  /** Whether the partition holds reports back now. */
  boolean active(int partition) {
    Progress p = partitions.get(partition);
    return p != null && isActive(p);
  }

  private boolean isActive(Progress p) {
    return !p.idle && tick - p.lastHeardTick < idleTicks;
  }

  /** The global watermark, or empty while it is unknown (just started, or an active partition without events). */
  OptionalLong watermark() {
    if (tick - startedTick < idleTicks) {
      return OptionalLong.empty();
    }
    long min = Long.MAX_VALUE;
    long max = WindowSignal.NO_TIME;
    boolean anyActive = false;
    for (Progress p : partitions.values()) {
      max = Math.max(max, p.streamTime);
      if (isActive(p)) {
        anyActive = true;
        min = Math.min(min, p.streamTime);
      }
    }
    long watermark = anyActive ? min : max;
    return watermark == WindowSignal.NO_TIME ? OptionalLong.empty() : OptionalLong.of(watermark);
  }

  private Progress progress(int partition) {
    return partitions.computeIfAbsent(partition, k -> {
      Progress p = new Progress();
      p.lastHeardTick = startedTick;
      return p;
    });
  }
}
