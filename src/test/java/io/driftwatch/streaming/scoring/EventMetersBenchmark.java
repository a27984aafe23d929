package io.driftwatch.streaming.scoring;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-event meters add to one event: two clock reads, the processing-time and prediction histograms, bound to
 * the service's Prometheus registry (as {@code serve} runs) or to nothing (tests and tools), beside the clock reads
 * alone. {@code java ... org.openjdk.jmh.Main EventMeters -prof gc} (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventMetersBenchmark {

  private final EventMeters unbound = new EventMeters();
  private final EventMeters prometheus = new EventMeters();
  private double prediction = 140.047024;

  @Setup
  public void bind() {
    prometheus.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Benchmark
  public long clockReadsOnly() {
    long start = System.nanoTime();
    prediction += 1e-9;
    return System.nanoTime() - start;
  }

  @Benchmark
  public void unbound() {
    long start = System.nanoTime();
    unbound.predicted(prediction += 1e-9);
    unbound.processed(start);
  }

  @Benchmark
  public void prometheusTimerOnly() {
    long start = System.nanoTime();
    prediction += 1e-9;
    prometheus.processed(start);
  }

  @Benchmark
  public void prometheusRegistry() {
    long start = System.nanoTime();
    prometheus.predicted(prediction += 1e-9);
    prometheus.processed(start);
  }
}
