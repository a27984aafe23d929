package io.driftwatch.streaming.scoring;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

/**
 * The per-event meters: {@code driftwatch_event_processing_seconds} (a histogram of the stream thread's time per input
 * record, from reading its bytes to handing its prediction or dead letter to the producer, drift bookkeeping included)
 * and {@code driftwatch_prediction} (a histogram of the predictions written, target units). Micrometer meters,
 * registered by {@link #bindTo}; until then they record nothing, so topologies built without metrics (tests, tools,
 * {@code metrics.port=0}) pay only a null check. Fixed buckets (no percentiles computed in process): the cost per event
 * is two clock reads and a few adder increments, measured in {@code docs/benchmarks.md}.
 */
public final class EventMeters {

  /** Bucket bounds of the processing-time histogram: 5 µs to 100 ms, about 1-2.5-5 per decade. */
  static final Duration[] PROCESSING_BUCKETS = {
      micros(5), micros(10), micros(25), micros(50), micros(100), micros(250), micros(500),
      millis(1), micros(2500), millis(5), millis(10), millis(25), millis(50), millis(100)};

  /** Bucket bounds of the prediction histogram: 25 to 350 in steps of 25 (the diabetes target is 25..346). */
  static final double[] PREDICTION_BUCKETS = DoubleStream.iterate(25, b -> b <= 350, b -> b + 25).toArray();

  // Set once, before the stream threads start (volatile: they read it); null until then.
  private volatile Timer processing;
  private volatile DistributionSummary predictions;

  /**
   * Registers the meters in {@code registry} (e.g. the service's Prometheus registry); from now on they record. A
   * second call is refused: one registry per service.
   *
   * @throws IllegalStateException if already bound
   */
  public synchronized void bindTo(MeterRegistry registry) {
    if (processing != null) {
      throw new IllegalStateException("the per-event meters are already bound to a registry");
    }
    predictions = DistributionSummary.builder("driftwatch.prediction")
        .description("Predictions written (target units)")
        .serviceLevelObjectives(PREDICTION_BUCKETS)
        .register(registry);
    processing = Timer.builder("driftwatch.event.processing")
        .description("Stream-thread time per input record: parse, validate, score, write the prediction or dead"
            + " letter, update the drift window")
        .serviceLevelObjectives(PROCESSING_BUCKETS)
        .register(registry);
  }

  /** Records one input record's processing time, from {@code startNanos} ({@link System#nanoTime()}) to now. */
  public void processed(long startNanos) {
    Timer timer = processing;
    if (timer != null) {
      timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Records one prediction written. */
  public void predicted(double prediction) {
    DistributionSummary summary = predictions;
    if (summary != null) {
      summary.record(prediction);
    }
  }

  private static Duration micros(long n) {
    return Duration.ofNanos(n * 1000);
  }

  private static Duration millis(long n) {
    return Duration.ofMillis(n);
  }
}
