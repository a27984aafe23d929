package io.driftwatch.streaming.deadletter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the dead-letter rate once per interval in which records were dead-lettered: counts by reason code only, never
 * payloads or patient ids. Makes a producer sending wrong units (e.g. blood pressure in kPa) visible at once.
 */
public final class DeadLetterRateLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRateLog.class);

  private final RecordOutcomes outcomes;
  private final Duration interval;
  private final ScheduledExecutorService timer;
  private RecordOutcomes.Snapshot previous = RecordOutcomes.Snapshot.ZERO;

  public DeadLetterRateLog(RecordOutcomes outcomes, Duration interval) {
    this.outcomes = outcomes;
    this.interval = interval;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "driftwatch-dead-letter-rate");
      thread.setDaemon(true);
      return thread;
    });
  }

  public void start() {
    timer.scheduleAtFixedRate(this::logInterval, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Logs the interval since the previous call if it dead-lettered anything; returns what it logged, or null. */
  public String logInterval() {
    RecordOutcomes.Snapshot now = outcomes.snapshot();
    RecordOutcomes.Snapshot interval = now.minus(previous);
    previous = now;
    if (interval.rejected() == 0) {
      return null;
    }
    String line = "dead letters in the last " + this.interval.toSeconds() + " s: " + interval.describeRejections();
    LOG.info(line);
    return line;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
