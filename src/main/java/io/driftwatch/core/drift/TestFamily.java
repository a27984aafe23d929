package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every test of one window in one Holm family: the per-quantity tests (features, then the prediction) and, when the
 * window has complete joint moments, the joint ones: Hotelling T², the p partial shifts, and the pairs' correlation
 * changes as one test ({@code min(1, m · smallest p)}, Bonferroni over the m pairs). Counting the pairs as one test
 * keeps the family small: 45 separate pair tests would dilute the location tests (measured in
 * {@code MultivariateDetectionQualityTest}). Shared by {@link DriftDetector} and {@link NullCalibration}, so the
 * calibration judges simulated windows exactly as live ones.
 */
final class TestFamily {

  final QuantityStatistics[] stats;
  /** Holm-adjusted p-value per quantity; 1 for a quantity without values. */
  double[] adjusted;
  /** Null when the window is not tested jointly; {@link #notTestedReason} says why. */
  final HotellingT2 t2;
  final String notTestedReason;
  double t2Adjusted = Double.NaN;
  double mahalanobis = Double.NaN;
  double[] partialAdjusted;
  double[] shiftSigma;
  List<CorrelationChange.Pair> pairs = List.of();
  double[] pairAdjusted = new double[0];
  double pairsP = Double.NaN;
  double pairsAdjusted = Double.NaN;

  private TestFamily(QuantityStatistics[] stats, HotellingT2 t2, String notTestedReason) {
    this.stats = stats;
    this.t2 = t2;
    this.notTestedReason = notTestedReason;
  }

  /**
   * Runs every test of {@code summary}.
   *
   * @param ksSkipBelow per quantity, a KS statistic below which the exact p-value is not needed (or null)
   */
  static TestFamily run(SummaryLayout layout, WindowSummary summary, double[] ksSkipBelow) {
    return run(layout, summary, ksSkipBelow, NO_MOMENTS);
  }

  static final String NO_MOMENTS = "the model artifact has no reference moments (reference.moments, written by"
      + " train and retrain since schema 4: train or retrain the model to monitor it jointly)";

  /**
   * @param noLayoutReason why a layout without joint moments has none (the setting, or the artifact)
   */
  static TestFamily run(SummaryLayout layout, WindowSummary summary, double[] ksSkipBelow, String noLayoutReason) {
    QuantityStatistics[] stats = DriftDetector.measureAll(layout, summary, ksSkipBelow);
    String reason = jointReason(layout, summary, noLayoutReason);
    List<Double> p = new ArrayList<>();
    for (QuantityStatistics s : stats) {
      if (s.count() > 0) {
        p.add(s.pValue());
      }
    }
    if (reason != null) {
      TestFamily f = new TestFamily(stats, null, reason);
      f.adjusted = perQuantity(stats, Holm.adjust(p.stream().mapToDouble(Double::doubleValue).toArray()));
      return f;
    }
    ReferenceMoments reference = layout.referenceMoments();
    MultivariateSummary joint = summary.joint();
    HotellingT2 t2 = HotellingT2.test(reference, joint);
    TestFamily f = new TestFamily(stats, t2, null);
    int features = layout.featureCount();
    double effective = Math.sqrt((double) reference.count() * joint.count() / (reference.count() + joint.count()));
    f.mahalanobis = Math.sqrt(Math.max(0, t2.t2())) / effective;
    f.shiftSigma = new double[features];
    for (int j = 0; j < features; j++) {
      f.shiftSigma[j] = t2.partialZ()[j] / effective;
    }
    f.pairs = CorrelationChange.test(layout.featureNames(), reference, joint);
    int m = f.pairs.size();
    double smallestPair = m == 0 ? Double.NaN : f.pairs.get(0).pValue();
    f.pairsP = m == 0 ? Double.NaN : Math.min(1, m * smallestPair);

    // Family order: quantities with values, T², partial shifts, the pairs' test; NaN p-values stay out.
    int quantityTests = p.size();
    int t2Index = -1;
    if (!Double.isNaN(t2.pValue())) {
      t2Index = p.size();
      p.add(t2.pValue());
    }
    int[] partialIndex = new int[features];
    for (int j = 0; j < features; j++) {
      double pj = t2.partialPValue()[j];
      partialIndex[j] = Double.isNaN(pj) ? -1 : p.size();
      if (!Double.isNaN(pj)) {
        p.add(pj);
      }
    }
    int pairsIndex = Double.isNaN(f.pairsP) ? -1 : p.size();
    if (pairsIndex >= 0) {
      p.add(f.pairsP);
    }
    double[] family = Holm.adjust(p.stream().mapToDouble(Double::doubleValue).toArray());
    f.adjusted = perQuantity(stats, Arrays.copyOf(family, quantityTests));
    f.t2Adjusted = t2Index < 0 ? Double.NaN : family[t2Index];
    f.partialAdjusted = new double[features];
    for (int j = 0; j < features; j++) {
      f.partialAdjusted[j] = partialIndex[j] < 0 ? Double.NaN : family[partialIndex[j]];
    }
    f.pairAdjusted = new double[m];
    if (pairsIndex >= 0) {
      f.pairsAdjusted = family[pairsIndex];
      // Within the pairs Holm, then scaled as the family scaled their test: the most changed pair gets exactly the
      // test's adjusted p-value, the others at least that.
      double[] within = Holm.adjust(f.pairs.stream().mapToDouble(CorrelationChange.Pair::pValue).toArray());
      double scale = f.pairsP > 0 ? f.pairsAdjusted / f.pairsP : 1;
      for (int i = 0; i < m; i++) {
        f.pairAdjusted[i] = Math.min(1, Math.max(f.pairsAdjusted, within[i] * scale));
      }
    }
    return f;
  }

  /** Why the window cannot be tested jointly, or null when it can. */
  private static String jointReason(SummaryLayout layout, WindowSummary summary, String noLayoutReason) {
    if (layout.referenceMoments() == null) {
      return noLayoutReason;
    }
    if (!summary.jointComplete()) {
      return "some of the window's events were summarised without joint moments (by an earlier version)";
    }
    int p = layout.featureCount();
    if (summary.joint().count() < p + 2) {
      return "fewer than " + (p + 2) + " events";
    }
    return null;
  }

  private static double[] perQuantity(QuantityStatistics[] stats, double[] family) {
    double[] out = new double[stats.length];
    int i = 0;
    for (int q = 0; q < stats.length; q++) {
      out[q] = stats[q].count() > 0 ? family[i++] : 1.0;
    }
    return out;
  }

  boolean jointTested() {
    return t2 != null;
  }

  boolean t2Large(DriftSettings settings) {
    return mahalanobis >= settings.meanShiftSigmaFloor();
  }

  /**
   * A partial shift counts when the feature's own mean moved, in the same direction, by at least the floor (in its
   * reference σ). The partial test gives the power (the other features explain part of the noise); the marginal shift
   * keeps a feature that did not move from being named: when only bmi shifts, a feature correlated with it shows a
   * partial shift of the opposite sign (it "should have" followed bmi), with a marginal shift near 0.
   */
  boolean partialLarge(int j, DriftSettings settings) {
    double marginal = stats[j].meanShiftSigma();
    return Math.abs(marginal) >= settings.meanShiftSigmaFloor() && Math.signum(marginal) == Math.signum(shiftSigma[j]);
  }

  boolean pairLarge(int i, DriftSettings settings) {
    CorrelationChange.Pair pair = pairs.get(i);
    return Math.abs(pair.windowCorrelation() - pair.referenceCorrelation()) >= settings.correlationFloor();
  }

  /**
   * The smallest significance level at which this window would be flagged ({@code min_samples} aside): the smallest
   * adjusted p-value among the tests whose effect is past its floor; infinity when none is.
   */
  double criticalLevel(DriftSettings settings) {
    double smallest = Double.POSITIVE_INFINITY;
    for (int q = 0; q < stats.length; q++) {
      if (DriftDetector.largeEffect(stats[q], settings)) {
        smallest = Math.min(smallest, adjusted[q]);
      }
    }
    if (!jointTested()) {
      return smallest;
    }
    if (!Double.isNaN(t2Adjusted) && t2Large(settings)) {
      smallest = Math.min(smallest, t2Adjusted);
    }
    for (int j = 0; j < partialAdjusted.length; j++) {
      if (!Double.isNaN(partialAdjusted[j]) && partialLarge(j, settings)) {
        smallest = Math.min(smallest, partialAdjusted[j]);
      }
    }
    for (int i = 0; i < pairs.size(); i++) {
      if (pairLarge(i, settings)) {
        smallest = Math.min(smallest, pairAdjusted[i]);
      }
    }
    return smallest;
  }
}
