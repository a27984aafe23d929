package io.driftwatch.streaming.metrics;

import io.driftwatch.core.performance.DetectorStatistics;
import io.driftwatch.core.performance.PerformanceReport;
import io.driftwatch.streaming.performance.LabelOutcomes;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.performance.PerformanceReports.Window;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Concept drift: {@code driftwatch_outcomes_total{result}} and {@code driftwatch_concept_alarms_total}; gauges of the
 * last performance window report this instance emitted; and the sequential detector's statistics beside their
 * thresholds. The window and detector gauges are registered with the first report or detector update, so they stay
 * absent on instances that do not run the performance merge task.
 */
public final class PerformanceMetrics implements MeterBinder {

  static final String DETECTOR_STATISTIC = "driftwatch.concept.detector.statistic";
  static final String DETECTOR_THRESHOLD = "driftwatch.concept.detector.threshold";

  private final PerformanceReports reports;
  private MeterRegistry registry;
  private boolean windowGauges;
  private List<String> detectorFeatures;
  private final List<Meter> detectorMeters = new ArrayList<>();

  public PerformanceMetrics(PerformanceReports reports) {
    this.reports = reports;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    FunctionCounter.builder("driftwatch.concept.alarms", reports, PerformanceReports::alarms)
        .description("Sequential concept-drift alarms this instance raised since it started")
        .register(registry);
    LabelOutcomes labels = reports.labels();
    outcomes(labels, "joined", LabelOutcomes::joined);
    outcomes(labels, "unmatched", LabelOutcomes::unmatched);
    outcomes(labels, "duplicate", LabelOutcomes::duplicate);
    outcomes(labels, "expired", LabelOutcomes::expired);
    reports.addWindowListener(report -> reported());
    reports.latestWindow().ifPresent(window -> reported());
    reports.addDetectorListener(this::detector);
    reports.detector().ifPresent(this::detector);
  }

  private void outcomes(LabelOutcomes labels, String result, ToLongFunction<LabelOutcomes> count) {
    FunctionCounter.builder("driftwatch.outcomes", labels, l -> count.applyAsLong(l))
        .description("Outcomes joined to their prediction, unmatched (dead-lettered) or duplicate, and predictions"
            + " expired without an outcome, on this instance since it started")
        .tag("result", result)
        .register(registry);
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

  /** Registers the detector's series on its first snapshot, and again when its monitored features change. */
  private synchronized void detector(DetectorStatistics statistics) {
    if (statistics.features().equals(detectorFeatures)) {
      return;
    }
    detectorMeters.forEach(registry::remove);
    detectorMeters.clear();
    detectorFeatures = statistics.features();
    String description = "The sequential concept-drift detector's CUSUM statistic (an alarm when it reaches its"
        + " threshold): per feature for association, one for the error level";
    for (int i = 0; i < detectorFeatures.size(); i++) {
      int index = i;
      detectorMeters.add(detectorGauge(DETECTOR_STATISTIC, description, "association", detectorFeatures.get(i),
          s -> s.association().length > index ? s.association()[index] : Double.NaN));
    }
    detectorMeters.add(detectorGauge(DETECTOR_STATISTIC, description, "error", "", DetectorStatistics::error));
    String threshold = "The sequential concept-drift detector's alarm threshold";
    detectorMeters.add(detectorGauge(DETECTOR_THRESHOLD, threshold, "association", null,
        DetectorStatistics::associationThreshold));
    detectorMeters.add(detectorGauge(DETECTOR_THRESHOLD, threshold, "error", null, DetectorStatistics::errorThreshold));
  }

  private Meter detectorGauge(String name, String description, String detector, String feature,
      ToDoubleFunction<DetectorStatistics> value) {
    Gauge.Builder<PerformanceReports> builder =
        Gauge.builder(name, reports, r -> r.detector().map(value::applyAsDouble).orElse(Double.NaN))
            .description(description)
            .tag("detector", detector)
            .strongReference(true);
    if (feature != null) {
      builder.tag("feature", feature);
    }
    return builder.register(registry);
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
