package io.driftwatch.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes a {@link DriftReport} as the JSON value of the {@code drift-reports} topic (schema in the README). Field names
 * are snake_case; undefined numbers (a feature without values, a σ of zero) are written as {@code null}.
 */
public final class DriftReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DriftReportJson() {}

  public static byte[] write(DriftReport report) {
    try {
      return MAPPER.writeValueAsBytes(toTree(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(DriftReport report) {
    try {
      return MAPPER.writeValueAsString(toTree(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code drift-reports} record key: the window start, ISO-8601. */
  public static String key(DriftReport report) {
    return report.windowStart().toString();
  }

  public static ObjectNode toTree(DriftReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("window_start", iso(r.windowStart()));
    root.put("window_end", iso(r.windowEnd()));
    root.put("model_name", r.modelName());
    root.put("model_version", r.modelVersion());
    root.put("count", r.count());
    root.put("late_records", r.lateRecords());
    dataQuality(root.putObject("data_quality"), r.dataQuality());
    root.put("below_min_samples", r.belowMinSamples());
    root.put("dataset_drift", r.datasetDrift());
    ArrayNode drifted = root.putArray("drifted_features");
    r.driftedFeatures().forEach(drifted::add);
    driftState(root.putObject("drift_state"), r.driftStates().dataset());
    ObjectNode features = root.putObject("features");
    for (DistributionDrift f : r.features()) {
      ObjectNode node = features.putObject(f.name());
      node.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
      distribution(node, f);
      number(node, "prediction_shift", f.predictionShift());
      node.put("affects_prediction", f.affectsPrediction());
      histogram(node, f.histogram());
      driftState(node.putObject("drift_state"), r.driftStates().feature(f.name()));
    }
    ObjectNode prediction = root.putObject("prediction");
    distribution(prediction, r.prediction());
    number(prediction, "mean_shift", r.predictionMeanShift());
    number(prediction, "explained_shift", r.explainedPredictionShift());
    histogram(prediction, r.prediction().histogram());
    driftState(prediction.putObject("drift_state"), r.driftStates().prediction());
    multivariate(root.putObject("multivariate"), r.multivariate());
    DriftThresholds t = r.thresholds();
    ObjectNode thresholds = root.putObject("thresholds");
    thresholds.put("min_samples", t.minSamples());
    number(thresholds, "false_alarm_rate", t.falseAlarmRate());
    thresholds.put("correction", DriftThresholds.CORRECTION);
    number(thresholds, "significance_level", t.significanceLevel());
    number(thresholds, "psi_floor", t.psiFloor());
    number(thresholds, "wasserstein_sigma_floor", t.wassersteinSigmaFloor());
    thresholds.put("calibration_window_events", t.calibrationWindowEvents());
    thresholds.put("calibration_rounds", t.calibrationRounds());
    number(thresholds, "simulated_false_alarm_rate", t.simulatedFalseAlarmRate());
    thresholds.put("calibration_source", t.calibrationSource().label());
    thresholds.put("multivariate", t.multivariate());
    number(thresholds, "mean_shift_sigma_floor", t.meanShiftSigmaFloor());
    number(thresholds, "correlation_floor", t.correlationFloor());
    return root;
  }

  private static void multivariate(ObjectNode node, MultivariateDrift m) {
    node.put("tested", m.tested());
    node.put("reason", m.notTestedReason());
    node.put("count", m.count());
    number(node, "hotelling_t2", m.hotellingT2());
    number(node, "f_statistic", m.fStatistic());
    node.put("dimensions", m.dimensions());
    number(node, "p_value", m.pValue());
    number(node, "p_value_adjusted", m.adjustedPValue());
    number(node, "mahalanobis_sigma", m.mahalanobisSigma());
    node.put("drift", m.drift());
    ArrayNode shifted = node.putArray("shifted_features");
    m.shiftedFeatures().forEach(shifted::add);
    ArrayNode changed = node.putArray("changed_pairs");
    for (MultivariateDrift.PairChange pair : m.changedPairs()) {
      ObjectNode c = changed.addObject();
      c.putArray("features").add(pair.first()).add(pair.second());
      number(c, "reference_correlation", pair.referenceCorrelation());
      number(c, "window_correlation", pair.windowCorrelation());
      number(c, "z", pair.z());
      number(c, "p_value", pair.pValue());
      number(c, "p_value_adjusted", pair.adjustedPValue());
    }
    number(node, "pairs_p_value", m.pairsPValue());
    number(node, "pairs_p_value_adjusted", m.pairsAdjustedPValue());
    ObjectNode partial = node.putObject("partial_shifts");
    for (MultivariateDrift.PartialShift shift : m.partialShifts()) {
      ObjectNode f = partial.putObject(shift.feature());
      number(f, "shift_sigma", shift.shiftSigma());
      number(f, "z", shift.z());
      number(f, "p_value", shift.pValue());
      number(f, "p_value_adjusted", shift.adjustedPValue());
      f.put("drift", shift.drift());
    }
    ObjectNode correlations = node.putObject("correlations");
    ArrayNode names = correlations.putArray("features");
    m.features().forEach(names::add);
    matrix(correlations.putArray("reference"), m.referenceCorrelation());
    matrix(correlations.putArray("window"), m.windowCorrelation());
  }

  private static void matrix(ArrayNode out, double[][] m) {
    for (double[] row : m) {
      ArrayNode r = out.addArray();
      for (double v : row) {
        if (Double.isFinite(v)) {
          r.add(v);
        } else {
          r.addNull();
        }
      }
    }
  }

  private static void distribution(ObjectNode node, DistributionDrift d) {
    node.put("count", d.count());
    number(node, "mean", d.mean());
    number(node, "std", d.std());
    number(node, "min", d.min());
    number(node, "max", d.max());
    number(node, "psi", d.psi());
    number(node, "ks_statistic", d.ksStatistic());
    node.put("test", d.test().jsonName());
    if (d.test() == DistributionTest.CHI_SQUARE) {
      number(node, "chi_square", d.chiSquare());
    }
    number(node, "p_value", d.pValue());
    number(node, "p_value_adjusted", d.adjustedPValue());
    number(node, "wasserstein_sigma", d.wassersteinSigma());
    number(node, "mean_shift_sigma", d.meanShiftSigma());
    number(node, "std_shift_sigma", d.stdShiftSigma());
    node.put("significant", d.significant());
    node.put("large_effect", d.largeEffect());
    node.put("drift", d.drift());
  }

  private static void dataQuality(ObjectNode node, DataQuality q) {
    node.put("records", q.records());
    node.put("rejected", q.rejected());
    number(node, "rejected_share", q.rejectedShare());
    ObjectNode byReason = node.putObject("by_reason");
    q.byReason().forEach((reason, n) -> byReason.put(reason.code(), n));
  }

  private static void driftState(ObjectNode node, DriftState s) {
    node.put("drifting", s.drifting());
    node.put("since", iso(s.since()));
    node.put("ended", iso(s.ended()));
  }

  private static void histogram(ObjectNode node, Histogram h) {
    if (h == null) {
      return;
    }
    ObjectNode histogram = node.putObject("histogram");
    if (h.categorical()) {
      ArrayNode categories = histogram.putArray("categories");
      for (double c : h.categories()) {
        // Codes are whole numbers in practice (sex: 1, 2): written as such.
        if (c == Math.rint(c) && Math.abs(c) < 0x1p53) {
          categories.add((long) c);
        } else {
          categories.add(c);
        }
      }
    } else {
      ArrayNode edges = histogram.putArray("edges");
      for (double e : h.edges()) {
        edges.add(e);
      }
    }
    ArrayNode reference = histogram.putArray("reference");
    for (double p : h.reference()) {
      reference.add(p);
    }
    ArrayNode window = histogram.putArray("window");
    for (long n : h.window()) {
      window.add(n);
    }
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
