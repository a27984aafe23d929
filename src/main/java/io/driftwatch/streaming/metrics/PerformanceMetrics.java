package io.driftwatch.streaming.metrics;

import io.driftwatch.core.performance.PerformanceReport;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.performance.PerformanceReports.Window;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Concept drift: gauges of the last performance window report this instance emitted (registered with the first one,
 * absent on instances that do not run the performance merge task) and {@code driftwatch_concept_alarms_total}.
 */
public final class PerformanceMetrics implements MeterBinder {

  private final PerformanceReports reports;
  private MeterRegistry registry;
  private boolean windowGauges;

  public PerformanceMetrics(PerformanceReports reports) {
    this.reports = reports;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    FunctionCounter.builder("driftwatch.concept.alarms", reports, PerformanceReports::alarms)
        .description("Sequential concept-drift alarms this instance raised since it started")
        .register(registry);
    reports.addWindowListener(report -> reported());
    reports.latestWindow().ifPresent(window -> reported());
  }

  private synchronized void reported() {
    if (windowGauges) {
      return;
    }
    windowGauges = true;
    report("driftwatch.performance.rmse", "RMSE of the last window's labelled predictions (target units)",
        PerformanceReport::rmse);
    report("driftwatch.performance.reference.rmse", "The model's reference (out-of-fold) RMSE",
        PerformanceReport::referenceRmse);
    report("driftwatch.performance.rmse.ratio", "Last window's RMSE / reference RMSE", PerformanceReport::rmseRatio);
    report("driftwatch.performance.bias", "Last window's mean residual (outcome - prediction)",
        PerformanceReport::bias);
    report("driftwatch.concept.drift", "1 if the last performance window found concept drift",
        r -> r.conceptDrift() ? 1 : 0);
    window("driftwatch.label.coverage", "Last window's matched / (matched + expired) predictions",
        Window::labelCoverage);
    window("driftwatch.performance.window.end.timestamp.seconds", "End of the last performance window, Unix time",
        w -> ModelMetrics.seconds(w.windowEnd()));
  }

  private void report(String name, String description, ToDoubleFunction<PerformanceReport> value) {
    window(name, description, w -> value.applyAsDouble(w.report()));
  }

  private void window(String name, String description, ToDoubleFunction<Window> value) {
    Gauge.builder(name, reports, r -> r.latestWindow().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .strongReference(true)
        .register(registry);
  }
}
