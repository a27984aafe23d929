package io.driftwatch.streaming.metrics;

import io.driftwatch.core.drift.DistributionDrift;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftState;
import io.driftwatch.core.drift.MultivariateDrift;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.drift.DriftReports;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Data drift of the last window report this instance emitted ({@link DriftReports}): per-feature gauges with a
 * {@code feature} label (the model's features: bounded), window gauges, and the report's data quality with a
 * {@code reason} label (the reject reason codes: bounded; a reason's series appears with the first report that counts
 * it, then shows 0 in reports without it). Only the instance running the merge task emits reports; elsewhere these
 * gauges stay absent rather than reporting 0 or NaN. They are registered on the first report and read the latest
 * report at scrape time; a feature that leaves the reports (another model) loses its series. Nothing here runs per
 * event: the listener runs once per window.
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

  /** Per feature, from its drift state: the run's start and end, Unix time; NaN when there is none. */
  private static final Map<String, ToDoubleFunction<DriftState>> STATE_GAUGES = new LinkedHashMap<>();

  static {
    STATE_GAUGES.put("driftwatch.drift.since.timestamp.seconds", s -> seconds(s.since()));
    STATE_GAUGES.put("driftwatch.drift.ended.timestamp.seconds", s -> seconds(s.ended()));
  }

  private final DriftReports reports;
  private volatile DriftReport latest;
  private MeterRegistry registry;
  private boolean windowGauges;
  private final Map<String, List<Meter>> featureGauges = new LinkedHashMap<>();
  private final Map<String, List<Meter>> pairGauges = new LinkedHashMap<>();
  private final Set<RejectReason> reasonGauges = EnumSet.noneOf(RejectReason.class);

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
      window("driftwatch.drift.multivariate.drift", "1 if the joint tests (mean shift given the other features,"
          + " correlation changes) flagged the last window", r -> r.multivariate().drift() ? 1 : 0);
      window("driftwatch.drift.multivariate.tested", "1 if the last window was tested jointly (see the report's"
          + " multivariate.reason when 0)", r -> r.multivariate().tested() ? 1 : 0);
      window("driftwatch.drift.hotelling.t2", "Hotelling T² of the last window's standardized mean vector against the"
          + " reference's; NaN when not tested", r -> r.multivariate().hotellingT2());
      window("driftwatch.drift.multivariate.p.value", "p-value of the last window's Hotelling T², unadjusted",
          r -> r.multivariate().pValue());
      window("driftwatch.drift.mahalanobis.sigma", "Mahalanobis distance between the last window's mean vector and"
          + " the reference's, in σ", r -> r.multivariate().mahalanobisSigma());
      window("driftwatch.drift.rejected.share", "Share of the records of the last report that were rejected"
          + " (rejected / (window records + rejected)); NaN without any record", r -> r.dataQuality().rejectedShare());
    }
    for (RejectReason reason : report.dataQuality().byReason().keySet()) {
      if (reasonGauges.add(reason)) {
        Gauge.builder("driftwatch.drift.rejected.records", this, m -> m.latest.dataQuality().rejected(reason))
            .description("Records rejected for one reason, as counted in the last report (since the previous one)")
            .tag("reason", reason.code())
            .strongReference(true)
            .register(registry);
      }
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
        meters.add(Gauge.builder("driftwatch.drift.partial.shift.sigma", this, m -> m.partialShift(name, false))
            .description("Shift of the feature's mean given the other features, in σ, in the last window;"
                + " NaN when not tested")
            .tag("feature", name)
            .strongReference(true)
            .register(registry));
        meters.add(Gauge.builder("driftwatch.drift.partial.shift.adjusted.p.value", this,
                m -> m.partialShift(name, true))
            .description("Holm-adjusted p-value of the feature's partial shift in the last window")
            .tag("feature", name)
            .strongReference(true)
            .register(registry));
        STATE_GAUGES.forEach((metric, value) -> meters.add(
            Gauge.builder(metric, this, m -> value.applyAsDouble(m.latest.driftStates().feature(name)))
                .description("The feature's current or most recent run of drifted windows, as of the last report")
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
    // One series per pair of model features (45 for ten): bounded by the model, like the feature label.
    Set<String> pairs = new HashSet<>();
    for (MultivariateDrift.PairChange pair : report.multivariate().pairs()) {
      String label = pair.first() + ":" + pair.second();
      pairs.add(label);
      pairGauges.computeIfAbsent(label, l -> List.of(
          Gauge.builder("driftwatch.drift.correlation.change", this, m -> m.pair(l, PAIR_CHANGE))
              .description("Window minus reference correlation of the pair's normal scores, last window")
              .tag("pair", l)
              .strongReference(true)
              .register(registry),
          Gauge.builder("driftwatch.drift.pair.adjusted.p.value", this, m -> m.pair(l, PAIR_P))
              .description("Holm-adjusted p-value of the pair's correlation change in the last window")
              .tag("pair", l)
              .strongReference(true)
              .register(registry),
          Gauge.builder("driftwatch.drift.pair.flag", this, m -> m.pair(l, PAIR_FLAG))
              .description("1 if the pair's correlation change drifted in the last window")
              .tag("pair", l)
              .strongReference(true)
              .register(registry)));
    }
    // A window not tested jointly keeps the pairs' series (NaN), so a panel shows a gap rather than losing them.
    if (report.multivariate().tested()) {
      pairGauges.entrySet().removeIf(entry -> {
        if (pairs.contains(entry.getKey())) {
          return false;
        }
        entry.getValue().forEach(registry::remove);
        return true;
      });
    }
  }

  private static final ToDoubleFunction<MultivariateDrift.PairChange> PAIR_CHANGE = MultivariateDrift.PairChange::change;
  private static final ToDoubleFunction<MultivariateDrift.PairChange> PAIR_P =
      MultivariateDrift.PairChange::adjustedPValue;
  private static final ToDoubleFunction<MultivariateDrift.PairChange> PAIR_FLAG = p -> p.drift() ? 1 : 0;

  private double pair(String label, ToDoubleFunction<MultivariateDrift.PairChange> value) {
    for (MultivariateDrift.PairChange pair : latest.multivariate().pairs()) {
      if (label.equals(pair.first() + ":" + pair.second())) {
        return value.applyAsDouble(pair);
      }
    }
    return Double.NaN;
  }

  private double partialShift(String name, boolean adjustedP) {
    for (MultivariateDrift.PartialShift shift : latest.multivariate().partialShifts()) {
      if (shift.feature().equals(name)) {
        return adjustedP ? shift.adjustedPValue() : shift.shiftSigma();
      }
    }
    return Double.NaN;
  }

  private void window(String name, String description, ToDoubleFunction<DriftReport> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.latest))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private static double seconds(java.time.Instant t) {
    return t == null ? Double.NaN : ModelMetrics.seconds(t);
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
