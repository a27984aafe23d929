package io.driftwatch.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Drift reports as one self-contained HTML page: a header with the verdict of the latest window, the drift timeline
 * over every window, and per window a summary table and each feature's (and the prediction's) histogram over the
 * reference's on the frozen bins, with its statistics and the decision in words.
 *
 * <p>The page needs no network: its style, its script, Chart.js (from the WebJar on the classpath) and the chart data
 * (JSON in a {@code <script type="application/json">}) are all inlined. Every text taken from a report (feature
 * names come from user artifacts) is HTML-escaped by the templates, and the chart data cannot close its script
 * element. Tables and words are rendered here, so the page reads without its script; the script draws the charts and
 * lets the reader pick a window.
 */
public final class HtmlDriftReport {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final String CHART_JS = "META-INF/resources/webjars/chart.js/%s/dist/chart.umd.min.js";

  /** Templates and inlined assets, read once. */
  private static final class Assets {
    static final Mustache PAGE = new DefaultMustacheFactory("io/driftwatch/report").compile("report.mustache");
    static final String CSS = resource("io/driftwatch/report/report.css");
    static final String PAGE_JS = inlineScript(resource("io/driftwatch/report/report.js"), "report.js");
    static final String CHART_JS = inlineScript(chartJs(), "chart.umd.min.js");
  }

  /** What the templates read besides the page itself. */
  record Inlined(String css, String chartJs, String pageJs, String data) {}

  private HtmlDriftReport() {}

  /**
   * The page for {@code reports}.
   *
   * @param reports {@code drift-reports} values as JSON trees (as the topic carries them or as
   *     {@code DriftReportJson.toTree} writes them), any order: shown in window order, the latest selected. Fields
   *     older reports lack (histograms, drift state, data quality) leave their part out. Empty: a page saying so.
   * @param source where the reports came from and when the page was made
   * @return the HTML document, UTF-8 text
   */
  public static String render(List<JsonNode> reports, ReportSource source) {
    ReportPage page = ReportPage.of(reports, source);
    StringWriter out = new StringWriter();
    Assets.PAGE.execute(out, new Object[] {
        new Inlined(Assets.CSS, Assets.CHART_JS, Assets.PAGE_JS, scriptJson(page.chartData())), page.page()});
    return out.toString();
  }

  /** Renders to {@code file} (UTF-8), replacing it. */
  public static void write(List<JsonNode> reports, ReportSource source, Path file) throws IOException {
    Files.writeString(file, render(reports, source), StandardCharsets.UTF_8);
  }

  /**
   * JSON that is safe inside a script element: {@code <}, {@code >} and {@code &} appear only inside JSON strings,
   * where their escapes mean the same, so no value can close the element or open a comment.
   */
  static String scriptJson(JsonNode data) {
    try {
      return MAPPER.writeValueAsString(data)
          .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A script to inline: without its source-map comment (nothing to fetch), and refused if it could end the tag. */
  private static String inlineScript(String script, String name) {
    String inlined = script.replaceAll("(?m)^//# sourceMappingURL=.*$", "");
    if (inlined.toLowerCase(Locale.ROOT).contains("</script")) {
      throw new IllegalStateException(name + " contains </script and cannot be inlined");
    }
    return inlined;
  }

  private static String chartJs() {
    Properties pom = new Properties();
    try (InputStream in = stream(CHART_JS_PROPERTIES)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource(String.format(Locale.ROOT, CHART_JS, pom.getProperty("version")));
  }

  private static String resource(String name) {
    try (InputStream in = stream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream stream(String name) {
    InputStream in = HtmlDriftReport.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing on the classpath: " + name
          + (name.contains("webjars") ? " (the org.webjars.npm:chart.js dependency)" : ""));
    }
    return in;
  }
}
