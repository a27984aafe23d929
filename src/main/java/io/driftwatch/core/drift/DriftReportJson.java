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
    root.put("below_min_samples", r.belowMinSamples());
    root.put("dataset_drift", r.datasetDrift());
    ArrayNode drifted = root.putArray("drifted_features");
    r.driftedFeatures().forEach(drifted::add);
    ObjectNode features = root.putObject("features");
    for (DistributionDrift f : r.features()) {
      ObjectNode node = features.putObject(f.name());
      node.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
      distribution(node, f);
      number(node, "prediction_shift", f.predictionShift());
      node.put("affects_prediction", f.affectsPrediction());
    }
    ObjectNode prediction = root.putObject("prediction");
    distribution(prediction, r.prediction());
    number(prediction, "mean_shift", r.predictionMeanShift());
    number(prediction, "explained_shift", r.explainedPredictionShift());
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
    return root;
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
