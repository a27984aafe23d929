package io.driftwatch.core.performance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes the statistical part of a {@link PerformanceReport} as JSON, between fields the caller supplies. Field names
 * are snake_case; undefined numbers are {@code null}.
 *
 * <p>Order: the {@code header} entries (the stream puts {@code kind}, {@code window_start}, {@code window_end},
 * {@code model_version} there), then {@code count}, {@code rmse}, {@code mae}, {@code bias}, {@code reference_rmse},
 * {@code rmse_ratio}, {@code p_value}, {@code p_value_adjusted}, {@code below_min_samples}, {@code error_drift},
 * {@code concept_drift}, {@code attribution} ({@code [{feature, effect_change, p_value}]}, p-values Holm-adjusted),
 * {@code features} (per feature: {@code usable}, {@code effect_change}, {@code std_error}, {@code t_statistic},
 * {@code p_value}, {@code p_value_adjusted}, {@code significant}, {@code large_effect}, {@code attributed}),
 * {@code thresholds}, then the {@code trailer} entries ({@code label_coverage}, {@code unmatched_outcomes}, ...).
 * Header and trailer values may be strings, numbers (non-finite ones become null), booleans, {@code Instant}s
 * (ISO-8601) or null.
 */
public final class PerformanceReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PerformanceReportJson() {}

  /** The report alone, without header or trailer. */
  public static byte[] write(PerformanceReport report) {
    return write(report, Map.of(), Map.of());
  }

  /** @param header entries written first, in iteration order; @param trailer entries written last */
  public static byte[] write(PerformanceReport report, Map<String, ?> header, Map<String, ?> trailer) {
    try {
      return MAPPER.writeValueAsBytes(toTree(report, header, trailer));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(PerformanceReport report, Map<String, ?> header, Map<String, ?> trailer) {
    try {
      return MAPPER.writeValueAsString(toTree(report, header, trailer));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode toTree(PerformanceReport r, Map<String, ?> header, Map<String, ?> trailer) {
    ObjectNode root = MAPPER.createObjectNode();
    extra(root, header);
    root.put("count", r.count());
    number(root, "rmse", r.rmse());
    number(root, "mae", r.mae());
    number(root, "bias", r.bias());
    number(root, "reference_rmse", r.referenceRmse());
    number(root, "rmse_ratio", r.rmseRatio());
    number(root, "p_value", r.pValue());
    number(root, "p_value_adjusted", r.adjustedPValue());
    root.put("below_min_samples", r.belowMinSamples());
    root.put("error_drift", r.errorDrift());
    root.put("concept_drift", r.conceptDrift());
    ArrayNode attribution = root.putArray("attribution");
    for (Attribution a : r.attribution()) {
      attribution(attribution.addObject(), a);
    }
    ObjectNode features = root.putObject("features");
    for (FeatureAssociation f : r.features()) {
      ObjectNode node = features.putObject(f.feature());
      node.put("usable", f.usable());
      number(node, "effect_change", f.effectChange());
      number(node, "std_error", f.standardError());
      number(node, "t_statistic", f.tStatistic());
      number(node, "p_value", f.pValue());
      number(node, "p_value_adjusted", f.adjustedPValue());
      node.put("significant", f.significant());
      node.put("large_effect", f.largeEffect());
      node.put("attributed", f.attributed());
    }
    PerformanceThresholds t = r.thresholds();
    ObjectNode thresholds = root.putObject("thresholds");
    thresholds.put("min_samples", t.minSamples());
    number(thresholds, "significance_level", t.significanceLevel());
    thresholds.put("correction", PerformanceThresholds.CORRECTION);
    number(thresholds, "min_rmse_ratio", t.minRmseRatio());
    number(thresholds, "min_effect_change", t.minEffectChange());
    extra(root, trailer);
    return root;
  }

  static void attribution(ObjectNode node, Attribution a) {
    node.put("feature", a.feature());
    number(node, "effect_change", a.effectChange());
    number(node, "p_value", a.pValue());
  }

  static void extra(ObjectNode root, Map<String, ?> fields) {
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        root.putNull(e.getKey());
      } else if (v instanceof Double || v instanceof Float) {
        number(root, e.getKey(), ((Number) v).doubleValue());
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        root.put(e.getKey(), ((Number) v).longValue());
      } else if (v instanceof Boolean b) {
        root.put(e.getKey(), b);
      } else {
        root.put(e.getKey(), v.toString());
      }
    }
  }

  static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
