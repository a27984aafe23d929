package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection quality of the multivariate tests, issue 13's scenarios: 200 windows of 500 events each drawn from a
 * Gaussian copula fitted on the 442 patients, judged against the notebook's 353 training rows. Every window's tests
 * form ONE Holm family at 1 %: the 10 per-feature tests and the prediction's (as the detector decides them: significant
 * and past an effect floor), the Hotelling T² of the standardized means, and the 45 Fisher z tests of pairwise
 * normal-score correlations (57 tests).
 *
 * <p>The assertions pin what was measured (seeded, so the counts are exact), not the issue's targets; where a target
 * is missed the comment says by how much.
 */
class MultivariateDetectionQualityTest {

  private static final ModelArtifact MODEL = NotebookModel.ARTIFACT;
  /** The per-feature tests alone, as before issue 13 (the joint tests are judged here by hand, family by family). */
  private static final DriftDetector DETECTOR = DriftDetector.create(MODEL,
      DriftSettings.defaults().withMultivariate(false, 0.1, 0.1));
  private static final MultivariateLayout MV = MultivariateLayout.of(DETECTOR.layout());
  private static final int WINDOWS = 200;
  private static final int EVENTS = 500;
  private static final double ALPHA = 0.01;
  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
  private static ReferenceMoments reference;

  @BeforeAll
  static void fitReference() {
    double[][] training = NotebookModel.trainingRows();
    // The artifact's reference is these rows: same count and bmi mean.
    int bmi = NotebookModel.index("bmi");
    assertThat(MODEL.reference().features().get(bmi).count()).isEqualTo(training.length);
    double mean = java.util.Arrays.stream(NotebookModel.column(training, bmi)).average().orElseThrow();
    assertThat(MODEL.reference().features().get(bmi).mean()).isCloseTo(mean, within(1e-9));
    reference = MV.referenceMoments(training);
  }

  /** Ways of putting a window's tests into one family; {@link #critical} gives the smallest level that flags it. */
  enum Family {
    /** Holm over all 57 tests. */
    HOLM_57,
    /** Holm over 13: 11 per-quantity tests, T², and the pairs as one test (45 × their smallest p, Bonferroni). */
    HOLM_13,
    /** α split: T² alone at α/2, Holm over the other 56 at α/2. */
    SPLIT_T2_HALF,
    /** Holm over 22: 11 per-quantity tests, 10 partial shift tests (given the other features), pairs as one test. */
    HOLM_22_PARTIAL,
    /** Holm over 23: as {@link #HOLM_22_PARTIAL} plus T². */
    HOLM_23_PARTIAL_T2
  }

  /** The measured counts of one scenario's windows. */
  record Rates(int[] critical1Percent, int t2Alone, int pairsAlone, int detector, int pairFirst,
      double[][] criticalLevels) {
    int flagged(Family f, double level) {
      int n = 0;
      for (double[] c : criticalLevels) {
        n += c[f.ordinal()] <= level ? 1 : 0;
      }
      return n;
    }
  }

  private static Rates run(String shifted, double shiftSigma, String independent, long seed) {
    GaussianCopula copula = new GaussianCopula(NotebookModel.ROWS, NotebookModel.index("sex"), seed);
    LinearScorer scorer = new LinearScorer(MODEL);
    double[] event = new double[MODEL.featureCount()];
    int target = shifted == null ? -1 : NotebookModel.index(shifted);
    double shift = target < 0 ? 0 : shiftSigma * MODEL.scaler().scale()[target];
    int broken = independent == null ? -1 : NotebookModel.index(independent);
    int s1 = NotebookModel.index("s1");
    int s2 = NotebookModel.index("s2");
    int t2Alone = 0;
    int pairsAlone = 0;
    int detector = 0;
    int pairFirst = 0;
    double[][] critical = new double[WINDOWS][];
    for (int w = 0; w < WINDOWS; w++) {
      WindowSummary summary = DETECTOR.newSummary();
      MultivariateSummary joint = new MultivariateSummary(MV);
      for (int i = 0; i < EVENTS; i++) {
        copula.draw(event, broken);
        if (target >= 0) {
          event[target] += shift;
        }
        summary.update(event, scorer.predict(event));
        joint.update(event);
      }
      DriftReport report = DETECTOR.evaluate(summary, T, T, 0);
      HotellingT2 t2 = HotellingT2.test(reference, joint);
      List<CorrelationChange.Pair> pairs = CorrelationChange.test(NotebookModel.FEATURES, reference, joint);
      assertThat(pairs).hasSize(45);
      critical[w] = criticalLevels(report, t2, pairs);

      t2Alone += t2.pValue() <= ALPHA ? 1 : 0;
      double[] pairP = pairs.stream().mapToDouble(CorrelationChange.Pair::pValue).toArray();
      pairsAlone += Arrays.stream(Holm.adjust(pairP)).anyMatch(a -> a <= ALPHA) ? 1 : 0;
      detector += report.datasetDrift() || report.prediction().drift() ? 1 : 0;
      CorrelationChange.Pair first = pairs.get(0);
      pairFirst += first.first() == s1 && first.second() == s2 ? 1 : 0;
    }
    int[] at1 = new int[Family.values().length];
    for (Family f : Family.values()) {
      for (double[] c : critical) {
        at1[f.ordinal()] += c[f.ordinal()] <= ALPHA ? 1 : 0;
      }
    }
    Rates rates = new Rates(at1, t2Alone, pairsAlone, detector, pairFirst, critical);
    System.out.printf("multivariate detection, %s: at 1%%: %s %s; T2 alone %d, "
        + "pairs alone (Holm 45) %d, current detector %d; (s1, s2) most changed %d / %d%n",
        shifted != null ? shifted + " +" + shiftSigma + "σ" : independent != null ? "s1/s2 independent" : "none",
        Arrays.toString(Family.values()), Arrays.toString(at1), t2Alone, pairsAlone, detector, pairFirst, WINDOWS);
    return rates;
  }

  /** Per family, the smallest level at which the window is flagged (per-quantity tests also need an effect floor). */
  private static double[] criticalLevels(DriftReport report, HotellingT2 t2, List<CorrelationChange.Pair> pairs) {
    List<DistributionDrift> quantities = new ArrayList<>(report.features());
    quantities.add(report.prediction());
    int nq = quantities.size();
    double[] pairP = pairs.stream().mapToDouble(CorrelationChange.Pair::pValue).toArray();
    double minPair = Arrays.stream(pairP).min().orElse(1);

    double[] all = new double[nq + 1 + pairP.length];
    double[] thirteen = new double[nq + 2];
    double[] rest = new double[nq + pairP.length];
    for (int q = 0; q < nq; q++) {
      all[q] = thirteen[q] = rest[q] = quantities.get(q).pValue();
    }
    all[nq] = thirteen[nq] = t2.pValue();
    thirteen[nq + 1] = Math.min(1, pairP.length * minPair);
    System.arraycopy(pairP, 0, all, nq + 1, pairP.length);
    System.arraycopy(pairP, 0, rest, nq, pairP.length);

    double[] out = new double[Family.values().length];
    out[Family.HOLM_57.ordinal()] = smallest(Holm.adjust(all), quantities, 1);
    out[Family.HOLM_13.ordinal()] = smallest(Holm.adjust(thirteen), quantities, 1);
    out[Family.SPLIT_T2_HALF.ordinal()] = Math.min(2 * t2.pValue(), smallest(Holm.adjust(rest), quantities, 2));
    double[] partial = Arrays.stream(t2.partialPValue()).map(p -> Double.isNaN(p) ? 1 : p).toArray();
    double[] twentyTwo = new double[nq + partial.length + 1];
    System.arraycopy(all, 0, twentyTwo, 0, nq);
    System.arraycopy(partial, 0, twentyTwo, nq, partial.length);
    twentyTwo[nq + partial.length] = thirteen[nq + 1];
    out[Family.HOLM_22_PARTIAL.ordinal()] = smallest(Holm.adjust(twentyTwo), quantities, 1);
    double[] twentyThree = Arrays.copyOf(twentyTwo, twentyTwo.length + 1);
    twentyThree[twentyTwo.length] = t2.pValue();
    out[Family.HOLM_23_PARTIAL_T2.ordinal()] = smallest(Holm.adjust(twentyThree), quantities, 1);
    return out;
  }

  private static double smallest(double[] adjusted, List<DistributionDrift> quantities, double factor) {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < adjusted.length; i++) {
      boolean eligible = i >= quantities.size() || quantities.get(i).largeEffect();
      if (eligible) {
        min = Math.min(min, factor * adjusted[i]);
      }
    }
    return min;
  }

  @Test
  void detectionRatesOfTheIssueScenarios() {
    Rates none = run(null, 0, null, 13);
    Rates quarter = run("bmi", 0.25, null, 14);
    Rates third = run("bmi", 0.3, null, 15);
    Rates independent = run(null, 0, "s2", 16);
    // In-sample calibration: per family, the level that flags at most 1 % of the 200 windows without drift (what a
    // resampling calibration of the whole family would find, if it resampled the joint distribution).
    for (Family f : Family.values()) {
      double[] nullCritical = Arrays.stream(none.criticalLevels()).mapToDouble(c -> c[f.ordinal()]).toArray();
      double level = NullCalibration.choose(nullCritical, ALPHA).significanceLevel();
      System.out.printf("calibrated %s: level %.4g; none %d, bmi +0.25σ %d, +0.3σ %d, s1/s2 %d%n", f, level,
          none.flagged(f, level), quarter.flagged(f, level), third.flagged(f, level), independent.flagged(f, level));
    }
    // Measured (seeded, exact); columns are the families in declaration order. Issue 13's targets: none <= 2,
    // +0.25σ >= 100, +0.3σ >= 190, s1/s2 >= 190 with (s1, s2) first.
    assertThat(none.critical1Percent()).containsExactly(0, 0, 0, 0, 0);
    // Holm over all 57 tests misses the shift targets badly (2 and 52): T² must reach 0.01/57, and 45 pair tests
    // dilute it. Even T² alone at 1 % (84, 169) misses them: its 10 degrees of freedom spread the power over
    // directions a one-feature shift does not take. The partial shift tests (one feature given the others, 1 degree
    // of freedom each) meet them: 168 (84 %) and 198 (99 %).
    assertThat(quarter.critical1Percent()).containsExactly(2, 34, 57, 168, 168);
    assertThat(third.critical1Percent()).containsExactly(52, 109, 150, 198, 198);
    assertThat(independent.critical1Percent()).containsExactly(200, 200, 200, 200, 200);
    assertThat(new int[] {quarter.t2Alone(), third.t2Alone(), none.t2Alone()}).containsExactly(84, 169, 0);
    // The current detector (per-feature KS, calibrated) on the same windows: blind to the correlation change.
    assertThat(new int[] {none.detector(), quarter.detector(), third.detector(), independent.detector()})
        .containsExactly(0, 18, 79, 0);
    assertThat(independent.pairsAlone()).isEqualTo(200);
    assertThat(independent.pairFirst()).as("windows naming (s1, s2) the most changed pair").isEqualTo(200);
    assertThat(new int[] {none.pairsAlone(), quarter.pairsAlone(), third.pairsAlone()}).containsExactly(0, 0, 0);
  }

  /**
   * Where theory says the levels hold: reference and window independent samples of one population (the copula), 1000
   * pairs. Each new test alone at 1 % should flag about 1 % (binomial noise of 1000: at most about 2 %). On the issue's
   * windows the reference is part of the population the windows come from, which makes every test conservative there
   * (0 of 200 above).
   */
  @Test
  void newTestsKeepTheirLevelOnIndependentSamples() {
    GaussianCopula copula = new GaussianCopula(NotebookModel.ROWS, NotebookModel.index("sex"), 17);
    double[] event = new double[MODEL.featureCount()];
    int t2 = 0;
    int partial = 0;
    int pairs = 0;
    int rounds = 1000;
    for (int r = 0; r < rounds; r++) {
      double[][] referenceRows = new double[353][];
      for (int i = 0; i < referenceRows.length; i++) {
        copula.draw(event, -1);
        referenceRows[i] = event.clone();
      }
      ReferenceMoments ref = MV.referenceMoments(referenceRows);
      MultivariateSummary window = new MultivariateSummary(MV);
      for (int i = 0; i < EVENTS; i++) {
        copula.draw(event, -1);
        window.update(event);
      }
      HotellingT2 test = HotellingT2.test(ref, window);
      t2 += test.pValue() <= ALPHA ? 1 : 0;
      partial += Arrays.stream(Holm.adjust(test.partialPValue())).anyMatch(a -> a <= ALPHA) ? 1 : 0;
      double[] pairP = CorrelationChange.test(NotebookModel.FEATURES, ref, window).stream()
          .mapToDouble(CorrelationChange.Pair::pValue).toArray();
      pairs += Arrays.stream(Holm.adjust(pairP)).anyMatch(a -> a <= ALPHA) ? 1 : 0;
    }
    System.out.printf("independent samples, %d rounds at 1%%: T2 %d, partial shifts (Holm 10) %d, pairs (Holm 45) %d%n",
        rounds, t2, partial, pairs);
    assertThat(new int[] {t2, partial, pairs}).containsExactly(11, 7, 9);
  }
}
