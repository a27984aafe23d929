package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision on one quantity in words, with the figures and thresholds it rests on: drift needs a significant
 * change (adjusted p ≤ the calibrated significance level) that is also large (PSI or Wasserstein at or above its
 * floor), in a window with enough records. The verdict is the report's own ({@code drift}, {@code significant},
 * {@code large_effect}); the numbers only explain it.
 */
final class Decision {

  private Decision() {}

  /**
   * @param quantity a {@code features.<name>} or {@code prediction} object
   * @param report the report holding it ({@code thresholds}, {@code below_min_samples}, {@code count})
   */
  static String of(JsonNode quantity, JsonNode report) {
    if (Json.count(quantity, "count") == 0 && Json.number(quantity, "psi") == null) {
      return "no values in this window";
    }
    JsonNode thresholds = Json.object(report, "thresholds");
    Double alpha = Json.number(thresholds, "significance_level");
    Double adjusted = Json.number(quantity, "p_value_adjusted");
    boolean significant = Json.flag(quantity, "significant");
    boolean large = Json.flag(quantity, "large_effect");
    String test = alpha == null || adjusted == null ? null
        : "adjusted p " + Formats.pValue(adjusted) + (significant ? " ≤ " : " > ") + Formats.pValue(alpha);
    String effect = effect(quantity, thresholds, large);

    if (Json.flag(report, "below_min_samples")) {
      Double minSamples = Json.number(thresholds, "min_samples");
      return "not judged: " + Formats.count(Json.count(report, "count")) + " records, fewer than the "
          + (minSamples == null ? "minimum" : Formats.count(minSamples.longValue())) + " needed";
    }
    if (Json.flag(quantity, "drift")) {
      return "drift: " + or(test, "significant") + " and " + or(effect, "large effect");
    }
    if (significant) {
      return "no drift: " + or(test, "significant") + " but the change is small (" + or(effect, "small effect") + ")";
    }
    if (large) {
      return "no drift: " + or(effect, "large effect") + " but " + or(test, "not significant") + " (could be chance)";
    }
    return "no drift: " + or(test, "not significant") + "; " + or(effect, "small effect");
  }

  /** "PSI 0.362 ≥ 0.1 and Wasserstein 0.456σ ≥ 0.1σ": the measures on the side of the floor the report decided. */
  private static String effect(JsonNode quantity, JsonNode thresholds, boolean large) {
    Double psi = Json.number(quantity, "psi");
    Double psiFloor = Json.number(thresholds, "psi_floor");
    Double w = Json.number(quantity, "wasserstein_sigma");
    Double wFloor = Json.number(thresholds, "wasserstein_sigma_floor");
    List<String> parts = new ArrayList<>(2);
    if (psi != null && psiFloor != null && (psi >= psiFloor) == large) {
      parts.add("PSI " + Formats.fixed(psi, 3) + (large ? " ≥ " : " < ") + Formats.threshold(psiFloor));
    }
    if (w != null && wFloor != null && (w >= wFloor) == large) {
      parts.add("Wasserstein " + Formats.fixed(w, 3) + "σ" + (large ? " ≥ " : " < ") + Formats.threshold(wFloor) + "σ");
    }
    return parts.isEmpty() ? null : String.join(" and ", parts);
  }

  private static String or(String words, String fallback) {
    return words == null ? fallback : words;
  }
}
