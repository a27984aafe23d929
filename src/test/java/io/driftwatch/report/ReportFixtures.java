package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drift reports to render: a series computed with today's statistics on the bundled diabetes rows (bmi shifted from
 * 10:41 on, s5 too in the last window), with the fields being added to the report JSON (histograms on PSI's decile
 * bins, drift state, data quality) filled in here as the spec in issue 12 describes them; and a hand-written known
 * report.
 */
final class ReportFixtures {

  static final Instant START = Instant.parse("2026-11-24T10:36:00Z");
  static final int WINDOWS = 8;
  /** The first window in which bmi is shifted (10:41). */
  static final int BMI_SHIFT_FROM = 5;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportFixtures() {}

  /**
   * One hand-written report (README's example with histograms, drift state and data quality) for exact values. Its
   * {@code multivariate} object is not hand-written: {@code ./driftwatch drift --json -} computed it (model version
   * bb1548420105) for 500 visits from {@code simulate --csv F --count 500 --seed 12 --scenario correlation-break
   * --features s1,s2 --start 2026-11-24T10:43:00Z} with bmi raised by 0.5 reference σ (2.19) in every row: bmi shifted
   * given the others, s2's pairs changed.
   */
  static JsonNode known() {
    try (InputStream in = ReportFixtures.class.getResourceAsStream("known-report.json")) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Eight one-minute windows from 10:36; window 10:38 has 150 records (not judged), the others 500. */
  static List<JsonNode> series() {
    ModelArtifact artifact = TrainedModels.diabetes();
    DriftDetector detector = DriftDetector.create(artifact, DriftSettings.defaults().withCalibration(500, 0));
    LinearScorer scorer = new LinearScorer(artifact);
    Dataset data = Dataset.loadBundledDiabetes();
    List<String> names = data.featureNames();
    int bmi = names.indexOf("bmi");
    int s5 = names.indexOf("s5");
    int sex = names.indexOf("sex");
    double[] sigma = artifact.scaler().scale();
    SplittableRandom random = new SplittableRandom(20261124);
    List<JsonNode> reports = new ArrayList<>();
    boolean[] drifting = new boolean[names.size() + 1];
    String[] since = new String[names.size() + 1];
    String[] ended = new String[names.size() + 1];
    for (int w = 0; w < WINDOWS; w++) {
      int count = w == 2 ? 150 : 500;
      List<double[]> rows = new ArrayList<>(count);
      double[] predictions = new double[count];
      WindowSummary summary = detector.newSummary();
      for (int i = 0; i < count; i++) {
        double[] row = data.row(random.nextInt(data.size())).clone();
        for (int j = 0; j < row.length; j++) {
          if (j != sex) {
            row[j] += 0.05 * sigma[j] * gaussian(random);
          }
        }
        if (w >= BMI_SHIFT_FROM) {
          row[bmi] += 0.8 * sigma[bmi];
        }
        if (w == WINDOWS - 1) {
          row[s5] += 0.6 * sigma[s5];
        }
        predictions[i] = scorer.predict(row);
        summary.update(row, predictions[i]);
        rows.add(row);
      }
      Instant start = START.plusSeconds(60L * w);
      ObjectNode report =
          DriftReportJson.toTree(detector.evaluate(summary, start, start.plusSeconds(60), w == 6 ? 2 : 0));
      for (int j = 0; j < names.size(); j++) {
        ObjectNode feature = (ObjectNode) report.get("features").get(names.get(j));
        final int column = j;
        feature.set("histogram", histogram(artifact.reference().features().get(j),
            rows.stream().mapToDouble(r -> r[column]).toArray()));
      }
      ObjectNode prediction = (ObjectNode) report.get("prediction");
      prediction.set("histogram", histogram(artifact.reference().prediction(), predictions));
      List<ObjectNode> quantities = new ArrayList<>();
      names.forEach(n -> quantities.add((ObjectNode) report.get("features").get(n)));
      quantities.add(prediction);
      boolean judged = !report.get("below_min_samples").asBoolean();
      for (int q = 0; q < quantities.size(); q++) {
        // Windows not judged neither start nor end a run of drift.
        boolean flagged = quantities.get(q).get("drift").asBoolean();
        if (judged && flagged && !drifting[q]) {
          drifting[q] = true;
          since[q] = start.toString();
          ended[q] = null;
        } else if (judged && !flagged && drifting[q]) {
          drifting[q] = false;
          ended[q] = start.toString();
        }
        quantities.get(q).set("drift_state", state(drifting[q], since[q], ended[q]));
      }
      report.set("drift_state", state(drifting[bmi], since[bmi], ended[bmi]));
      report.set("data_quality", quality(count, w));
      reports.add(report);
    }
    return reports;
  }

  /**
   * One window 09:00–09:01 of the 442 bundled rows with s2 read from the row 221 further on (s2's distribution kept,
   * its correlations gone), judged by {@code settings}: with the joint tests on, only they flag drift.
   */
  static JsonNode correlationBreak(DriftSettings settings) {
    ModelArtifact artifact = TrainedModels.diabetes();
    DriftDetector detector = DriftDetector.create(artifact, settings);
    LinearScorer scorer = new LinearScorer(artifact);
    Dataset data = Dataset.loadBundledDiabetes();
    int s2 = data.featureNames().indexOf("s2");
    int n = data.size();
    WindowSummary summary = detector.newSummary();
    for (int i = 0; i < n; i++) {
      double[] row = data.row(i).clone();
      row[s2] = data.row((i + n / 2) % n)[s2];
      summary.update(row, scorer.predict(row));
    }
    Instant start = Instant.parse("2026-11-24T09:00:00Z");
    return DriftReportJson.toTree(detector.evaluate(summary, start, start.plusSeconds(60), 0));
  }

  /** The same reports without the fields added in issues 12 and 13, as older services wrote them. */
  static List<JsonNode> withoutNewFields(List<JsonNode> reports) {
    List<JsonNode> older = new ArrayList<>();
    for (JsonNode report : reports) {
      ObjectNode copy = report.deepCopy();
      copy.remove(List.of("data_quality", "drift_state", "multivariate"));
      ((ObjectNode) copy.get("thresholds")).remove(List.of("multivariate", "mean_shift_sigma_floor",
          "correlation_floor"));
      copy.get("features").forEach(f -> ((ObjectNode) f).remove(List.of("histogram", "drift_state")));
      ((ObjectNode) copy.get("prediction")).remove(List.of("histogram", "drift_state"));
      older.add(copy);
    }
    return older;
  }

  /** PSI's bins: the reference deciles (distinct ones) or its codes, with the window's counts in them. */
  static ObjectNode histogram(DistributionProfile profile, double[] values) {
    ObjectNode h = MAPPER.createObjectNode();
    if (profile.kind() == FeatureKind.CATEGORICAL) {
      double[] codes = profile.categories();
      long[] counts = new long[codes.length];
      for (double v : values) {
        int k = Arrays.binarySearch(codes, v);
        if (k >= 0) {
          counts[k]++;
        }
      }
      numbers(h.putArray("categories"), codes);
      numbers(h.putArray("reference"), profile.categoryProportions());
      ArrayNode window = h.putArray("window");
      Arrays.stream(counts).forEach(window::add);
      return h;
    }
    double[] quantiles = profile.quantiles();
    List<Double> edges = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    double previousProbability = 0;
    for (int k = 1; k <= 9; k++) {
      double edge = quantiles[10 * k];
      if (!edges.isEmpty() && edge <= edges.get(edges.size() - 1)) {
        continue;
      }
      edges.add(edge);
      reference.add(k / 10.0 - previousProbability);
      previousProbability = k / 10.0;
    }
    reference.add(1 - previousProbability);
    long[] counts = new long[edges.size() + 1];
    for (double v : values) {
      int bin = 0;
      while (bin < edges.size() && v >= edges.get(bin)) {
        bin++;
      }
      counts[bin]++;
    }
    ArrayNode e = h.putArray("edges");
    edges.forEach(e::add);
    ArrayNode r = h.putArray("reference");
    reference.forEach(r::add);
    ArrayNode window = h.putArray("window");
    Arrays.stream(counts).forEach(window::add);
    return h;
  }

  private static ObjectNode state(boolean drifting, String since, String ended) {
    ObjectNode state = MAPPER.createObjectNode();
    state.put("drifting", drifting);
    state.put("since", drifting ? since : null);
    state.put("ended", drifting ? null : ended);
    return state;
  }

  /** A few rejected records per window: bmi typed in the wrong unit now and then, a bad timestamp in window 6. */
  private static ObjectNode quality(int accepted, int window) {
    int outOfRange = window % 3;
    int badTime = window == 6 ? 9 : 0;
    ObjectNode quality = MAPPER.createObjectNode();
    int rejected = outOfRange + badTime;
    quality.put("records", accepted + rejected);
    quality.put("rejected", rejected);
    quality.put("rejected_share", (double) rejected / (accepted + rejected));
    ObjectNode reasons = quality.putObject("by_reason");
    if (outOfRange > 0) {
      reasons.put("out_of_range", outOfRange);
    }
    if (badTime > 0) {
      reasons.put("invalid_event_time", badTime);
    }
    return quality;
  }

  private static void numbers(ArrayNode array, double[] values) {
    for (double v : values) {
      array.add(v);
    }
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
