package io.driftwatch.streaming.metrics;

import io.driftwatch.core.drift.DistributionDrift;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.streaming.drift.DriftReports;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Data drift of the last window report this instance emitted ({@link DriftReports}): per-feature gauges with a
 * {@code feature} label (the model's features: bounded) and window gauges. Only the instance running the merge task
 * emits reports; elsewhere these gauges stay absent rather than reporting 0 or NaN. They are registered on the first
 * report and read the latest report at scrape time; a feature that leaves the reports (another model) loses its
 * series. Nothing here runs per event: the listener runs once per window.
 */
public final class DriftMetrics implements MeterBinder {

  private static final Map<String, ToDoubleFunction<DistributionDrift>> FEATURE_GAUGES = new LinkedHashMap<>();

  static {
    FEATURE_GAUGES.put("driftwatch.drift.psi", DistributionDrift::psi);
    FEATURE_GAUGES.put("driftwatch.drift.ks.statistic", DistributionDrift::ksStatistic);
    FEATURE_GAUGES.put("driftwatch.drift.p.value", DistributionDrift::pValue);
    FEATURE_GAUGES.put("driftwatch.drift.adjusted.p.value", DistributionDrift::adjustedPValue);
    FEATURE_GAUGES.put("driftwatch.drift.wasserstein.sigma", DistributionDrift::wassersteinSigma);
    FEATURE_GAUGES.put("driftwatch.drift.mean.shift.sigma", DistributionDrift::meanShiftSigma);
    FEATURE_GAUGES.put("driftwatch.drift.flag", d -> d.drift() ? 1 : 0);
    FEATURE_GAUGES.put("driftwatch.drift.prediction.shift", DistributionDrift::predictionShift);
  }

  private final DriftReports reports;
  private volatile DriftReport latest;
  private MeterRegistry registry;
  private boolean windowGauges;
  private final Map<String, List<Meter>> featureGauges = new LinkedHashMap<>();

  public DriftMetrics(DriftReports reports) {
    this.reports = reports;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    reports.addListener(this::reported);
    reports.latest().ifPresent(this::reported);
  }

  private synchronized void reported(DriftReport report) {
    latest = report;
    if (!windowGauges) {
      windowGauges = true;
      window("driftwatch.dataset.drift", "1 if at least one feature drifted in the last window", r -> r.datasetDrift() ? 1 : 0);
      window("driftwatch.prediction.drift", "1 if the prediction's distribution drifted in the last window",
          r -> r.prediction().drift() ? 1 : 0);
      window("driftwatch.drift.window.records", "Records in the last window", DriftReport::count);
      window("driftwatch.drift.late.records", "Records that arrived after their window had closed, as of the last window",
          DriftReport::lateRecords);
      window("driftwatch.drift.window.end.timestamp.seconds", "End of the last window, Unix time",
          r -> ModelMetrics.seconds(r.windowEnd()));
    }
    Set<String> names = new HashSet<>();
    for (DistributionDrift feature : report.features()) {
      String name = feature.name();
      names.add(name);
      if (!featureGauges.containsKey(name)) {
        List<Meter> meters = new ArrayList<>();
        FEATURE_GAUGES.forEach((metric, value) -> meters.add(
            Gauge.builder(metric, this, m -> m.feature(name, value))
                .description("Data drift of one feature in the last window this instance reported")
                .tag("feature", name)
                .strongReference(true)
                .register(registry)));
        featureGauges.put(name, meters);
      }
    }
    featureGauges.entrySet().removeIf(entry -> {
      if (names.contains(entry.getKey())) {
        return false;
      }
      entry.getValue().forEach(registry::remove);
      return true;
    });
  }

  private void window(String name, String description, ToDoubleFunction<DriftReport> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.latest))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private double feature(String name, ToDoubleFunction<DistributionDrift> value) {
    for (DistributionDrift feature : latest.features()) {
      if (feature.name().equals(name)) {
        return value.applyAsDouble(feature);
      }
    }
    return Double.NaN;
  }
}
