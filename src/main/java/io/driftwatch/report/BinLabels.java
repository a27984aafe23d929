package io.driftwatch.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Names of the frozen bins on a chart's axis. {@code K} cut points make {@code K+1} bins, the outer two open-ended:
 * "&lt; 21.3", "21.3–23.1", ..., "≥ 33.0". Every cut point is written with the same number of decimals: three
 * significant figures of the largest, more where two cut points would otherwise read the same.
 */
final class BinLabels {

  private static final int MAX_DECIMALS = 6;

  private BinLabels() {}

  /** The {@code edges.length + 1} labels of the bins cut at {@code edges} (ascending, at least one). */
  static List<String> ofEdges(double[] edges) {
    List<String> cuts = cutLabels(edges);
    List<String> labels = new ArrayList<>(edges.length + 1);
    labels.add("< " + cuts.get(0));
    for (int k = 1; k < edges.length; k++) {
      labels.add(cuts.get(k - 1) + "–" + cuts.get(k));
    }
    labels.add("≥ " + cuts.get(edges.length - 1));
    return labels;
  }

  /** One label per category code ("1", "2"), then "other" for any further bin. */
  static List<String> ofCategories(double[] categories, int bins) {
    List<String> cuts = cutLabels(categories);
    List<String> labels = new ArrayList<>(bins);
    for (int k = 0; k < bins; k++) {
      labels.add(k < categories.length ? cuts.get(k) : "other");
    }
    return labels;
  }

  private static List<String> cutLabels(double[] values) {
    double largest = 0;
    for (double v : values) {
      largest = Math.max(largest, Math.abs(v));
    }
    int decimals = largest == 0 ? 0 : Math.max(0, 2 - (int) Math.floor(Math.log10(largest)));
    if (allIntegers(values)) {
      decimals = 0;
    }
    for (; ; decimals++) {
      List<String> labels = new ArrayList<>(values.length);
      for (double v : values) {
        labels.add(new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString());
      }
      if (new HashSet<>(labels).size() == labels.size() || decimals >= MAX_DECIMALS) {
        return labels;
      }
    }
  }

  private static boolean allIntegers(double[] values) {
    for (double v : values) {
      if (v != Math.rint(v)) {
        return false;
      }
    }
    return true;
  }
}
