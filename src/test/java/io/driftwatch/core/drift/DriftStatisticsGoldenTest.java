package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The statistics against SciPy 1.10.1 ({@code src/test/python/golden_drift.py}). */
class DriftStatisticsGoldenTest {

  @Test
  void ksStatisticAndPValueMatchScipyKs2sampAsymp() {
    for (JsonNode c : Golden.get("ks")) {
      double[] x = Golden.doubles(c.get("x"));
      double[] y = Golden.doubles(c.get("y"));
      // Evaluated at every pooled value, the statistic on cut points is the full two-sample statistic.
      double[] pooled = distinctSorted(x, y);
      double d = KolmogorovSmirnov.statistic(ecdf(x, pooled), ecdf(y, pooled));
      assertThat(d).as(c.get("name").asText()).isCloseTo(c.get("statistic").asDouble(), within(1e-12));
      assertThat(KolmogorovSmirnov.pValue(d, x.length, y.length)).as(c.get("name").asText())
          .isCloseTo(c.get("p_value").asDouble(), Percentage.withPercentage(1e-6));
    }
  }

  @Test
  void ksDistributionMatchesScipyKstwo() {
    for (JsonNode c : Golden.get("kstwo_sf")) {
      assertThat(KolmogorovSmirnov.survival(c.get("d").asDouble(), c.get("n").asInt()))
          .as("kstwo.sf(%s, %s)", c.get("d"), c.get("n"))
          .isCloseTo(c.get("sf").asDouble(), Percentage.withPercentage(1e-6));
    }
  }

  @Test
  void chiSquareOfCategoryCountsMatchesScipyChi2Contingency() {
    for (JsonNode c : Golden.get("chi_square")) {
      long[] reference = Golden.longs(c.get("reference"));
      long[] window = Golden.longs(c.get("window"));
      // A categorical reference of codes 1, 2(, 3) with exactly these counts; unknown codes in the window fall in the
      // bins beside the categories.
      double[] codes = new double[(int) Arrays.stream(reference).filter(n -> n > 0).count()];
      double[] referenceValues = expand(reference, codes.length);
      DistributionProfile profile = DistributionProfiles.of("code", FeatureKind.CATEGORICAL, referenceValues);
      SummaryLayout layout = SummaryLayout.of("v", List.of(profile), profile);
      WindowSummary summary = layout.newSummary();
      double[] event = new double[1];
      for (int k = 0; k < window.length; k++) {
        for (long i = 0; i < window[k]; i++) {
          event[0] = k + 1;
          summary.update(event, event[0]);
        }
      }
      QuantityStatistics s = QuantityStatistics.measure(layout.quantities[0], summary, 0, 0);
      assertThat(s.test()).isEqualTo(DistributionTest.CHI_SQUARE);
      assertThat(s.chiSquare()).as(c.get("name").asText())
          .isCloseTo(c.get("statistic").asDouble(), Percentage.withPercentage(1e-9));
      assertThat(s.pValue()).as(c.get("name").asText())
          .isCloseTo(c.get("p_value").asDouble(), Percentage.withPercentage(1e-7));
    }
  }

  @Test
  void psiMatchesNumpy() {
    for (JsonNode c : Golden.get("psi")) {
      assertThat(PopulationStability.index(Golden.doubles(c.get("expected")), Golden.doubles(c.get("actual"))))
          .as(c.get("name").asText())
          .isCloseTo(c.get("psi").asDouble(), within(1e-12));
    }
  }

  /**
   * The binned Wasserstein distance against SciPy's on the raw window: within the error bound the detector states, and
   * within 0.01σ; exact for a stuck sensor (all values equal).
   */
  @Test
  void wassersteinFromBinsMatchesScipyWithinTheStatedBound() {
    double[][] training = NotebookModel.trainingRows();
    for (JsonNode c : Golden.get("wasserstein")) {
      String feature = c.get("feature").asText();
      DistributionProfile profile = DistributionProfiles.of(feature, FeatureKind.CONTINUOUS,
          NotebookModel.column(training, NotebookModel.index(feature)));
      SummaryLayout layout = SummaryLayout.of("v", List.of(profile), profile);
      WindowSummary summary = layout.newSummary();
      double[] event = new double[1];
      for (double v : Golden.doubles(c.get("window"))) {
        event[0] = v;
        summary.update(event, v);
      }
      QuantityStatistics s = QuantityStatistics.measure(layout.quantities[0], summary, 0, 0);
      double expected = c.get("wasserstein").asDouble() / profile.std();
      String what = feature + " shift " + c.get("shift_sigma") + " stuck " + c.get("stuck");
      assertThat(Math.abs(s.wassersteinSigma() - expected)).as(what).isLessThan(0.01);
      assertThat(s.wassersteinSigma()).as(what).isCloseTo(expected, within(s.wassersteinErrorSigma() + 1e-5));
      if (c.get("stuck").asBoolean()) {
        assertThat(s.wassersteinErrorSigma()).isZero();
        assertThat(s.wassersteinSigma()).isCloseTo(expected, within(1e-9));
      }
    }
  }

  @Test
  void binnedKsStatisticIsTheLargestCdfGapAtTheFrozenCutPoints() {
    double[][] training = NotebookModel.trainingRows();
    JsonNode c = Golden.get("wasserstein").get(1);
    DistributionProfile profile = DistributionProfiles.of("bmi", FeatureKind.CONTINUOUS,
        NotebookModel.column(training, NotebookModel.index("bmi")));
    SummaryLayout layout = SummaryLayout.of("v", List.of(profile), profile);
    WindowSummary summary = layout.newSummary();
    double[] window = Golden.doubles(c.get("window"));
    for (double v : window) {
      summary.update(new double[] {v}, v);
    }
    ReferenceBins bins = layout.quantities[0];
    double expected = 0;
    for (int k = 0; k < bins.edges.length; k++) {
      double e = bins.edges[k];
      double below = Arrays.stream(window).filter(v -> v < e).count() / (double) window.length;
      expected = Math.max(expected, Math.abs(bins.cdfAtEdge[k] - below));
    }
    QuantityStatistics s = QuantityStatistics.measure(bins, summary, 0, 0);
    assertThat(s.ksStatistic()).isEqualTo(expected);
    assertThat(s.pValue()).isEqualTo(KolmogorovSmirnov.pValue(expected, 353, 500));
    assertThat(s.count()).isEqualTo(500);
    assertThat(s.mean()).isCloseTo(Arrays.stream(window).average().orElseThrow(), within(1e-12));
  }

  private static double[] expand(long[] counts, int categories) {
    double[] values = new double[(int) Arrays.stream(counts).sum()];
    int i = 0;
    for (int k = 0; k < categories; k++) {
      for (long n = 0; n < counts[k]; n++) {
        values[i++] = k + 1;
      }
    }
    return values;
  }

  private static double[] distinctSorted(double[] x, double[] y) {
    double[] all = new double[x.length + y.length];
    System.arraycopy(x, 0, all, 0, x.length);
    System.arraycopy(y, 0, all, x.length, y.length);
    return Arrays.stream(all).sorted().distinct().toArray();
  }

  /** Share of {@code sample} at or below each point. */
  private static double[] ecdf(double[] sample, double[] points) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    double[] out = new double[points.length];
    int i = 0;
    for (int k = 0; k < points.length; k++) {
      while (i < sorted.length && sorted[i] <= points[k]) {
        i++;
      }
      out[k] = (double) i / sorted.length;
    }
    return out;
  }
}
