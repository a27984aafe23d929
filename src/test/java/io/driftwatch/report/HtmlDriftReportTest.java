package io.driftwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.drift.DriftSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page's text, read without a browser: what a person sees in the tables and words, and what it must not hold. */
class HtmlDriftReportTest {

  private static final ReportSource SOURCE =
      ReportSource.of("drift-reports on localhost:9092, last 2h", Instant.parse("2026-11-24T10:45:12Z"));
  private static final Pattern DATA =
      Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
  private static final String NBSP = "\u00a0";

  private static List<JsonNode> series;

  @BeforeAll
  static void computeSeries() {
    series = ReportFixtures.series();
  }

  @Test
  void theSummaryTableShowsTheKnownReportsFigures() {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), SOURCE);

    assertThat(html).contains("<tr><th scope=\"row\">sex</th><td>0.000</td><td>0.006</td><td>0.87</td><td>1</td>"
        + "<td>0.012</td><td>-0.13</td><td class=\"flagged\">no</td><td></td></tr>");
    assertThat(html).contains("<tr class=\"drift\"><th scope=\"row\">bmi</th><td>0.362</td><td>0.209</td>"
        + "<td>2.1e-8</td><td>2.3e-7</td><td>0.456</td><td>+11.79</td><td class=\"flagged\">yes</td>"
        + "<td>10:41</td></tr>");
    assertThat(html).contains("<tr><th scope=\"row\">s3</th><td>0.013</td><td>0.031</td><td>0.99</td><td>1</td>"
        + "<td>0.068</td><td>0.00</td><td class=\"flagged\">no</td><td>ended 10:39</td></tr>");
    assertThat(html).contains("<tr><th scope=\"row\">prediction</th><td>0.063</td><td>0.079</td><td>0.14</td>"
        + "<td>1</td><td>0.158</td><td>+8.86</td><td class=\"flagged\">no</td><td></td></tr>");
  }

  @Test
  void theHeaderAndVerdictSayWhatDriftedAndSinceWhen() {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), SOURCE);

    assertThat(html).contains("<title>Drift report · diabetes-lasso · 2026-11-24 10:43–10:44 UTC</title>");
    assertThat(html).contains("<span class=\"model\">diabetes-lasso</span> <span class=\"version\">version"
        + " bb1548420105</span>");
    assertThat(html).contains("<dd>1 window, 2026-11-24 10:43–10:44 UTC</dd>");
    assertThat(html).contains("<dd>500 (and 2 late)</dd>");
    assertThat(html).contains("<dd>drift-reports on localhost:9092, last 2h</dd>");
    assertThat(html).contains("<dd>2026-11-24 10:45:12 UTC</dd>");
    assertThat(html).contains("<p class=\"verdict drift\"><strong>Drift in this window (10:43–10:44 UTC):</strong>"
        + " <b>bmi</b> drifting since 10:41. Jointly: <b>bmi</b> shifted given the others; <b>s1:s2</b> correlation"
        + " 0.89 → -0.01, <b>s2:s4</b> correlation 0.66 → 0.01, <b>s2:s5</b> correlation 0.32 → -0.04, <b>s2:s6</b>"
        + " correlation 0.29 → -0.07, <b>bmi:s2</b> correlation 0.30 → -0.03.</p>");
    assertThat(html).contains("<p class=\"quality\"><strong>Data quality:</strong> 12 of 512 records rejected (2.3"
        + NBSP + "%): out_of_range 9, invalid_event_time 3.</p>");
    // One window: the header's verdict is the only one, besides the joint section's.
    assertThat(count(html, "<p class=\"verdict")).isEqualTo(2);
  }

  @Test
  void eachCardStatesTheDecisionWithTheReportsThresholds() {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), SOURCE);

    assertThat(html).contains("<p class=\"decision\">drift: adjusted p 2.3e-7 ≤ 0.0023 and PSI 0.362 ≥ 0.1 and"
        + " Wasserstein 0.456σ ≥ 0.1σ</p>");
    assertThat(html).contains("<p class=\"decision\">no drift: adjusted p 1 &gt; 0.0023; PSI 0.000 &lt; 0.1 and"
        + " Wasserstein 0.012σ &lt; 0.1σ</p>");
    assertThat(html).contains("<p class=\"decision\">no drift: Wasserstein 0.158σ ≥ 0.1σ but adjusted p 1 &gt; 0.0023"
        + " (could be chance)</p>");
    assertThat(html).contains("<span class=\"since\">drifting since 10:41</span>");
    assertThat(html).contains("<span class=\"since\">drift ended 10:39</span>");
    assertThat(html).contains("<p class=\"note\">not used by the model (zero coefficient)</p>");
    assertThat(html).contains("<li>p 0.87 (χ² test)</li>", "<li>χ² 0.0274</li>", "<li>mean 28.5 (+0.455σ)</li>",
        "<li>mean shift +8.86, explained by the features +8.86</li>");
  }

  @Test
  void chartDataHoldsBothDistributionsAsSharesOnLabelledBins() throws Exception {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), SOURCE);
    JsonNode data = data(html);

    JsonNode quantities = data.get("windows").get(0).get("quantities");
    assertThat(quantities).hasSize(4);
    JsonNode bmi = quantities.get(1);
    assertThat(bmi.get("name").asText()).isEqualTo("bmi");
    assertThat(bmi.get("drift").asBoolean()).isTrue();
    assertThat(texts(bmi.get("labels"))).containsExactly("< 21.3", "21.3–22.7", "22.7–23.5", "23.5–24.6",
        "24.6–25.7", "25.7–26.9", "26.9–28.0", "28.0–29.6", "29.6–33.0", "≥ 33.0");
    assertThat(bmi.get("window").toString()).isEqualTo("[0.04,0.044,0.05,0.06,0.076,0.09,0.11,0.14,0.22,0.17]");
    assertThat(bmi.get("counts").toString()).isEqualTo("[20,22,25,30,38,45,55,70,110,85]");
    assertThat(bmi.get("reference").get(0).asDouble()).isEqualTo(0.1);
    JsonNode sex = quantities.get(0);
    assertThat(texts(sex.get("labels"))).containsExactly("1", "2");
    assertThat(sex.get("window").toString()).isEqualTo("[0.524,0.476]");
    assertThat(texts(quantities.get(2).get("labels"))).startsWith("< 35", "35–39").endsWith("≥ 66");
    // Three significant figures of the largest cut point (221.7).
    assertThat(texts(quantities.get(3).get("labels"))).startsWith("< 80", "80–97").endsWith("≥ 222");
    assertThat(data.get("selected").asInt()).isZero();
    assertThat(data.get("timeline").get("counts").toString()).isEqualTo("[500]");
    assertThat(data.get("timeline").get("rejected").toString()).isEqualTo("[12]");
    assertThat(data.get("timeline").get("state").toString()).isEqualTo("[\"drift\"]");
    // One canvas per quantity of the window, and the timeline's.
    assertThat(count(html, "<canvas data-window=\"0\" data-quantity=")).isEqualTo(4);
    assertThat(count(html, "<canvas id=\"timeline-chart\"")).isEqualTo(1);
  }

  @Test
  void aHostileFeatureNameIsTextEverywhere() throws Exception {
    String hostile = "</script><img src=x onerror=alert(1)>";
    ObjectNode report = (ObjectNode) ReportFixtures.known();
    ObjectNode features = (ObjectNode) report.get("features");
    JsonNode bmi = features.remove("bmi");
    features.set(hostile, bmi);
    report.putArray("drifted_features").add(hostile);
    ReportSource source = ReportSource.of("<b>file</b> \"x\" & 'y'", Instant.parse("2026-11-24T10:45:12Z"));

    // The joint tests name it too: in the shifts, a changed pair and the heat maps.
    ObjectNode joint = (ObjectNode) report.get("multivariate");
    ((ArrayNode) joint.get("shifted_features")).set(0, hostile);
    ObjectNode partial = (ObjectNode) joint.get("partial_shifts");
    partial.set(hostile, partial.remove("bmi"));
    ((ArrayNode) joint.get("changed_pairs").get(4).get("features")).set(0, hostile);
    ((ArrayNode) joint.get("correlations").get("features")).set(2, hostile);

    String html = HtmlDriftReport.render(List.of(report), source);

    assertThat(html).doesNotContain("<img", "<b>file</b>");
    assertThat(html).contains("<b>&lt;/script&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;</b> shifted given the"
        + " others;", "<b>&lt;/script&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;:s2</b> correlation 0.30 → -0.03.",
        "<tr class=\"drift\"><th scope=\"row\">&lt;/script&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;</th><td>+0.583"
            + "</td>",
        "<th scope=\"col\" title=\"&lt;/script&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;\"><span>&lt;/script&gt;"
            + "&lt;img src&#61;x onerror&#61;alert(1)&gt;</span></th>");
    assertThat(html).contains("<th scope=\"row\">&lt;/script&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;</th>");
    assertThat(html).contains("<dd>&lt;b&gt;file&lt;/b&gt; &quot;x&quot; &amp; &#39;y&#39;</dd>");
    // Only the page's three scripts end: the data, Chart.js, and the page's own.
    assertThat(count(html.toLowerCase(), "</script")).isEqualTo(3);
    // Moved to the end of the features: sex, s3, then the hostile one.
    assertThat(data(html).get("windows").get(0).get("quantities").get(2).get("name").asText()).isEqualTo(hostile);
  }

  @Test
  void scriptJsonCannotCloseItsElement() throws Exception {
    ObjectNode data = new ObjectMapper().createObjectNode().put("name", "</script><!-- & -->");
    String json = HtmlDriftReport.scriptJson(data);
    assertThat(json).isEqualTo("{\"name\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e\"}");
    assertThat(new ObjectMapper().readTree(json).get("name").asText()).isEqualTo("</script><!-- & -->");
  }

  @Test
  void thePageLoadsNothing() {
    String html = HtmlDriftReport.render(series, SOURCE);

    // The only addresses are the two in Chart.js's licence comments (its own and its bundled colour library's).
    List<String> addresses = new ArrayList<>();
    Matcher m = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s\"'<>]*").matcher(html);
    while (m.find()) {
      if (m.group(1) != null) {
        addresses.add(m.group());
      }
    }
    assertThat(addresses).containsExactly("https://www.chartjs.org", "https://github.com/kurkle/color#readme");
    assertThat(html).containsPattern("/\\*!\\s*\\* Chart\\.js v4\\.5\\.1\\s*\\* https://www\\.chartjs\\.org");
    assertThat(html).doesNotContainPattern("(?i)<(script|link|img|iframe|object|embed)\\b[^>]*\\b(src|href|data)=");
    assertThat(html).doesNotContainPattern("(?i)\\burl\\(|@import|sourceMappingURL");
    assertThat(count(html, "<script")).isEqualTo(3);
  }

  @Test
  void severalWindowsAreShownInWindowOrderWithTheLatestSelected() throws Exception {
    List<JsonNode> shuffled = new ArrayList<>(series);
    Collections.reverse(shuffled);
    String html = HtmlDriftReport.render(shuffled, SOURCE);

    assertThat(html).contains("<dd>8 windows, 2026-11-24 10:36–10:44 UTC</dd>");
    assertThat(count(html, "<article class=\"window\"")).isEqualTo(8);
    assertThat(count(html, "<article class=\"window\" id=\"window-7\" data-window=\"7\">")).isEqualTo(1);
    assertThat(count(html, "data-window=\"6\" hidden>")).isEqualTo(1);
    assertThat(count(html, " hidden>")).isEqualTo(7);
    assertThat(count(html, "<option value=")).isEqualTo(8);
    // Jointly, only the two features that moved are named (the others' partial shifts only mirror theirs).
    assertThat(html).contains("<option value=\"7\" selected>10:43–10:44 · 500 records · drift: bmi, s5; joint: s5,"
        + " bmi</option>");
    assertThat(html).contains("<option value=\"5\">10:41–10:42 · 500 records · drift: bmi; joint: bmi</option>");
    assertThat(html).contains("<option value=\"2\">10:38–10:39 · 150 records · not judged</option>");
    List<String> columns = new ArrayList<>();
    Matcher m = Pattern.compile("<th scope=\"col\" class=\"col[^\"]*\" data-window=\"(\\d)\" title=\"[^\"]*\">"
        + "<span>([0-9:]+)</span>").matcher(html);
    while (m.find()) {
      columns.add(m.group(1) + "@" + m.group(2));
    }
    assertThat(columns).containsExactly("0@10:36", "1@10:37", "2@10:38", "3@10:39", "4@10:40", "5@10:41", "6@10:42",
        "7@10:43");
    // Eleven charts per window (ten features and the prediction), each window's own.
    for (int w = 0; w < 8; w++) {
      assertThat(count(html, "<canvas data-window=\"" + w + "\" data-quantity=")).isEqualTo(11);
    }
    assertThat(data(html).get("selected").asInt()).isEqualTo(7);
    // Their partners' shifts given the others can be significant; the table says why they are not flagged.
    assertThat(html).contains("<td class=\"flagged\">no: its own mean did not move ≥ 0.1σ that way</td>");
    // A shift of bmi and s5 moves their correlated partners' partial shifts too, but only the two moved: named.
    assertThat(html).contains("<p class=\"verdict drift\"><strong>Drift in the latest window (10:43–10:44 UTC):"
        + "</strong> <b>bmi</b> drifting since 10:41, <b>s5</b> drifting since 10:43. Jointly: <b>s5</b>, <b>bmi</b>"
        + " shifted given the others. The predictions drifted"
        + " too.</p>");
    assertThat(html).contains("<p class=\"verdict unjudged\"><strong>Joint tests not judged:</strong> 150 records,"
        + " fewer than the 200 needed.</p>");
    assertThat(count(html, "<p class=\"verdict clear\"><strong>No joint drift:</strong> no feature shifted given the"
        + " others, no pair&#39;s correlation changed, the mean vector did not move.</p>")).isEqualTo(4);
    assertThat(count(html, "<section class=\"joint\"")).isEqualTo(8);
    assertThat(html).contains("<p class=\"verdict unjudged\"><strong>This window not judged (10:38–10:39 UTC):"
        + "</strong> 150 records, fewer than the 200 needed.</p>");
    assertThat(html).contains("<p class=\"decision\">not judged: 150 records, fewer than the 200 needed</p>");
    assertThat(html).contains("<td class=\"flagged\">not judged</td>");
  }

  @Test
  void theTimelineMarksFlaggedCellsAndDatasetDrift() {
    String html = HtmlDriftReport.render(series, SOURCE);

    Matcher bmiRow = Pattern.compile("<tr><th scope=\"row\">bmi</th>(.*?)</tr>").matcher(html);
    assertThat(bmiRow.find()).isTrue();
    assertThat(marks(bmiRow.group(1))).isEqualTo("_____●●●");
    Matcher s5Row = Pattern.compile("<tr><th scope=\"row\">s5</th>(.*?)</tr>").matcher(html);
    assertThat(s5Row.find()).isTrue();
    assertThat(marks(s5Row.group(1))).isEqualTo("_______●");
    Matcher dataset = Pattern.compile("<tr><th scope=\"row\">dataset drift</th>(.*?)</tr>").matcher(html);
    assertThat(dataset.find()).isTrue();
    assertThat(marks(dataset.group(1))).isEqualTo("_____●●●");
    assertThat(dataset.group(1)).contains("<td class=\"unjudged\" data-window=\"2\" title=\"10:38–10:39: not judged,"
        + " too few records\"></td>");
    assertThat(dataset.group(1)).contains("title=\"10:41–10:42: drift in bmi; joint: bmi\"");
    Matcher joint = Pattern.compile("<tr><th scope=\"row\">joint tests</th>(.*?)</tr>").matcher(html);
    assertThat(joint.find()).isTrue();
    assertThat(marks(joint.group(1))).isEqualTo("_____●●●");
    assertThat(joint.group(1)).contains("<td class=\"flag\" data-window=\"5\" style=\"background:#d62728\""
        + " title=\"10:41–10:42: joint drift in bmi\">●</td>", "<td class=\"\" data-window=\"4\" title=\"10:40–10:41:"
        + " no joint drift\"></td>", "<td class=\"unjudged\" data-window=\"2\" title=\"10:38–10:39: not judged, too few"
        + " records\"></td>");
    assertThat(html).contains("<tr><th scope=\"row\">rejected</th>");
  }

  @Test
  void reportsWrittenBeforeTheNewFieldsStillRender() throws Exception {
    String html = HtmlDriftReport.render(ReportFixtures.withoutNewFields(series), SOURCE);

    assertThat(count(html, "<canvas data-window=")).isZero();
    assertThat(count(html, "<p class=\"nochart\">no histogram in this report (written before histograms were"
        + " added)</p>")).isEqualTo(8 * 11);
    assertThat(html).doesNotContain("Data quality", "drifting since", "<tr><th scope=\"row\">rejected</th>",
        "<tr><th scope=\"row\">joint tests</th>", "<table class=\"heat\"", "Jointly:");
    assertThat(count(html, "<p class=\"verdict unjudged\"><strong>Not tested jointly:</strong> this report has no joint"
        + " tests (written before they were added).</p>")).isEqualTo(8);
    assertThat(html).contains("<p class=\"verdict drift\"><strong>Drift in the latest window (10:43–10:44 UTC):"
        + "</strong> <b>bmi</b>, <b>s5</b>. The predictions drifted too.</p>");
    assertThat(count(html, "<td class=\"flagged\">yes</td><td>")).isEqualTo(
        count(HtmlDriftReport.render(series, SOURCE), "<td class=\"flagged\">yes</td><td>")).isEqualTo(6);
    assertThat(data(html).get("windows").get(7).get("quantities").get(0).isNull()).isTrue();
  }

  @Test
  void aWindowWithoutDataQualityShowsNoneEvenWhenOthersHaveIt() {
    List<JsonNode> mixed = new ArrayList<>(series);
    ObjectNode last = mixed.get(7).deepCopy();
    last.remove("data_quality");
    mixed.set(7, last);
    String html = HtmlDriftReport.render(mixed, SOURCE);

    String latest = html.substring(html.indexOf("<article class=\"window\" id=\"window-7\""));
    assertThat(latest).doesNotContain("Data quality");
    assertThat(count(html, "<p class=\"quality\">")).isEqualTo(7);
    assertThat(html).contains("title=\"10:43–10:44: no data-quality figures\"");
  }

  @Test
  void aMalformedHistogramIsSaidSoAndTheRestIsDrawn() {
    ObjectNode report = (ObjectNode) ReportFixtures.known();
    ObjectNode histogram = (ObjectNode) report.get("features").get("bmi").get("histogram");
    histogram.putArray("window").add(1).add(2);
    String html = HtmlDriftReport.render(List.of(report), SOURCE);

    assertThat(html).contains("<p class=\"nochart\">the histogram in this report is malformed: bins, reference and"
        + " window do not match</p>");
    assertThat(count(html, "<canvas data-window=\"0\" data-quantity=")).isEqualTo(3);
  }

  @Test
  void noReportsMakeAPageSayingSo() {
    String html = HtmlDriftReport.render(List.of(), SOURCE);

    assertThat(html).contains("<p class=\"verdict unjudged\"><strong>No drift reports were read.</strong></p>");
    assertThat(html).contains("<dd>none</dd>");
    assertThat(html).doesNotContain("<article", "<canvas");
  }

  @Test
  void theSourceMayNameTheModel() {
    ReportSource source = new ReportSource("current.csv (1\u00a0000 rows)", Instant.parse("2026-11-24T10:45:12Z"),
        "my-model", "abc123");
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), source);

    assertThat(html).contains("<span class=\"model\">my-model</span> <span class=\"version\">version abc123</span>");
    assertThat(html).contains("<dd>current.csv (1\u00a0000 rows)</dd>");
  }

  @Test
  void whatIsNotADriftReportRendersAsAnEmptyWindow() {
    ObjectNode noFeatures = new ObjectMapper().createObjectNode().put("window_start", "yesterday").put("count", "x");
    String html = HtmlDriftReport.render(List.of(new ObjectMapper().getNodeFactory().textNode("?"), noFeatures),
        SOURCE);

    assertThat(html).contains("<dd>2 windows, no event times</dd>", "<dd>0</dd>");
    assertThat(count(html, "<article class=\"window\"")).isEqualTo(2);
    assertThat(count(html, "<canvas data-window=")).isZero();
  }

  @Test
  void onlyTheLatestWindowsAreDetailedInALongRange() throws Exception {
    int n = ReportPage.MAX_DETAILED_WINDOWS + 5;
    List<JsonNode> many = new ArrayList<>();
    Instant start = Instant.parse("2026-11-24T00:00:00Z");
    for (int i = 0; i < n; i++) {
      ObjectNode report = (ObjectNode) ReportFixtures.known();
      report.put("window_start", start.plusSeconds(60L * i).toString());
      report.put("window_end", start.plusSeconds(60L * (i + 1)).toString());
      many.add(report);
    }
    String html = HtmlDriftReport.render(many, SOURCE);

    assertThat(count(html, "<article class=\"window\"")).isEqualTo(ReportPage.MAX_DETAILED_WINDOWS);
    assertThat(count(html, "<th scope=\"col\" class=\"col")).isEqualTo(n);
    assertThat(count(html, "<th scope=\"col\" class=\"col pick")).isEqualTo(ReportPage.MAX_DETAILED_WINDOWS);
    assertThat(html).contains("Details for the latest 240 windows; the 5 before them appear in the timeline only.");
    JsonNode windows = data(html).get("windows");
    assertThat(windows).hasSize(n);
    assertThat(windows.get(4).isNull()).isTrue();
    assertThat(windows.get(5).isObject()).isTrue();
    assertThat(html).doesNotContain("id=\"window-4\"").contains("id=\"window-5\"");
  }

  @Test
  void theJointSectionShowsTheKnownReportsJointTests() {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), SOURCE);

    assertThat(html).contains("<p class=\"verdict drift\"><strong>Joint drift:</strong> <b>bmi</b> shifted given the"
        + " others; <b>s1:s2</b> correlation 0.89 → -0.01, <b>s2:s4</b> correlation 0.66 → 0.01, <b>s2:s5</b> correlation"
        + " 0.32 → -0.04, <b>s2:s6</b> correlation 0.29 → -0.07, <b>bmi:s2</b> correlation 0.30 → -0.03.</p>");
    assertThat(html).contains("<ul class=\"stats\"><li>500 records</li><li>Hotelling T² 77.1</li><li>F 7.63 on 10"
        + " dimensions</li><li>p 9.8e-12</li><li>adjusted p 2.1e-10</li><li>Mahalanobis 0.610σ</li><li>all pairs as one"
        + " test: p 2.6e-90, adjusted 5.9e-89</li></ul>");
    assertThat(html).contains("<p class=\"decision\">Mean vector (Hotelling T²): drift: adjusted p 2.1e-10 ≤ 0.0023 and"
        + " Mahalanobis 0.610σ ≥ 0.1σ</p>");
    // Shifts given the others: the drifted first, then by |z|.
    assertThat(rows(html, "summary shifts")).containsExactly(
        "<tr class=\"drift\"><th scope=\"row\">bmi</th><td>+0.583</td><td>+8.38</td><td>5.1e-17</td><td>1.1e-15</td>"
            + "<td class=\"flagged\">yes</td></tr>",
        "<tr><th scope=\"row\">bp</th><td>-0.193</td><td>-2.78</td><td>0.0054</td><td>0.1</td>"
            + "<td class=\"flagged\">no</td></tr>",
        "<tr><th scope=\"row\">s5</th><td>-0.122</td><td>-1.75</td><td>0.08</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">s2</th><td>+0.110</td><td>+1.59</td><td>0.11</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">sex</th><td>+0.109</td><td>+1.56</td><td>0.12</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">s6</th><td>-0.102</td><td>-1.47</td><td>0.14</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">s4</th><td>-0.060</td><td>-0.87</td><td>0.39</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">s1</th><td>+0.056</td><td>+0.81</td><td>0.42</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">s3</th><td>+0.030</td><td>+0.43</td><td>0.67</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>",
        "<tr><th scope=\"row\">age</th><td>-0.005</td><td>-0.08</td><td>0.94</td><td>1</td><td class=\"flagged\">no</td>"
            + "</tr>");
    assertThat(rows(html, "summary pairs")).containsExactly(
        "<tr class=\"drift\"><th scope=\"row\">s1:s2</th><td>0.89</td><td>-0.01</td><td>-0.90</td><td>-20.3</td>"
            + "<td>5.9e-89</td></tr>",
        "<tr class=\"drift\"><th scope=\"row\">s2:s4</th><td>0.66</td><td>0.01</td><td>-0.65</td><td>-11.3</td>"
            + "<td>2.1e-26</td></tr>",
        "<tr class=\"drift\"><th scope=\"row\">s2:s5</th><td>0.32</td><td>-0.04</td><td>-0.36</td><td>-5.4</td>"
            + "<td>7.1e-5</td></tr>",
        "<tr class=\"drift\"><th scope=\"row\">s2:s6</th><td>0.29</td><td>-0.07</td><td>-0.36</td><td>-5.3</td>"
            + "<td>1.1e-4</td></tr>",
        "<tr class=\"drift\"><th scope=\"row\">bmi:s2</th><td>0.30</td><td>-0.03</td><td>-0.34</td><td>-5.0</td>"
            + "<td>6.8e-4</td></tr>");
    assertThat(html).doesNotContain("<p class=\"none\">");
  }

  @Test
  void theHeatMapsShowEveryPairReferenceBesideWindowAndTheChangedOnesOutlined() {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.known()), SOURCE);

    assertThat(count(html, "<table class=\"heat\"")).isEqualTo(2);
    // Ten features: 10 rows of 10 cells each, the diagonal grey.
    assertThat(count(html, "<td class=\"diag\"")).isEqualTo(2 * 10);
    // The correlations: reference below the diagonal (row s2, column s1), this window above (row s1, column s2).
    assertThat(html).contains("<td class=\"\" style=\"background:#c3383a;color:#fff\" title=\"s1 × s2, reference:"
        + " 0.89\">0.89</td>");
    assertThat(html).contains("<td class=\"\" style=\"background:#f6f6f7\" title=\"s1 × s2, this window: -0.01\">"
        + "-0.01</td>");
    assertThat(html).contains("<td class=\"\" style=\"background:#478bbf;color:#fff\" title=\"s3 × s4, reference:"
        + " -0.78\">-0.78</td>");
    // The change, below the diagonal only: 45 pairs, the 5 changed ones outlined with their adjusted p.
    assertThat(count(html, "<td class=\"empty\"")).isEqualTo(45);
    assertThat(count(html, "<td class=\"flag\" style=")).isEqualTo(5);
    assertThat(html).contains("<td class=\"flag\" style=\"background:#2166ac;color:#fff\" title=\"s1 × s2: reference"
        + " 0.89 → this window -0.01 (change -0.90), adjusted p 5.9e-89, changed\">-0.90</td>");
    assertThat(html).contains("<td class=\"\" style=\"background:#f7f5f4\" title=\"age × sex: reference 0.17 → this"
        + " window 0.18 (change +0.01)\">+0.01</td>");
    assertThat(html).contains("<p class=\"legend\"><span class=\"swatch\" style=\"background:#2166ac\"></span>≤ −0.5"
        + " <span class=\"swatch\" style=\"background:#82b8d7\"></span>−0.25 <span class=\"swatch\""
        + " style=\"background:#f7f7f7\"></span>0 <span class=\"swatch\" style=\"background:#f39e7b\"></span>+0.25"
        + " <span class=\"swatch\" style=\"background:#b2182b\"></span>≥ +0.5 <span class=\"swatch\""
        + " style=\"outline:2px solid #d62728;outline-offset:-2px\"></span>changed pair </p>");
  }

  @Test
  void aBrokenCorrelationAloneIsJointDriftInEveryVerdict() {
    String html = HtmlDriftReport.render(List.of(ReportFixtures.correlationBreak(DriftSettings.defaults()
        .withCalibration(500, 0))), SOURCE);

    assertThat(html).contains("<p class=\"verdict drift\"><strong>Joint drift in this window (09:00–09:01 UTC),"
        + " drifting since 09:00:</strong> <b>s1:s2</b> correlation 0.89 → 0.04, <b>s2:s4</b> correlation 0.66 → 0.04."
        + " No feature drifted on its own.</p>");
    assertThat(html).contains("<p class=\"verdict drift\"><strong>Joint drift:</strong> <b>s1:s2</b> correlation"
        + " 0.89 → 0.04, <b>s2:s4</b> correlation 0.66 → 0.04.</p>");
    assertThat(count(html, "<td class=\"flagged\">yes</td>")).isZero();
    assertThat(rows(html, "summary pairs")).containsExactly(
        "<tr class=\"drift\"><th scope=\"row\">s1:s2</th><td>0.89</td><td>0.04</td><td>-0.84</td><td>-19.1</td>"
            + "<td>2.9e-78</td></tr>",
        "<tr class=\"drift\"><th scope=\"row\">s2:s4</th><td>0.66</td><td>0.04</td><td>-0.62</td><td>-10.5</td>"
            + "<td>9e-23</td></tr>");
    assertThat(count(html, "<td class=\"flag\" style=")).isEqualTo(2);
    assertThat(html).contains("<td class=\"flag\" data-window=\"0\" style=\"background:#d62728\" title=\"09:00–09:01:"
        + " joint drift in s1:s2, s2:s4\">●</td>");
    assertThat(html).contains("<td class=\"flag\" data-window=\"0\" style=\"background:#d62728\" title=\"09:00–09:01:"
        + " drift in joint: s1:s2, s2:s4\">●</td>");
  }

  @Test
  void aWindowNotTestedJointlySaysWhyAndShowsNoFigures() {
    JsonNode report = ReportFixtures.correlationBreak(DriftSettings.defaults().withCalibration(500, 0)
        .withMultivariate(false, 0.1, 0.1));
    String html = HtmlDriftReport.render(List.of(report), SOURCE);

    assertThat(html).contains("<p class=\"verdict unjudged\"><strong>Not tested jointly:</strong>"
        + " drift.multivariate&#61;false.</p>");
    assertThat(html).contains("<p class=\"verdict clear\"><strong>No drift in this window (09:00–09:01 UTC).</strong>"
        + "</p>");
    assertThat(html).contains("<td class=\"missing\" data-window=\"0\" title=\"09:00–09:01: not tested jointly,"
        + " drift.multivariate&#61;false\"></td>");
    assertThat(html).doesNotContain("<table class=\"heat\"", "<table class=\"summary shifts\"",
        "<div class=\"joint-tables\">", "Mean vector (Hotelling T²)");
  }

  @Test
  void aWindowWithoutJointDriftSaysSoAndListsNoPairs() {
    String html = HtmlDriftReport.render(List.of(series.get(0)), SOURCE);

    assertThat(html).contains("<p class=\"verdict clear\"><strong>No joint drift:</strong> no feature shifted given the"
        + " others, no pair&#39;s correlation changed, the mean vector did not move.</p>");
    assertThat(html).contains("<p class=\"decision\">Mean vector (Hotelling T²): no drift: Mahalanobis 0.169σ ≥ 0.1σ but"
        + " adjusted p 1 &gt; 0.01 (could be chance)</p>");
    assertThat(html).contains("<p class=\"none\">No pair&#39;s correlation changed (all 45 pairs as one test: adjusted p"
        + " 1).</p>");
    assertThat(count(html, "<td class=\"flag\" style=")).isZero();
    assertThat(rows(html, "summary shifts")).hasSize(10).noneMatch(row -> row.startsWith("<tr class=\"drift\""));
  }

  /** The body rows of the first table of class {@code css}. */
  private static List<String> rows(String html, String css) {
    int start = html.indexOf("<table class=\"" + css + "\"");
    assertThat(start).as(css).isNotNegative();
    String table = html.substring(start, html.indexOf("</table>", start));
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr( class=\"drift\")?><th scope=\"row\">.*?</tr>").matcher(
        table.substring(table.indexOf("<tbody>")));
    while (m.find()) {
      rows.add(m.group());
    }
    return rows;
  }

  private static JsonNode data(String html) throws Exception {
    Matcher m = DATA.matcher(html);
    assertThat(m.find()).isTrue();
    return new ObjectMapper().readTree(m.group(1));
  }

  /** "_●" per cell of a timeline row: flagged or not. */
  private static String marks(String cells) {
    StringBuilder marks = new StringBuilder();
    Matcher m = Pattern.compile("<td [^>]*>(●?)</td>").matcher(cells);
    while (m.find()) {
      marks.append(m.group(1).isEmpty() ? "_" : "●");
    }
    return marks.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(t -> texts.add(t.isTextual() ? t.asText() : null));
    }
    return texts;
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      count++;
    }
    return count;
  }
}
