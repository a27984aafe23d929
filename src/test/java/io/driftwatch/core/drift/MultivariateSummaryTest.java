package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.ReferenceMoments;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class MultivariateSummaryTest {

  private static final SummaryLayout LAYOUT = SummaryLayout.of(NotebookModel.ARTIFACT);
  private static final MultivariateLayout MV = MultivariateLayout.of(LAYOUT);
  private static final double[][] ROWS = NotebookModel.ROWS;

  private static double[][] events(int n, long seed) {
    List<double[]> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    double[] sigma = NotebookModel.ARTIFACT.scaler().scale();
    for (int i = 0; i < n; i++) {
      double[] row = ROWS[random.nextInt(ROWS.length)].clone();
      for (int j = 0; j < row.length; j++) {
        if (j != NotebookModel.index("sex")) {
          row[j] += 0.05 * sigma[j] * (random.nextDouble() - 0.5);
        }
      }
      out.add(row);
    }
    return out.toArray(new double[0][]);
  }

  @Test
  void mergesOfAnyPartitioningInAnyOrderEqualOneSummaryBitForBit() {
    double[][] events = events(2000, 7);
    MultivariateSummary whole = new MultivariateSummary(MV);
    for (double[] e : events) {
      whole.update(e);
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 5; trial++) {
      int parts = 2 + trial;
      List<MultivariateSummary> partial = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        partial.add(new MultivariateSummary(MV));
      }
      for (double[] e : events) {
        partial.get(random.nextInt(parts)).update(e);
      }
      Collections.shuffle(partial, new java.util.Random(trial));
      MultivariateSummary merged = new MultivariateSummary(MV);
      for (MultivariateSummary s : partial) {
        merged.merge(s);
      }
      assertThat(merged).isEqualTo(whole);
      assertThat(merged.count()).isEqualTo(2000);
      assertThat(merged.standardizedCovariance()).isDeepEqualTo(whole.standardizedCovariance());
      assertThat(merged.scoreCorrelation()).isDeepEqualTo(whole.scoreCorrelation());
      assertThat(merged.standardizedMean()).containsExactly(whole.standardizedMean());
    }
  }

  @Test
  void passingTheBinsGivesTheSameSumsAsFindingThem() {
    MultivariateSummary found = new MultivariateSummary(MV);
    MultivariateSummary passed = new MultivariateSummary(MV);
    int[] bins = new int[MV.featureCount()];
    for (double[] e : events(300, 3)) {
      found.update(e);
      for (int j = 0; j < bins.length; j++) {
        bins[j] = MV.bin(j, e[j]);
      }
      passed.update(e, bins);
    }
    assertThat(passed).isEqualTo(found);
  }

  @Test
  void momentsMatchADirectComputationWithinTheQuantizationError() {
    double[][] events = events(1000, 5);
    MultivariateSummary s = new MultivariateSummary(MV);
    for (double[] e : events) {
      s.update(e);
    }
    int p = MV.featureCount();
    double[][] z = new double[events.length][p];
    double[][] u = new double[events.length][p];
    for (int i = 0; i < events.length; i++) {
      for (int j = 0; j < p; j++) {
        z[i][j] = MV.standardized(j, events[i][j]);
        u[i][j] = MV.normalScore(j, events[i][j]);
      }
    }
    ReferenceMoments direct = ReferenceMoments.of(z, u);
    // Each value moves by at most 2^-13: means by that, covariances of O(1) values by about 2 * 3 * 2^-13.
    double[] mean = s.standardizedMean();
    double[][] cov = s.standardizedCovariance();
    double[][] corr = s.scoreCorrelation();
    for (int j = 0; j < p; j++) {
      assertThat(mean[j]).isCloseTo(direct.mean()[j], within(0x1p-13));
      for (int k = 0; k < p; k++) {
        assertThat(cov[j][k]).isCloseTo(direct.covariance()[j][k], within(1e-3));
        assertThat(corr[j][k]).isCloseTo(direct.scoreCorrelation()[j][k], within(1e-3));
      }
    }
    // and the standardized covariance is a covariance: unit-ish diagonal on resampled patients
    assertThat(cov[NotebookModel.index("bmi")][NotebookModel.index("bmi")]).isCloseTo(1.0, within(0.15));
  }

  @Test
  void normalScoresFollowTheReferenceCdf() {
    NormalDistribution normal = NormalDistribution.of(0, 1);
    int bmi = NotebookModel.index("bmi");
    ReferenceBins bins = LAYOUT.quantities[bmi];
    // At every cut point the score is exactly Φ⁻¹ of the reference CDF there.
    for (int e = 0; e < bins.edges.length; e++) {
      assertThat(MV.normalScore(bmi, bins.edges[e]))
          .isCloseTo(normal.inverseCumulativeProbability(bins.cdfAtEdge[e]), within(1e-12));
    }
    // The reference median scores about 0; values far outside are clamped.
    assertThat(MV.normalScore(bmi, bins.quantile(0.5))).isCloseTo(0.0, within(0.02));
    assertThat(MV.normalScore(bmi, 1e9)).isEqualTo(MultivariateLayout.MAX_SCORE);
    assertThat(MV.normalScore(bmi, -1e9)).isEqualTo(-MultivariateLayout.MAX_SCORE);
    // sex: each code gets its mid-rank score.
    int sex = NotebookModel.index("sex");
    ReferenceBins sexBins = LAYOUT.quantities[sex];
    double share1 = sexBins.cdfAtEdge[1];
    assertThat(MV.normalScore(sex, sexBins.categories[0]))
        .isCloseTo(normal.inverseCumulativeProbability(share1 / 2), within(1e-12));
    assertThat(MV.normalScore(sex, sexBins.categories[1]))
        .isCloseTo(normal.inverseCumulativeProbability((1 + share1) / 2), within(1e-12));
  }

  @Test
  void incompleteEventsAreCountedNotSummed() {
    MultivariateSummary s = new MultivariateSummary(MV);
    double[] e = ROWS[0].clone();
    e[2] = Double.NaN;
    s.update(e);
    assertThat(s.count()).isZero();
    assertThat(s.incomplete()).isEqualTo(1);
    assertThat(s).isEqualTo(new MultivariateSummary(MV).merge(s));
    assertThatThrownBy(() -> s.update(new double[3])).hasMessage("expected 10 features, got 3");
  }

  @Test
  void extremeValuesAreClampedAndCannotOverflow() {
    MultivariateSummary s = new MultivariateSummary(MV);
    double[] e = ROWS[0].clone();
    e[2] = 1e300;
    s.update(e);
    assertThat(s.standardizedMean()[2]).isEqualTo(((1 << 18) - 1) / MultivariateSummary.UNITS);
  }

  @Test
  void updateAllocatesNothing() {
    MultivariateSummary s = new MultivariateSummary(MV);
    double[][] events = events(64, 1);
    int[] bins = new int[MV.featureCount()];
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200_000; i++) { // warm up so that the JIT has compiled the loop
      s.update(events[i & 63]);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 200_000; i++) {
      double[] e = events[i & 63];
      s.update(e);
      s.update(e, bins);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated by 400 000 updates").isLessThan(1024);
  }
}
