package io.driftwatch.streaming.metrics;

import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.drift.DriftReports;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One service instance's Prometheus registry: driftwatch's binders, Kafka Streams' own metrics, JVM and process
 * metrics. Every meter reads state the service keeps anyway, at scrape time.
 */
public final class ServiceMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final KafkaStreamsMetrics kafkaStreams;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * @param notReady why the instance is not ready (as {@code /health/ready} says), or empty when it is
   * @param perEvent record the per-event histograms ({@link io.driftwatch.streaming.scoring.EventMeters}); false when
   *     nothing will scrape them ({@code metrics.port=0}), so the hot path does not pay for them
   */
  public ServiceMetrics(RecordOutcomes outcomes, ModelRegistry models, DriftReports drift,
      PerformanceReports performance, KafkaStreams streams, Supplier<Optional<String>> notReady, boolean perEvent) {
    new RecordOutcomeMetrics(outcomes).bindTo(registry);
    if (perEvent) {
      outcomes.events().bindTo(registry);
    }
    Gauge.builder("driftwatch.ready", notReady, r -> r.get().isEmpty() ? 1 : 0)
        .description("1 while /health/ready answers 200 (Kafka Streams running or rebalancing, a model loaded)")
        .strongReference(true)
        .register(registry);
    new ModelMetrics(models).bindTo(registry);
    new DriftMetrics(drift).bindTo(registry);
    new PerformanceMetrics(performance).bindTo(registry);
    kafkaStreams = streams == null ? null : new KafkaStreamsMetrics(streams);
    if (kafkaStreams != null) {
      kafkaStreams.bindTo(registry);
    }
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (kafkaStreams != null) {
      kafkaStreams.close();
    }
    gc.close();
    registry.close();
  }
}
