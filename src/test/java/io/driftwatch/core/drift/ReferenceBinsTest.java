package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.ConstantFeature;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReferenceBinsTest {

  private static final double[][] TRAINING = NotebookModel.trainingRows();

  private static DistributionProfile profile(String feature) {
    FeatureKind kind = feature.equals("sex") ? FeatureKind.CATEGORICAL : FeatureKind.CONTINUOUS;
    return DistributionProfiles.of(feature, kind, NotebookModel.column(TRAINING, NotebookModel.index(feature)));
  }

  @Test
  void continuousCutPointsLieBetweenDistinctReferenceQuantiles() {
    DistributionProfile bmi = profile("bmi");
    ReferenceBins bins = ReferenceBins.of(bmi);
    assertThat(bins.edges.length).isEqualTo(84);
    for (int k = 0; k < bins.edges.length; k++) {
      if (k > 0) {
        assertThat(bins.edges[k]).isGreaterThan(bins.edges[k - 1]);
        assertThat(bins.cdfAtEdge[k]).isGreaterThan(bins.cdfAtEdge[k - 1]);
      }
      assertThat(bins.cdf(bins.edges[k])).isCloseTo(bins.cdfAtEdge[k], within(1e-12));
    }
    assertThat(bins.psiCuts).hasSize(9);
    for (int d = 0; d < 9; d++) {
      assertThat(bins.cdfAtEdge[bins.psiCuts[d]]).isCloseTo((d + 1) / 10.0, within(0.011));
    }
  }

  @Test
  void cutPointsKeepClearOfHeavyAtoms() {
    // s4: 30% of the training rows are exactly 3, 24% exactly 4, 15% exactly 5.
    ReferenceBins s4 = ReferenceBins.of(profile("s4"));
    for (double atom : new double[] {3, 4, 5}) {
      for (double e : s4.edges) {
        assertThat(Math.abs(e - atom)).as("cut point %s near atom %s", e, atom).isGreaterThan(0.1);
      }
    }
  }

  @Test
  void smallJitterOfATiedFeatureHardlyMovesItsBinnedDistribution() {
    DistributionProfile s4 = profile("s4");
    SummaryLayout layout = SummaryLayout.of("v", List.of(s4), s4);
    WindowSummary exact = layout.newSummary();
    WindowSummary jittered = layout.newSummary();
    SplittableRandom random = new SplittableRandom(9);
    double[] event = new double[1];
    for (double[] row : TRAINING) {
      event[0] = row[NotebookModel.index("s4")];
      exact.update(event, event[0]);
      event[0] += 0.05 * s4.std() * (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * 2;
      jittered.update(event, event[0]);
    }
    QuantityStatistics before = QuantityStatistics.measure(layout.quantities[0], exact, 0, 0);
    QuantityStatistics after = QuantityStatistics.measure(layout.quantities[0], jittered, 0, 0);
    assertThat(before.ksStatistic()).isLessThan(0.006);
    assertThat(after.ksStatistic()).isLessThan(0.02);
    assertThat(after.psi()).isLessThan(0.005);
  }

  @Test
  void categoricalBinsHoldExactlyOneCodeEachWithBinsBelowBetweenAndAboveForAnythingElse() {
    ReferenceBins sex = ReferenceBins.of(profile("sex"));
    double women = sex.cdfAtEdge[1];
    assertThat(sex.edges).containsExactly(1.0, Math.nextUp(1.0), 2.0, Math.nextUp(2.0));
    assertThat(sex.cdfAtEdge).containsExactly(0.0, women, women, 1.0);
    assertThat(women).isCloseTo(187 / 353.0, within(1e-12));
    assertThat(sex.psiCuts).containsExactly(0, 1, 2, 3);
    assertThat(sex.cdf(1.7)).isEqualTo(women);
    assertThat(sex.quantile(0.6)).isEqualTo(2.0);
  }

  /** The window: 45 % of the records carry {@code sex = 1.5}, which used to count as category 2. */
  @Test
  void aValueBetweenTwoCodesCountsAsNeitherCode() {
    SummaryLayout layout = SummaryLayout.of("v", List.of(profile("sex")), profile("bmi"));
    WindowSummary clean = layout.newSummary();
    WindowSummary halfCoded = layout.newSummary();
    for (int i = 0; i < 200; i++) {
      clean.update(new double[] {i < 110 ? 1 : 2}, 26);
      halfCoded.update(new double[] {i < 110 ? 1 : 1.5}, 26);
    }
    // bins: below 1, exactly 1, between, exactly 2, above 2
    assertThat(IntStream.range(0, 5).map(b -> (int) halfCoded.binCount(0, b))).containsExactly(0, 110, 90, 0, 0);
    assertThat(IntStream.range(0, 5).map(b -> (int) clean.binCount(0, b))).containsExactly(0, 110, 0, 90, 0);

    QuantityStatistics fine = QuantityStatistics.measure(layout.quantities[0], clean, 0, 0);
    QuantityStatistics drifted = QuantityStatistics.measure(layout.quantities[0], halfCoded, 0, 0);
    // Chi-square of {187, 166} reference against {110, 90} window rows, then with 90 in a bin the reference lacks.
    assertThat(fine.chiSquare()).isCloseTo(0.21066679617825956, within(1e-9));
    assertThat(drifted.chiSquare()).isCloseTo(252.99851537089495, within(1e-9));
    assertThat(fine.psi()).isCloseTo(0.0016517890900662044, within(1e-12));
    assertThat(drifted.psi()).isCloseTo(7.76080808383735, within(1e-9));
  }

  @Test
  void integralsOfTheReferenceCdfAddUpToItsMean() {
    for (String feature : List.of("bmi", "s4", "sex")) {
      ReferenceBins bins = ReferenceBins.of(profile(feature));
      // E[X] = x + ∫_x^inf (1 - F) - ∫_-inf^x F for every x. For the grid's distribution E[X] = ∫_0^1 Q, which the
      // midpoint rule gets exactly on cells aligned with the grid; categories have their profile's mean.
      double mean = 0;
      int n = 100_000;
      for (int i = 0; i < n; i++) {
        mean += bins.quantile((i + 0.5) / n) / n;
      }
      if (bins.kind == FeatureKind.CATEGORICAL) {
        mean = bins.referenceMean;
      }
      for (double x : new double[] {-100, bins.referenceMin, bins.referenceMean, bins.referenceMax, 1000}) {
        assertThat(x + bins.areaAbove(x) - bins.areaBelow(x)).as("%s at %s", feature, x)
            .isCloseTo(mean, within(1e-6 * bins.scale));
      }
    }
  }

  @Test
  void aConstantReferenceShowsAnyOtherValue() {
    DistributionProfile constant = DistributionProfiles.of("c", FeatureKind.CONTINUOUS, new double[] {5, 5, 5, 5});
    SummaryLayout layout = SummaryLayout.of("v", List.of(constant), constant);
    WindowSummary same = layout.newSummary();
    WindowSummary other = layout.newSummary();
    for (int i = 0; i < 10; i++) {
      same.update(new double[] {5}, 5);
      other.update(new double[] {6}, 6);
    }
    assertThat(QuantityStatistics.measure(layout.quantities[0], same, 0, 0).ksStatistic()).isZero();
    assertThat(QuantityStatistics.measure(layout.quantities[0], other, 0, 0).ksStatistic()).isEqualTo(1.0);
  }

  @Test
  void aNearConstantReferenceCollapsesIntoOneBinMeasuredInItsUnits() {
    // Quantiles a few ulps apart and a residue σ, as an artifact written before σ was zeroed holds them.
    double[] quantiles = new double[DistributionProfile.QUANTILE_COUNT];
    for (int i = 0; i < quantiles.length; i++) {
      quantiles[i] = 14.62 + (i * 4 / quantiles.length) * 1e-15;
    }
    DistributionProfile residue = new DistributionProfile("k", FeatureKind.CONTINUOUS, 353, 14.619999999999914,
        8.526512829121202e-14, quantiles[0], quantiles[100], quantiles, new double[0], new double[0]);
    ReferenceBins bins = ReferenceBins.of(residue);
    assertThat(bins.constant).isTrue();
    assertThat(bins.referenceStd).isEqualTo(0.0);
    assertThat(bins.sigma).isEqualTo(1.0);
    assertThat(bins.tolerance)
        .isEqualTo(ConstantFeature.tolerance(8.526512829121202e-14 * 8.526512829121202e-14, 14.619999999999914, 353))
        .isCloseTo(1.146e-12, within(1e-15));
    assertThat(bins.scale).isEqualTo(14.619999999999914);
    assertThat(bins.edges).containsExactly(14.62 - 14.62 * 1e-9, quantiles[100] + quantiles[100] * 1e-9);
    assertThat(bins.cdfAtEdge).containsExactly(0, 1);
    assertThat(bins.psiCuts).containsExactly(0, 1);
  }
}
