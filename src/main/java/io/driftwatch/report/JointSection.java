package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.report.Views.HeatCell;
import io.driftwatch.report.Views.HeatRow;
import io.driftwatch.report.Views.Heatmap;
import io.driftwatch.report.Views.Joint;
import io.driftwatch.report.Views.PairRow;
import io.driftwatch.report.Views.ShiftRow;
import io.driftwatch.report.Views.Swatch;
import io.driftwatch.report.Views.Verdict;
import io.driftwatch.report.Views.VerdictItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report's {@code multivariate} object (issue 13) in words and tables: whether the features' mean vector moved
 * (Hotelling T², and each feature's shift given the others) and which pairs of features move together differently
 * (normal-score correlations). Reads leniently, like the rest of the page: a report written before the joint tests
 * has none, and says so; one not tested says why.
 */
final class JointSection {

  private static final String SHIFTED = "shifted given the others";
  /** What a change of correlation is coloured by: ±0.5 and beyond is the deepest colour. */
  private static final double CHANGE_SCALE = 0.5;

  private final JsonNode m;
  private final JsonNode thresholds;
  private final boolean judged;

  private JointSection(JsonNode report) {
    this.m = Json.object(report, "multivariate");
    this.thresholds = Json.object(report, "thresholds");
    this.judged = !Json.flag(report, "below_min_samples");
  }

  static JointSection of(JsonNode report) {
    return new JointSection(report);
  }

  /** Whether the report carries joint tests at all (reports written before issue 13 do not). */
  boolean present() {
    return m != null;
  }

  boolean tested() {
    return m != null && Json.flag(m, "tested");
  }

  /** Whether the joint tests flagged drift (never in a window below min_samples). */
  boolean drift() {
    return tested() && judged && Json.flag(m, "drift");
  }

  /**
   * What the joint tests found, for a verdict: "bmi shifted given the others", "s1:s2 correlation 0.89 → 0.04", and
   * the mean vector when T² drifted with no feature's shift to name. Empty without joint drift.
   */
  List<VerdictItem> findings() {
    if (!drift()) {
      return List.of();
    }
    // Name, note, and whether a new clause starts after it ("bmi, bp shifted given the others; s1:s2 ...").
    List<String[]> found = new ArrayList<>();
    List<String> shifted = shiftedFeatures();
    for (int k = 0; k < shifted.size(); k++) {
      boolean last = k + 1 == shifted.size();
      found.add(new String[] {shifted.get(k), last ? SHIFTED : null, last ? ";" : ","});
    }
    if (found.isEmpty() && t2Drift()) {
      found.add(new String[] {"mean vector", "shifted (Hotelling T²)", ";"});
    }
    for (JsonNode pair : changedPairs()) {
      found.add(new String[] {pairName(pair), "correlation " + Formats.fixed(Json.number(pair, "reference_correlation"),
          2) + " → " + Formats.fixed(Json.number(pair, "window_correlation"), 2), ","});
    }
    List<VerdictItem> items = new ArrayList<>(found.size());
    for (int k = 0; k < found.size(); k++) {
      items.add(new VerdictItem(found.get(k)[0], found.get(k)[1], k + 1 < found.size() ? found.get(k)[2] : "."));
    }
    return items;
  }

  /** "bmi; s1:s2": the joint findings' names, for option labels and tooltips. */
  String names() {
    List<String> names = new ArrayList<>();
    findings().forEach(item -> names.add(item.name()));
    return String.join(", ", names);
  }

  /** The window's section; {@code notJudged} is the sentence for a window below min_samples. */
  Joint view(String notJudged) {
    if (m == null) {
      return untested("this report has no joint tests (written before they were added).");
    }
    if (!tested()) {
      String reason = Json.text(m, "reason");
      return untested((reason == null ? "no reason given" : reason) + ".");
    }
    Verdict verdict;
    if (!judged) {
      verdict = new Verdict("unjudged", "Joint tests not judged:", List.of(), notJudged);
    } else if (drift()) {
      verdict = new Verdict("drift", "Joint drift:", findings(), null);
    } else {
      verdict = new Verdict("clear", "No joint drift:", List.of(),
          "no feature shifted given the others, no pair's correlation changed, the mean vector did not move.");
    }
    return new Joint(verdict, true, stats(), t2Decision(), shifts(), pairs(), pairsNone(), correlationMap(),
        changeMap());
  }

  private static Joint untested(String why) {
    return new Joint(new Verdict("unjudged", "Not tested jointly:", List.of(), why), false, List.of(), null,
        List.of(), List.of(), null, null, null);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Figures

  private List<String> stats() {
    List<String> stats = new ArrayList<>();
    stats.add(Formats.count(Json.count(m, "count")) + " records");
    stats.add("Hotelling T² " + Formats.significant(Json.number(m, "hotelling_t2"), 3));
    stats.add("F " + Formats.significant(Json.number(m, "f_statistic"), 3) + " on " + Json.count(m, "dimensions")
        + " dimensions");
    stats.add("p " + Formats.pValue(Json.number(m, "p_value")));
    stats.add("adjusted p " + Formats.pValue(Json.number(m, "p_value_adjusted")));
    stats.add("Mahalanobis " + Formats.fixed(Json.number(m, "mahalanobis_sigma"), 3) + "σ");
    stats.add("all pairs as one test: p " + Formats.pValue(Json.number(m, "pairs_p_value")) + ", adjusted "
        + Formats.pValue(Json.number(m, "pairs_p_value_adjusted")));
    return stats;
  }

  /** T² drifted: significant and its Mahalanobis distance at or above the mean-shift floor, in a judged window. */
  private boolean t2Drift() {
    Double adjusted = Json.number(m, "p_value_adjusted");
    Double alpha = Json.number(thresholds, "significance_level");
    Double distance = Json.number(m, "mahalanobis_sigma");
    Double floor = Json.number(thresholds, "mean_shift_sigma_floor");
    return judged && adjusted != null && alpha != null && distance != null && floor != null && adjusted <= alpha
        && distance >= floor;
  }

  /** "mean vector (T²): drift: adjusted p 2.4e-13 ≤ 0.01 and Mahalanobis 0.593σ ≥ 0.1σ", or why not. */
  private String t2Decision() {
    Double adjusted = Json.number(m, "p_value_adjusted");
    Double alpha = Json.number(thresholds, "significance_level");
    Double distance = Json.number(m, "mahalanobis_sigma");
    Double floor = Json.number(thresholds, "mean_shift_sigma_floor");
    if (adjusted == null || alpha == null || distance == null || floor == null) {
      return null;
    }
    boolean significant = adjusted <= alpha;
    boolean large = distance >= floor;
    String test = "adjusted p " + Formats.pValue(adjusted) + (significant ? " ≤ " : " > ") + Formats.pValue(alpha);
    String effect = "Mahalanobis " + Formats.fixed(distance, 3) + "σ" + (large ? " ≥ " : " < ")
        + Formats.threshold(floor) + "σ";
    String lead = "Mean vector (Hotelling T²): ";
    if (!judged) {
      return lead + "not judged; " + test + ", " + effect;
    }
    if (significant && large) {
      return lead + "drift: " + test + " and " + effect;
    }
    if (significant) {
      return lead + "no drift: " + test + " but the shift is small (" + effect + ")";
    }
    if (large) {
      return lead + "no drift: " + effect + " but " + test + " (could be chance)";
    }
    return lead + "no drift: " + test + "; " + effect;
  }

  /** Every feature's shift given the others: the drifted first (largest first), then by |z|, largest first. */
  private List<ShiftRow> shifts() {
    JsonNode partial = Json.object(m, "partial_shifts");
    if (partial == null) {
      return List.of();
    }
    List<String> shifted = shiftedFeatures();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    partial.properties().forEach(e -> {
      if (e.getValue().isObject()) {
        entries.add(e);
      }
    });
    entries.sort(Comparator.comparingInt((Map.Entry<String, JsonNode> e) -> rank(shifted, e.getKey()))
        .thenComparingDouble(e -> {
          Double z = Json.number(e.getValue(), "z");
          return z == null ? 0 : -Math.abs(z);
        }));
    List<ShiftRow> rows = new ArrayList<>(entries.size());
    for (Map.Entry<String, JsonNode> e : entries) {
      JsonNode s = e.getValue();
      boolean drift = judged && Json.flag(s, "drift");
      rows.add(new ShiftRow(e.getKey(), Formats.signed(Json.number(s, "shift_sigma"), 3),
          Formats.signed(Json.number(s, "z"), 2), Formats.pValue(Json.number(s, "p_value")),
          Formats.pValue(Json.number(s, "p_value_adjusted")), drift,
          !judged ? "not judged" : drift ? "yes" : significantOnly(s) ? ownMeanNote() : "no"));
    }
    return rows;
  }

  /** Significant but not flagged: its own mean did not move past the floor in that direction (see drift-methods.md). */
  private boolean significantOnly(JsonNode shift) {
    Double adjusted = Json.number(shift, "p_value_adjusted");
    Double alpha = Json.number(thresholds, "significance_level");
    return adjusted != null && alpha != null && adjusted <= alpha;
  }

  private String ownMeanNote() {
    Double floor = Json.number(thresholds, "mean_shift_sigma_floor");
    return "no: its own mean did not move " + (floor == null ? "past the floor" : "≥ " + Formats.threshold(floor) + "σ")
        + " that way";
  }

  /** The drifted features' order in {@code shifted_features}; the others after them. */
  private static int rank(List<String> shifted, String feature) {
    int k = shifted.indexOf(feature);
    return k < 0 ? Integer.MAX_VALUE : k;
  }

  private List<PairRow> pairs() {
    List<PairRow> rows = new ArrayList<>();
    for (JsonNode pair : changedPairs()) {
      Double reference = Json.number(pair, "reference_correlation");
      Double window = Json.number(pair, "window_correlation");
      rows.add(new PairRow(pairName(pair), Formats.fixed(reference, 2), Formats.fixed(window, 2),
          Formats.signed(reference == null || window == null ? null : window - reference, 2),
          Formats.signed(Json.number(pair, "z"), 1), Formats.pValue(Json.number(pair, "p_value_adjusted"))));
    }
    return rows;
  }

  private String pairsNone() {
    if (!changedPairs().isEmpty()) {
      return null;
    }
    int pairs = definedPairs();
    return "No pair's correlation changed" + (pairs == 0 ? "." : " (all " + pairs + " pairs as one test: adjusted p "
        + Formats.pValue(Json.number(m, "pairs_p_value_adjusted")) + ").");
  }

  // -------------------------------------------------------------------------------------------------------------
  // Heat maps

  /** Reference below the diagonal, this window above it: a pair that changed shows as a lopsided cell pair. */
  private Heatmap correlationMap() {
    Matrices c = matrices();
    if (c == null) {
      return null;
    }
    List<HeatRow> rows = new ArrayList<>();
    for (int j = 0; j < c.names.size(); j++) {
      List<HeatCell> cells = new ArrayList<>();
      for (int k = 0; k < c.names.size(); k++) {
        if (j == k) {
          cells.add(new HeatCell("", "diag", null, c.names.get(j)));
          continue;
        }
        boolean window = k > j;
        Double r = window ? c.window[j][k] : c.reference[j][k];
        String pair = c.names.get(Math.min(j, k)) + " × " + c.names.get(Math.max(j, k));
        String title = pair + ", " + (window ? "this window" : "reference") + ": " + (r == null ? "undefined"
            : Formats.fixed(r, 2));
        cells.add(r == null ? new HeatCell(Formats.NONE, "missing", null, title)
            : new HeatCell(Formats.fixed(r, 2), "", style(r), title));
      }
      rows.add(new HeatRow(c.names.get(j), cells));
    }
    return new Heatmap("Correlations: reference below the diagonal, this window above",
        "normal-score correlations of every pair, reference and window side by side across the diagonal",
        c.names, rows, divergingLegend("−1", "−0.5", "0", "+0.5", "+1"));
  }

  /** The diverging scale at −1, −0.5, 0, +0.5, +1 of its range, labelled. */
  private static List<Swatch> divergingLegend(String... labels) {
    List<Swatch> swatches = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      swatches.add(new Swatch("background:" + divergingColour(-1 + 0.5 * i), labels[i]));
    }
    return swatches;
  }

  private static List<Swatch> withOutline(List<Swatch> legend) {
    List<Swatch> swatches = new ArrayList<>(legend);
    swatches.add(new Swatch("outline:2px solid #d62728;outline-offset:-2px", "changed pair"));
    return swatches;
  }

  /** Window minus reference, below the diagonal; changed pairs outlined and marked. */
  private Heatmap changeMap() {
    Matrices c = matrices();
    if (c == null) {
      return null;
    }
    Map<String, JsonNode> changed = new HashMap<>();
    for (JsonNode pair : changedPairs()) {
      changed.put(pairName(pair), pair);
    }
    List<HeatRow> rows = new ArrayList<>();
    for (int j = 0; j < c.names.size(); j++) {
      List<HeatCell> cells = new ArrayList<>();
      for (int k = 0; k < c.names.size(); k++) {
        if (j == k) {
          cells.add(new HeatCell("", "diag", null, c.names.get(j)));
          continue;
        }
        if (k > j) {
          cells.add(new HeatCell("", "empty", null, ""));
          continue;
        }
        Double reference = c.reference[k][j];
        Double window = c.window[k][j];
        String name = c.names.get(k) + ":" + c.names.get(j);
        JsonNode flagged = judged ? changed.get(name) : null;
        String label = c.names.get(k) + " × " + c.names.get(j);
        if (reference == null || window == null) {
          cells.add(new HeatCell(Formats.NONE, "missing", null, label + ": undefined (a feature does not vary)"));
          continue;
        }
        double change = window - reference;
        String title = label + ": reference " + Formats.fixed(reference, 2) + " → this window "
            + Formats.fixed(window, 2) + " (change " + Formats.signed(change, 2) + ")"
            + (flagged == null ? "" : ", adjusted p " + Formats.pValue(Json.number(flagged, "p_value_adjusted"))
                + ", changed");
        cells.add(new HeatCell(Formats.signed(change, 2), flagged == null ? "" : "flag", style(change / CHANGE_SCALE),
            title));
      }
      rows.add(new HeatRow(c.names.get(j), cells));
    }
    return new Heatmap("Change of correlation: this window − reference",
        "each pair's normal-score correlation in this window minus the reference's; a changed pair is outlined",
        c.names, rows, withOutline(divergingLegend("≤ −0.5", "−0.25", "0", "+0.25", "≥ +0.5")));
  }

  /** Background on the diverging ramp, and white text where the colour is deep. */
  private static String style(double value) {
    return "background:" + divergingColour(value) + (Math.abs(value) >= 0.6 ? ";color:#fff" : "");
  }

  /** Blue (−1) through near-white (0) to red (+1), ColorBrewer's RdBu; values beyond ±1 take the end colours. */
  static String divergingColour(double value) {
    double v = Math.max(-1, Math.min(1, value));
    int k = 0;
    while (k < DIVERGING_STOPS.length - 2 && v > DIVERGING_STOPS[k + 1]) {
      k++;
    }
    double f = (v - DIVERGING_STOPS[k]) / (DIVERGING_STOPS[k + 1] - DIVERGING_STOPS[k]);
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (int) Math.round(DIVERGING[k][c] + f * (DIVERGING[k + 1][c] - DIVERGING[k][c]));
    }
    return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  }

  private static final double[] DIVERGING_STOPS = {-1, -0.6, -0.2, 0, 0.2, 0.6, 1};
  private static final int[][] DIVERGING = {{0x21, 0x66, 0xac}, {0x67, 0xa9, 0xcf}, {0xd1, 0xe5, 0xf0},
      {0xf7, 0xf7, 0xf7}, {0xfd, 0xdb, 0xc7}, {0xef, 0x8a, 0x62}, {0xb2, 0x18, 0x2b}};

  // -------------------------------------------------------------------------------------------------------------
  // Reading

  /** The correlations' names and both matrices (null entries undefined); null when absent or malformed. */
  private record Matrices(List<String> names, Double[][] reference, Double[][] window) {}

  private Matrices matrices() {
    JsonNode c = Json.object(m, "correlations");
    JsonNode names = c == null ? null : c.get("features");
    if (names == null || !names.isArray() || names.isEmpty()) {
      return null;
    }
    List<String> list = new ArrayList<>();
    names.forEach(n -> list.add(n.asText()));
    Double[][] reference = square(c.get("reference"), list.size());
    Double[][] window = square(c.get("window"), list.size());
    return reference == null || window == null ? null : new Matrices(list, reference, window);
  }

  /** A p × p array of numbers or nulls; null if it is anything else. */
  private static Double[][] square(JsonNode node, int p) {
    if (node == null || !node.isArray() || node.size() != p) {
      return null;
    }
    Double[][] out = new Double[p][p];
    for (int j = 0; j < p; j++) {
      JsonNode row = node.get(j);
      if (!row.isArray() || row.size() != p) {
        return null;
      }
      for (int k = 0; k < p; k++) {
        JsonNode v = row.get(k);
        out[j][k] = v.isNumber() && Double.isFinite(v.doubleValue()) ? v.doubleValue() : null;
      }
    }
    return out;
  }

  private int definedPairs() {
    Matrices c = matrices();
    if (c == null) {
      return 0;
    }
    int n = 0;
    for (int j = 0; j < c.names.size(); j++) {
      for (int k = j + 1; k < c.names.size(); k++) {
        n += c.reference[j][k] != null && c.window[j][k] != null ? 1 : 0;
      }
    }
    return n;
  }

  private List<String> shiftedFeatures() {
    List<String> names = new ArrayList<>();
    JsonNode list = m == null ? null : m.get("shifted_features");
    if (list != null && list.isArray()) {
      list.forEach(f -> names.add(f.asText()));
    }
    return names;
  }

  private List<JsonNode> changedPairs() {
    List<JsonNode> pairs = new ArrayList<>();
    JsonNode list = m == null ? null : m.get("changed_pairs");
    if (list != null && list.isArray()) {
      list.forEach(p -> {
        if (p.isObject()) {
          pairs.add(p);
        }
      });
    }
    return pairs;
  }

  /** "s1:s2", as the metrics' pair label. */
  private static String pairName(JsonNode pair) {
    JsonNode features = pair.get("features");
    if (features == null || !features.isArray() || features.size() != 2) {
      return "?";
    }
    return features.get(0).asText() + ":" + features.get(1).asText();
  }
}
