package io.driftwatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a user opens it: Debian's headless Chromium loads the file (no network), runs its script, and
 * must draw every chart of the selected window and paint them in the page's colours. Skipped only on a developer's
 * machine without Chromium; in CI (the {@code CI} variable set, as {@code .ci/run} does) a missing Chromium fails.
 */
class HtmlReportChromiumTest {

  private static final ReportSource SOURCE =
      ReportSource.of("drift-reports on localhost:9092, last 10m", Instant.parse("2026-11-24T10:45:12Z"));
  private static final Pattern CANVAS = Pattern.compile("<canvas ([^>]*)>");
  private static final int WIDTH = 1280;

  private static Path chromium;
  private static List<JsonNode> series;

  @TempDir Path dir;

  @BeforeAll
  static void findChromium() {
    chromium = onPath("chromium", "chromium-browser");
    if (chromium == null) {
      if (System.getenv("CI") != null) {
        fail("chromium is not installed; CI must run the HTML report check (.ci/run installs it)");
      }
      Assumptions.abort("chromium is not installed (apt-get install chromium); CI runs this check");
    }
    series = ReportFixtures.series();
  }

  @Test
  void everyChartOfTheLatestWindowIsDrawn() throws Exception {
    String dom = dumpDom(write(series), "");

    Map<String, List<String>> drawn = drawnCanvases(dom);
    // Ten features and the prediction in the latest window (7), and the timeline; hidden windows wait to be picked.
    assertThat(drawn.get("7")).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    assertThat(drawn.get("timeline")).containsExactly("timeline");
    assertThat(drawn).containsOnlyKeys("7", "timeline");
    assertThat(canvases(dom)).isEqualTo(8 * 11 + 1);
    assertThat(dom).containsPattern("data-page-height=\"\\d{4,}\"");
  }

  @Test
  void aLinkToAnEarlierWindowDrawsThatWindow() throws Exception {
    String dom = dumpDom(write(series), "#window-2");

    Map<String, List<String>> drawn = drawnCanvases(dom);
    assertThat(drawn.get("2")).hasSize(11);
    assertThat(drawn).containsOnlyKeys("2", "timeline");
    assertThat(dom).contains("<article class=\"window\" id=\"window-2\" data-window=\"2\">");
    assertThat(dom).contains("<article class=\"window\" id=\"window-7\" data-window=\"7\" hidden=\"\">");
  }

  @Test
  void aBatchReportOfOneWindowDrawsEachChart() throws Exception {
    String dom = dumpDom(write(List.of(ReportFixtures.known())), "");

    Map<String, List<String>> drawn = drawnCanvases(dom);
    assertThat(drawn.get("0")).containsExactly("0", "1", "2", "3");
    assertThat(drawn).containsOnlyKeys("0", "timeline");
  }

  @Test
  void theScreenshotShowsTheChartsInThePagesColours() throws Exception {
    Path png = dir.resolve("report.png");
    run(write(series), "", "--window-size=" + WIDTH + ",2800", "--screenshot=" + png);
    BufferedImage image = ImageIO.read(png.toFile());

    assertThat(image.getWidth()).isEqualTo(WIDTH);
    Map<Integer, Integer> colours = new HashMap<>();
    long nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.merge(rgb, 1, Integer::sum);
        if (rgb != 0xffffff) {
          nonWhite++;
        }
      }
    }
    assertThat(nonWhite).isGreaterThan((long) image.getWidth() * image.getHeight() / 10);
    assertThat(colours).hasSizeGreaterThan(100);
    // Solid bars: reference grey, window blue, a drifting window's orange, and the red of flagged drift.
    assertThat(colours.getOrDefault(0x9e9e9e, 0)).as("reference grey pixels").isGreaterThan(5_000);
    assertThat(colours.getOrDefault(0x1f77b4, 0)).as("window blue pixels").isGreaterThan(5_000);
    assertThat(colours.getOrDefault(0xff7f0e, 0)).as("drifting window orange pixels").isGreaterThan(2_000);
    assertThat(colours.getOrDefault(0xd62728, 0)).as("flagged red pixels").isGreaterThan(1_000);
  }

  @Test
  void theJointSectionsHeatMapsArePaintedInTheirColours() throws Exception {
    Path html = write(List.of(ReportFixtures.known()));
    String dom = dumpDom(html, "");
    Path png = dir.resolve("joint.png");
    run(html, "", "--window-size=" + WIDTH + ",2600", "--screenshot=" + png);
    BufferedImage image = ImageIO.read(png.toFile());

    assertThat(dom).contains("<section class=\"joint\" aria-label=\"Joint drift\">");
    Map<Integer, Integer> colours = new HashMap<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
      }
    }
    // Cells of 46 × 26 pixels: the two changes of -0.65 and -0.90 in the deepest blue (and its legend swatch), the
    // reference's s1 × s2 (0.89) in deep red, the diagonals grey.
    assertThat(colours.getOrDefault(0x2166ac, 0)).as("deepest blue pixels").isBetween(1_500, 2 * 46 * 26 + 400);
    assertThat(colours.getOrDefault(0xc3383a, 0)).as("s1 × s2 reference red pixels").isBetween(600, 46 * 26);
    assertThat(colours.getOrDefault(0xe1e4e8, 0)).as("diagonal grey pixels").isGreaterThan(15 * 46 * 26);
  }

  private Path write(List<JsonNode> reports) throws IOException {
    Path html = dir.resolve("report.html");
    HtmlDriftReport.write(reports, SOURCE, html);
    return html;
  }

  private String dumpDom(Path html, String fragment) throws Exception {
    return run(html, fragment, "--window-size=" + WIDTH + ",1000", "--dump-dom");
  }

  /** Runs Chromium on the file with the page's script given time to finish; returns what it prints. */
  private String run(Path html, String fragment, String... options) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile,
        "--virtual-time-budget=5000"));
    command.addAll(List.of(options));
    command.add(html.toUri() + fragment);
    Path out = dir.resolve("chromium.out");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish within 120 s");
    }
    assertThat(process.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Per window index (or "timeline"), the quantity indexes of the canvases marked drawn, in page order. */
  private static Map<String, List<String>> drawnCanvases(String dom) {
    Map<String, List<String>> drawn = new HashMap<>();
    Matcher m = CANVAS.matcher(dom);
    while (m.find()) {
      String attributes = m.group(1);
      if (!attributes.contains("data-drawn=\"true\"")) {
        continue;
      }
      if (attributes.contains("id=\"timeline-chart\"")) {
        drawn.computeIfAbsent("timeline", k -> new ArrayList<>()).add("timeline");
        continue;
      }
      drawn.computeIfAbsent(attribute(attributes, "data-window"), k -> new ArrayList<>())
          .add(attribute(attributes, "data-quantity"));
    }
    return drawn;
  }

  private static int canvases(String dom) {
    int n = 0;
    Matcher m = CANVAS.matcher(dom);
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String attribute(String attributes, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(attributes);
    return m.find() ? m.group(1) : null;
  }

  private static Path onPath(String... names) {
    Set<String> dirs = new HashSet<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/bin");
    for (String name : names) {
      for (String d : dirs) {
        Path candidate = Path.of(d, name);
        if (!d.isEmpty() && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }
}
