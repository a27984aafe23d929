package io.driftwatch.report;

import java.util.List;

/**
 * What the templates show, already worded and formatted: every string here is text for the page (the templates
 * HTML-escape it), never markup.
 */
final class Views {

  private Views() {}

  /** The whole page (report.mustache). */
  record Page(String title, String modelName, String modelVersion, String windowsCovered, String records,
      String source, String generatedAt, String quality, Verdict verdict, Timeline timeline, boolean picker,
      List<Option> options, List<WindowPanel> windows, String detailNote, boolean empty) {}

  /**
   * One line saying whether a window drifted.
   *
   * @param css {@code drift}, {@code clear} or {@code unjudged}
   * @param items the drifted features, each with how long it has been drifting
   * @param jointLead "Jointly:" before {@code joint} when features drifted too, else null
   * @param joint what the joint tests found: features shifted given the others, pairs whose correlation changed
   * @param tail a closing sentence, or null
   */
  record Verdict(String css, String headline, List<VerdictItem> items, String jointLead, List<VerdictItem> joint,
      String tail) {

    Verdict(String css, String headline, List<VerdictItem> items, String tail) {
      this(css, headline, items, null, List.of(), tail);
    }
  }

  /** A drifted feature in a verdict: "bmi (drifting since 10:41)"; {@code separator} follows it. */
  record VerdictItem(String name, String note, String separator) {}

  /** An entry of the window picker. */
  record Option(int index, String label, boolean selected) {}

  /** One window's details: its verdict, data quality, summary table and charts (window.mustache). */
  record WindowPanel(int index, boolean selected, String label, String records, String late, Verdict verdict,
      String quality, String reasons, List<Quantity> quantities, Joint joint) {}

  /**
   * A window's joint tests (joint.mustache): a verdict line, and when the window was tested its figures, the features'
   * shifts given the others, the changed pairs and the two correlation heat maps.
   *
   * @param verdict "Joint drift: ...", "No joint drift: ...", "Not tested jointly: ..." (css drift, clear, unjudged)
   * @param tested whether anything but the verdict is shown
   * @param t2Decision T² decided in words with the report's thresholds, as a card's decision
   * @param pairsNone the sentence shown instead of the pairs table when no pair changed, else null
   */
  record Joint(Verdict verdict, boolean tested, List<String> stats, String t2Decision, List<ShiftRow> shifts,
      List<PairRow> pairs, String pairsNone, Heatmap correlation, Heatmap change) {}

  /** One feature's mean shift given the others; {@code flagged} "yes", "no" or "not judged". */
  record ShiftRow(String feature, String shift, String z, String pValue, String pAdjusted, boolean drift,
      String flagged) {}

  /** A pair whose correlation changed: "0.89", "0.04", "-0.85". */
  record PairRow(String pair, String reference, String window, String change, String z, String pAdjusted) {}

  /**
   * A feature × feature matrix as a table of coloured cells.
   *
   * @param columns the feature names, also the rows'
   * @param legend colour swatches with their values
   */
  record Heatmap(String title, String caption, List<String> columns, List<HeatRow> rows, List<Swatch> legend) {}

  record HeatRow(String name, List<HeatCell> cells) {}

  /**
   * @param css {@code diag}, {@code empty}, {@code missing} or {@code flag} (a changed pair), else empty
   * @param style background and text colours computed here from numbers (never from report text)
   */
  record HeatCell(String text, String css, String style, String title) {}

  /** @param style a background colour computed here */
  record Swatch(String style, String label) {}

  /**
   * One feature, or the prediction, in one window: a row of the summary table and a card with its chart.
   *
   * @param flagged "yes", "no" or "not judged"
   * @param since "10:41" when its drift state says it has been drifting since then, "ended 10:44" when that run of
   *     drift ended, else null
   * @param state the same in a phrase: "drifting since 10:41", "drift ended 10:44"
   * @param chart whether its histogram can be drawn; otherwise {@code noChart} says why
   */
  record Quantity(int window, int index, String name, String kind, String psi, String ks, String pValue,
      String pAdjusted, String wasserstein, String predictionShift, boolean drift, String flagged, String since,
      String state, List<String> stats, String decision, boolean chart, String noChart, String note) {}

  /**
   * The features × windows grid, under the records-per-window chart.
   *
   * @param joint the joint tests' row, when any report has them
   * @param cellWidth pixels per window column: wide when there are few windows, so the grid fills the page
   * @param wide whether the column labels fit horizontally
   */
  record Timeline(List<Column> columns, List<Row> rows, Row joint, Row dataset, Row rejected, int cellWidth,
      boolean wide) {}

  /** A window's column: its start time, whether it can be picked (has details), and a tooltip. */
  record Column(int index, String label, boolean detailed, boolean selected, String title) {}

  record Row(String name, List<Cell> cells) {}

  /**
   * @param style an inline background colour computed here from numbers (never from report text)
   * @param mark "●" on a flagged cell
   */
  record Cell(int window, String css, String style, String mark, String title) {}
}
