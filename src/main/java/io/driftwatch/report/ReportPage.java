package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.report.Views.Cell;
import io.driftwatch.report.Views.Column;
import io.driftwatch.report.Views.Option;
import io.driftwatch.report.Views.Page;
import io.driftwatch.report.Views.Quantity;
import io.driftwatch.report.Views.Row;
import io.driftwatch.report.Views.Timeline;
import io.driftwatch.report.Views.Verdict;
import io.driftwatch.report.Views.VerdictItem;
import io.driftwatch.report.Views.WindowPanel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads drift reports (the {@code drift-reports} JSON, as JSON trees) into what the page shows, and the chart data the
 * page's script draws. Reads leniently: a field an older report lacks (histograms, drift state, data quality) leaves
 * its part of the page out, never fails it.
 */
final class ReportPage {

  /**
   * Windows with details (tables and charts); older windows appear in the timeline only, so that a long range stays
   * a page a browser opens quickly (four hours of one-minute windows).
   */
  static final int MAX_DETAILED_WINDOWS = 240;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PREDICTION = "prediction";
  /** The timeline's columns share this width (pixels) when there are few, and are never narrower than the minimum. */
  private static final int GRID_PX = 1040;
  private static final int MIN_CELL_PX = 22;
  private static final int MAX_CELL_PX = 90;

  private final List<JsonNode> reports;
  private final ReportSource source;
  private final List<Instant> starts = new ArrayList<>();
  private final List<Instant> ends = new ArrayList<>();
  private final Times times;
  private final int firstDetailed;
  private final int latest;

  private ReportPage(List<JsonNode> reports, ReportSource source) {
    // Window order; a topic read from several partitions need not deliver them so.
    this.reports = reports.stream()
        .sorted(Comparator.comparing((JsonNode r) -> Times.parse(Json.text(r, "window_start")),
            Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    this.source = source;
    for (JsonNode report : this.reports) {
      starts.add(Times.parse(Json.text(report, "window_start")));
      ends.add(Times.parse(Json.text(report, "window_end")));
    }
    List<Instant> all = new ArrayList<>(starts);
    all.addAll(ends);
    this.times = Times.fitting(all);
    this.latest = this.reports.size() - 1;
    this.firstDetailed = Math.max(0, this.reports.size() - MAX_DETAILED_WINDOWS);
  }

  /** The page and its chart data for {@code reports} (any order; shown in window order). */
  static ReportPage of(List<JsonNode> reports, ReportSource source) {
    return new ReportPage(reports, source);
  }

  Page page() {
    boolean empty = reports.isEmpty();
    String modelName = source.modelName() != null ? source.modelName() : distinct("model_name");
    String modelVersion = source.modelVersion() != null ? source.modelVersion() : distinct("model_version");
    List<WindowPanel> panels = new ArrayList<>();
    List<Option> options = new ArrayList<>();
    for (int i = firstDetailed; i < reports.size(); i++) {
      panels.add(panel(i));
      options.add(new Option(i, optionLabel(i), i == latest));
    }
    String detailNote = firstDetailed == 0 ? null
        : "Details for the latest " + MAX_DETAILED_WINDOWS + " windows; the " + firstDetailed
            + " before them appear in the timeline only.";
    return new Page(title(modelName), modelName, modelVersion, windowsCovered(), records(),
        source.description(), Times.stamp(source.generatedAt()), totalQuality(),
        empty ? new Verdict("unjudged", "No drift reports were read.", List.of(), null)
            : verdict(latest, reports.size() > 1 ? "the latest window" : "this window"),
        empty ? null : timeline(), panels.size() > 1, options, panels, detailNote, empty);
  }

  /** What the page's script draws: per detailed window, each quantity's histogram; the records per window. */
  ObjectNode chartData() {
    ObjectNode data = MAPPER.createObjectNode();
    data.put("selected", latest);
    ArrayNode windows = data.putArray("windows");
    for (int i = 0; i < reports.size(); i++) {
      if (i < firstDetailed) {
        windows.addNull();
        continue;
      }
      ObjectNode window = windows.addObject();
      window.put("label", times.range(starts.get(i), ends.get(i)));
      ArrayNode quantities = window.putArray("quantities");
      for (Map.Entry<String, JsonNode> q : quantities(reports.get(i))) {
        Histogram h = Histogram.of(q.getValue());
        if (h == null) {
          quantities.addNull();
          continue;
        }
        ObjectNode chart = quantities.addObject();
        chart.put("name", q.getKey());
        chart.put("drift", Json.flag(q.getValue(), "drift"));
        h.labels().forEach(chart.putArray("labels")::add);
        array(chart.putArray("reference"), h.reference());
        array(chart.putArray("window"), h.window());
        ArrayNode windowCounts = chart.putArray("counts");
        for (double c : h.windowCounts()) {
          windowCounts.add((long) c);
        }
      }
    }
    ObjectNode timeline = data.putObject("timeline");
    ArrayNode labels = timeline.putArray("labels");
    ArrayNode counts = timeline.putArray("counts");
    ArrayNode rejected = timeline.putArray("rejected");
    ArrayNode state = timeline.putArray("state");
    for (int i = 0; i < reports.size(); i++) {
      JsonNode report = reports.get(i);
      labels.add(times.format(starts.get(i)));
      counts.add(Json.count(report, "count"));
      JsonNode quality = Json.object(report, "data_quality");
      if (quality == null) {
        rejected.addNull();
      } else {
        rejected.add(Json.count(quality, "rejected"));
      }
      state.add(Json.flag(report, "below_min_samples") ? "unjudged"
          : Json.flag(report, "dataset_drift") ? "drift" : "clear");
    }
    return data;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Header

  private String title(String modelName) {
    String span = reports.isEmpty() ? null
        : Times.span(starts.get(0), ends.get(latest), times.withSeconds());
    return "Drift report" + (modelName == null ? "" : " · " + modelName)
        + (span == null || span.equals(Formats.NONE) ? "" : " · " + span);
  }

  private String distinct(String field) {
    Set<String> values = reports.stream().map(r -> Json.text(r, field)).filter(v -> v != null)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    return values.isEmpty() ? null : String.join(", ", values);
  }

  private String windowsCovered() {
    if (reports.isEmpty()) {
      return "none";
    }
    String n = reports.size() == 1 ? "1 window" : Formats.count(reports.size()) + " windows";
    return n + ", " + Times.span(starts.get(0), ends.get(latest), times.withSeconds());
  }

  private String records() {
    long total = reports.stream().mapToLong(r -> Json.count(r, "count")).sum();
    long late = reports.stream().mapToLong(r -> Json.count(r, "late_records")).sum();
    return Formats.count(total) + (late > 0 ? " (and " + Formats.count(late) + " late)" : "");
  }

  private String totalQuality() {
    long records = 0;
    long rejected = 0;
    boolean any = false;
    for (JsonNode report : reports) {
      JsonNode quality = Json.object(report, "data_quality");
      if (quality != null) {
        any = true;
        records += Json.count(quality, "records");
        rejected += Json.count(quality, "rejected");
      }
    }
    return any ? rejected(rejected, records, records == 0 ? null : (double) rejected / records) : null;
  }

  private static String rejected(long rejected, long records, Double share) {
    return Formats.count(rejected) + " of " + Formats.count(records) + " records rejected"
        + (share == null ? "" : " (" + Formats.percent(share) + ")");
  }

  // -------------------------------------------------------------------------------------------------------------
  // Verdict

  /** "10:41–10:42 UTC", or "no event times" for a batch without an event_time column. */
  private String utcRange(int i) {
    return starts.get(i) == null && ends.get(i) == null ? Times.NO_TIMES
        : times.range(starts.get(i), ends.get(i)) + " UTC";
  }

  private Verdict verdict(int i, String which) {
    JsonNode report = reports.get(i);
    String when = " (" + utcRange(i) + ")";
    if (Json.flag(report, "below_min_samples")) {
      return new Verdict("unjudged", capitalize(which) + " not judged" + when + ":", List.of(), notJudged(report));
    }
    boolean predictionDrift = Json.flag(Json.object(report, PREDICTION), "drift");
    if (!Json.flag(report, "dataset_drift")) {
      String ended = endedDrifts(report);
      String tail = predictionDrift ? "The predictions drifted." : null;
      if (ended != null) {
        tail = tail == null ? ended : tail + " " + ended;
      }
      return new Verdict("clear", "No drift in " + which + when + ".", List.of(), tail);
    }
    List<String> drifted = new ArrayList<>();
    JsonNode list = report.get("drifted_features");
    if (list != null && list.isArray()) {
      list.forEach(f -> drifted.add(f.asText()));
    }
    JsonNode features = Json.object(report, "features");
    List<VerdictItem> items = new ArrayList<>();
    for (int k = 0; k < drifted.size(); k++) {
      String since = since(Json.object(Json.object(features, drifted.get(k)), "drift_state"));
      items.add(new VerdictItem(drifted.get(k), since == null ? null : "drifting since " + since,
          k + 1 < drifted.size() ? "," : "."));
    }
    // The dataset's run of drift, when no feature says since when it drifts.
    String since = items.stream().anyMatch(item -> item.note() != null) ? null
        : since(Json.object(report, "drift_state"));
    List<VerdictItem> joint = JointSection.of(report).findings();
    String tail = predictionDrift ? "The predictions drifted too." : null;
    if (items.isEmpty() && !joint.isEmpty()) {
      return new Verdict("drift", "Joint drift in " + which + when + (since == null ? "" : ", drifting since " + since)
          + ":", List.of(), null, joint, "No feature drifted on its own." + (tail == null ? "" : " " + tail));
    }
    return new Verdict("drift", "Drift in " + which + when
        + (since == null ? "" : ", drifting since " + since) + ":", items, joint.isEmpty() ? null : "Jointly:", joint,
        tail);
  }

  /** "bmi's drift ended at 10:40." for features whose last run of drift has ended; null if none. */
  private String endedDrifts(JsonNode report) {
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : features(report)) {
      String end = ended(Json.object(f.getValue(), "drift_state"));
      if (end != null) {
        ended.add(f.getKey() + " at " + end);
      }
    }
    return ended.isEmpty() ? null : "Drift ended: " + String.join(", ", ended) + ".";
  }

  /** The start of the current run of drift, when the state says the quantity is drifting. */
  private String since(JsonNode state) {
    if (!Json.flag(state, "drifting")) {
      return null;
    }
    Instant since = Times.parse(Json.text(state, "since"));
    return since == null ? null : times.format(since);
  }

  private String ended(JsonNode state) {
    if (state == null || Json.flag(state, "drifting")) {
      return null;
    }
    Instant ended = Times.parse(Json.text(state, "ended"));
    return ended == null ? null : times.format(ended);
  }

  // -------------------------------------------------------------------------------------------------------------
  // One window

  private WindowPanel panel(int i) {
    JsonNode report = reports.get(i);
    List<Quantity> quantities = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, JsonNode> q : quantities(report)) {
      quantities.add(quantity(i, index++, q.getKey(), q.getValue(), report));
    }
    JsonNode quality = Json.object(report, "data_quality");
    String qualityLine = null;
    List<String> reasons = new ArrayList<>();
    if (quality != null) {
      qualityLine = rejected(Json.count(quality, "rejected"), Json.count(quality, "records"),
          Json.number(quality, "rejected_share"));
      JsonNode byReason = Json.object(quality, "by_reason");
      if (byReason != null) {
        byReason.properties().forEach(r -> reasons.add(r.getKey() + " " + Formats.count(r.getValue().asLong())));
      }
    }
    String reasonList = reasons.isEmpty() ? null : String.join(", ", reasons);
    long late = Json.count(report, "late_records");
    return new WindowPanel(i, i == latest, utcRange(i),
        Formats.count(Json.count(report, "count")), late > 0 ? Formats.count(late) : null,
        // One window: the header's verdict is this window's.
        reports.size() > 1 ? verdict(i, "this window") : null, qualityLine, reasonList, quantities,
        JointSection.of(report).view(notJudged(report)));
  }

  /** "150 records, fewer than the 200 needed." */
  private static String notJudged(JsonNode report) {
    Double min = Json.number(Json.object(report, "thresholds"), "min_samples");
    return Formats.count(Json.count(report, "count")) + " records, fewer than the "
        + (min == null ? "minimum" : Formats.count(min.longValue())) + " needed.";
  }

  private String optionLabel(int i) {
    JsonNode report = reports.get(i);
    String state = Json.flag(report, "below_min_samples") ? "not judged"
        : Json.flag(report, "dataset_drift") ? "drift: " + drifted(report) : "no drift";
    return times.range(starts.get(i), ends.get(i)) + " · " + Formats.count(Json.count(report, "count"))
        + " records · " + state;
  }

  /** "bmi, s5", "bmi; joint: bmi, s1:s2", "joint: s1:s2": what drifted, for labels and tooltips. */
  private static String drifted(JsonNode report) {
    List<String> names = new ArrayList<>();
    JsonNode list = report.get("drifted_features");
    if (list != null && list.isArray()) {
      list.forEach(f -> names.add(f.asText()));
    }
    String features = String.join(", ", names);
    String joint = JointSection.of(report).names();
    return joint.isEmpty() ? features : features.isEmpty() ? "joint: " + joint : features + "; joint: " + joint;
  }

  private Quantity quantity(int window, int index, String name, JsonNode q, JsonNode report) {
    boolean prediction = index == features(report).size() && name.equals(PREDICTION);
    boolean judged = !Json.flag(report, "below_min_samples");
    boolean drift = Json.flag(q, "drift");
    Double shift = prediction ? Json.number(q, "mean_shift") : Json.number(q, "prediction_shift");
    String kind = prediction ? "model output" : Json.text(q, "kind");
    Histogram histogram = Histogram.of(q);
    JsonNode state = Json.object(q, "drift_state");
    String since = since(state);
    String ended = ended(state);
    String note = !prediction && q.has("affects_prediction") && !Json.flag(q, "affects_prediction")
        ? "not used by the model (zero coefficient)" : null;
    return new Quantity(window, index, name, kind, Formats.fixed(Json.number(q, "psi"), 3),
        Formats.fixed(Json.number(q, "ks_statistic"), 3), Formats.pValue(Json.number(q, "p_value")),
        Formats.pValue(Json.number(q, "p_value_adjusted")), Formats.fixed(Json.number(q, "wasserstein_sigma"), 3),
        Formats.signed(shift, 2), drift && judged, !judged ? "not judged" : drift ? "yes" : "no",
        since != null ? since : ended != null ? "ended " + ended : null,
        since != null ? "drifting since " + since : ended != null ? "drift ended " + ended : null, stats(q, prediction),
        Decision.of(q, report), histogram != null,
        histogram == null ? Histogram.missing(q).reason : null, note);
  }

  /** The card's figures: "500 records", "mean 28.5 (+0.455σ)", "std 4.38", ..., each one item. */
  private static List<String> stats(JsonNode q, boolean prediction) {
    List<String> stats = new ArrayList<>();
    stats.add(Formats.count(Json.count(q, "count")) + " values");
    stats.add("mean " + Formats.significant(Json.number(q, "mean"), 3) + " ("
        + Formats.signed(Json.number(q, "mean_shift_sigma"), 3) + "σ)");
    stats.add("std " + Formats.significant(Json.number(q, "std"), 3) + " ("
        + Formats.signed(Json.number(q, "std_shift_sigma"), 3) + "σ)");
    stats.add("PSI " + Formats.fixed(Json.number(q, "psi"), 3));
    stats.add("KS " + Formats.fixed(Json.number(q, "ks_statistic"), 3));
    boolean chiSquare = "chi_square".equals(Json.text(q, "test"));
    if (chiSquare) {
      stats.add("χ² " + Formats.significant(Json.number(q, "chi_square"), 3));
    }
    stats.add("p " + Formats.pValue(Json.number(q, "p_value")) + (chiSquare ? " (χ² test)" : " (KS test)"));
    stats.add("adjusted p " + Formats.pValue(Json.number(q, "p_value_adjusted")));
    stats.add("Wasserstein " + Formats.fixed(Json.number(q, "wasserstein_sigma"), 3) + "σ");
    if (prediction) {
      stats.add("mean shift " + Formats.signed(Json.number(q, "mean_shift"), 2) + ", explained by the features "
          + Formats.signed(Json.number(q, "explained_shift"), 2));
    } else {
      stats.add("prediction shift " + Formats.signed(Json.number(q, "prediction_shift"), 2));
    }
    return stats;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Timeline

  private Timeline timeline() {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      JsonNode report = reports.get(i);
      columns.add(new Column(i, times.format(starts.get(i)), i >= firstDetailed, i == latest,
          times.range(starts.get(i), ends.get(i)) + ": " + Formats.count(Json.count(report, "count")) + " records"));
    }
    List<Row> rows = new ArrayList<>();
    List<String> names = featureNames();
    for (int row = 0; row <= names.size(); row++) {
      boolean prediction = row == names.size();
      String name = prediction ? PREDICTION : names.get(row);
      List<Cell> cells = new ArrayList<>();
      for (int i = 0; i < reports.size(); i++) {
        JsonNode report = reports.get(i);
        JsonNode q = prediction ? Json.object(report, PREDICTION)
            : Json.object(Json.object(report, "features"), name);
        cells.add(psiCell(i, name, q, !Json.flag(report, "below_min_samples")));
      }
      rows.add(new Row(name, cells));
    }
    List<Cell> dataset = new ArrayList<>();
    List<Cell> rejected = new ArrayList<>();
    List<Cell> joint = new ArrayList<>();
    boolean anyQuality = false;
    boolean anyJoint = false;
    for (int i = 0; i < reports.size(); i++) {
      JsonNode report = reports.get(i);
      String window = times.range(starts.get(i), ends.get(i));
      JointSection section = JointSection.of(report);
      anyJoint |= section.present();
      joint.add(jointCell(i, window, report, section));
      if (Json.flag(report, "below_min_samples")) {
        dataset.add(new Cell(i, "unjudged", null, "", window + ": not judged, too few records"));
      } else if (Json.flag(report, "dataset_drift")) {
        dataset.add(new Cell(i, "flag", "background:#d62728", "●", window + ": drift in " + drifted(report)));
      } else {
        dataset.add(new Cell(i, "", null, "", window + ": no drift"));
      }
      JsonNode quality = Json.object(report, "data_quality");
      anyQuality |= quality != null;
      Double share = quality == null ? null : Json.number(quality, "rejected_share");
      String style = share == null ? null : "background:" + shareColour(share);
      rejected.add(new Cell(i, quality == null ? "missing" : "", style, "", window + ": "
          + (quality == null ? "no data-quality figures"
              : rejected(Json.count(quality, "rejected"), Json.count(quality, "records"), share))));
    }
    int cellWidth = (int) Math.max(MIN_CELL_PX, Math.min(MAX_CELL_PX, Math.round(GRID_PX / (double) reports.size())));
    return new Timeline(columns, rows, anyJoint ? new Row("joint tests", joint) : null,
        new Row("dataset drift", dataset), anyQuality ? new Row("rejected", rejected) : null, cellWidth,
        cellWidth >= 48);
  }

  /** The joint tests' cell: flagged like dataset drift, white where a report has none or was not tested. */
  private static Cell jointCell(int i, String window, JsonNode report, JointSection section) {
    if (!section.tested()) {
      String reason = Json.text(Json.object(report, "multivariate"), "reason");
      return new Cell(i, "missing", null, "", window + ": not tested jointly"
          + (section.present() ? (reason == null ? "" : ", " + reason) : " (no joint tests in this report)"));
    }
    if (Json.flag(report, "below_min_samples")) {
      return new Cell(i, "unjudged", null, "", window + ": not judged, too few records");
    }
    if (section.drift()) {
      return new Cell(i, "flag", "background:#d62728", "●", window + ": joint drift in " + section.names());
    }
    return new Cell(i, "", null, "", window + ": no joint drift");
  }

  private Cell psiCell(int window, String name, JsonNode q, boolean judged) {
    String label = name + ", " + times.range(starts.get(window), ends.get(window));
    if (q == null) {
      return new Cell(window, "missing", null, "", label + ": not in this report");
    }
    Double psi = Json.number(q, "psi");
    boolean flagged = judged && Json.flag(q, "drift");
    String title = label + ": PSI " + Formats.fixed(psi, 3) + ", adjusted p "
        + Formats.pValue(Json.number(q, "p_value_adjusted")) + (flagged ? ", drift" : judged ? "" : ", not judged");
    // A window with too few records is faded: its PSI is noise, and nothing in it was judged.
    String css = flagged ? "flag" : judged ? "" : "faded";
    return new Cell(window, css, psi == null ? null : "background:" + psiColour(psi), flagged ? "●" : "", title);
  }

  /**
   * PSI on a pale-to-red ramp with the usual reading's lines: pale at 0, light orange at 0.1 (a moderate shift),
   * deep red at 0.25 and above (a large one).
   */
  static String psiColour(double psi) {
    return ramp(psi, PSI_STOPS);
  }

  /** Rejected share on the same colours: light orange at 1 %, deep red at 5 % and above. */
  static String shareColour(double share) {
    return ramp(share, SHARE_STOPS);
  }

  private static final int[][] RAMP = {{0xf4, 0xf6, 0xf8}, {0xfd, 0xd4, 0x9e}, {0xfc, 0x8d, 0x59}, {0xd7, 0x30, 0x1f}};
  private static final double[] PSI_STOPS = {0, 0.1, 0.175, 0.25};
  private static final double[] SHARE_STOPS = {0, 0.01, 0.03, 0.05};

  private static String ramp(double value, double[] stops) {
    int k = 0;
    while (k < stops.length - 2 && value > stops[k + 1]) {
      k++;
    }
    double f = Math.min(Math.max((value - stops[k]) / (stops[k + 1] - stops[k]), 0), 1);
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (int) Math.round(RAMP[k][c] + f * (RAMP[k + 1][c] - RAMP[k][c]));
    }
    return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading

  /** The features of every report, in first-seen order. */
  private List<String> featureNames() {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode report : reports) {
      features(report).forEach(f -> names.add(f.getKey()));
    }
    return new ArrayList<>(names);
  }

  private static List<Map.Entry<String, JsonNode>> features(JsonNode report) {
    List<Map.Entry<String, JsonNode>> features = new ArrayList<>();
    JsonNode node = Json.object(report, "features");
    if (node != null) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        if (f.getValue().isObject()) {
          features.add(f);
        }
      }
    }
    return features;
  }

  /** The report's features in its order, then its prediction (when present). */
  private static List<Map.Entry<String, JsonNode>> quantities(JsonNode report) {
    List<Map.Entry<String, JsonNode>> all = features(report);
    JsonNode prediction = Json.object(report, PREDICTION);
    if (prediction != null) {
      all.add(Map.entry(PREDICTION, prediction));
    }
    return all;
  }

  private static void array(ArrayNode array, double[] values) {
    for (double v : values) {
      array.add(v);
    }
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
