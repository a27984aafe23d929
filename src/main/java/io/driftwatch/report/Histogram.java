package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A quantity's window over its reference on the frozen bins, as a report's {@code histogram} field carries it: for a
 * continuous quantity {@code {"edges": [K cut points], "reference": [K+1 proportions], "window": [K+1 counts]}}, for a
 * categorical one {@code {"categories": [codes], "reference": [...], "window": [...]}}. Both sides are shown as
 * proportions.
 *
 * @param labels one per bin
 * @param reference the reference's share of each bin
 * @param windowCounts the window's records in each bin
 * @param window the window's share of each bin (all 0 for an empty window)
 */
record Histogram(List<String> labels, double[] reference, double[] windowCounts, double[] window) {

  /** Why a quantity has no chart; null when it has one. */
  enum Missing {
    ABSENT("no histogram in this report (written before histograms were added)"),
    MALFORMED("the histogram in this report is malformed: bins, reference and window do not match");

    final String reason;

    Missing(String reason) {
      this.reason = reason;
    }
  }

  /** Reads the quantity's {@code histogram}; {@link #missing} tells why this returns null. */
  static Histogram of(JsonNode quantity) {
    JsonNode node = Json.object(quantity, "histogram");
    if (node == null) {
      return null;
    }
    double[] reference = Json.numbers(node, "reference");
    double[] counts = Json.numbers(node, "window");
    if (reference == null || counts == null || reference.length != counts.length || reference.length == 0) {
      return null;
    }
    double[] edges = Json.numbers(node, "edges");
    double[] categories = Json.numbers(node, "categories");
    List<String> labels;
    if (edges != null && edges.length + 1 == reference.length && ascending(edges)) {
      labels = BinLabels.ofEdges(edges);
    } else if (edges == null && categories != null && categories.length > 0 && categories.length <= reference.length
        && ascending(categories)) {
      labels = BinLabels.ofCategories(categories, reference.length);
    } else {
      return null;
    }
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    double[] window = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      window[k] = total > 0 ? counts[k] / total : 0;
    }
    return new Histogram(labels, reference, counts, window);
  }

  /** Why {@link #of} found no usable histogram in {@code quantity}. */
  static Missing missing(JsonNode quantity) {
    return Json.object(quantity, "histogram") == null ? Missing.ABSENT : Missing.MALFORMED;
  }

  private static boolean ascending(double[] values) {
    for (int k = 1; k < values.length; k++) {
      if (!(values[k] > values[k - 1])) {
        return false;
      }
    }
    return true;
  }
}
