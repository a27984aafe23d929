package io.driftwatch.streaming.config;

import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.streaming.windows.DriftWindowing;
import java.time.Duration;

/**
 * How the stream monitors data drift ({@code drift.*} keys, checked by {@link DriftwatchConfig}).
 *
 * @param enabled {@code drift.enabled}: when false the topology only scores
 * @param windowSize {@code drift.window.size}: event-time tumbling windows, aligned on the epoch
 * @param grace {@code drift.window.grace}: how long after its end (in event time) a window still accepts records
 * @param idleTimeout {@code drift.idle.timeout}: wall-clock time after which a partition without events (or a task
 *     not heard from) stops holding reports back
 * @param heartbeatInterval {@code drift.heartbeat.interval}: how often each task tells the merge stage its stream time
 * @param statistics the decision rule ({@code drift.min.samples}, {@code drift.false-alarm-rate}, effect floors,
 *     calibration)
 */
public record DriftConfig(
    boolean enabled,
    Duration windowSize,
    Duration grace,
    Duration idleTimeout,
    Duration heartbeatInterval,
    DriftSettings statistics) {

  public static final String ENABLED = "drift.enabled";
  public static final String WINDOW_SIZE = "drift.window.size";
  public static final String WINDOW_GRACE = "drift.window.grace";
  public static final String IDLE_TIMEOUT = "drift.idle.timeout";
  public static final String HEARTBEAT_INTERVAL = "drift.heartbeat.interval";

  public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  public static DriftConfig defaults() {
    return new DriftConfig(true, DEFAULT_WINDOW_SIZE, DEFAULT_GRACE, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEARTBEAT_INTERVAL,
        DriftSettings.defaults());
  }

  /**
   * The idle timeout in heartbeat intervals, rounded up: liveness is counted in heartbeats, which a paused JVM or a
   * clock jump cannot skip.
   */
  public long idleTicks() {
    long interval = heartbeatInterval.toMillis();
    return Math.max(1, (idleTimeout.toMillis() + interval - 1) / interval);
  }

  /** The window timing in milliseconds, as the processors use it. */
  public DriftWindowing windowing() {
    return new DriftWindowing(windowSize.toMillis(), grace.toMillis());
  }
}
