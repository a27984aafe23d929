package io.driftwatch.core.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.model.Metrics;
import io.driftwatch.core.model.TrainingSummary;
import io.driftwatch.core.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The policy's limits, the options a challenger inherits, and the paired statistics' edge cases. */
class RetrainPolicyTest {

  @Test
  void defaultsAreDocumented() {
    RetrainPolicy p = RetrainPolicy.defaults();
    assertThat(p).isEqualTo(new RetrainPolicy(500, 0.2, 30, 0.02, 0.05, 2000, 42));
  }

  @Test
  void badSettingsAreRefusedWithTheValue() {
    RetrainPolicy p = RetrainPolicy.defaults();
    assertThatThrownBy(() -> p.withMinLabels(0)).hasMessage("min labels must be at least 1, was 0");
    assertThatThrownBy(() -> p.withHoldoutFraction(0))
        .hasMessage("holdout must be a fraction strictly between 0 and 1, was 0.0");
    assertThatThrownBy(() -> p.withMinHoldoutRows(1))
        .hasMessage("the paired test needs at least 2 holdout rows, min holdout rows was 1");
    assertThatThrownBy(() -> p.withMargin(1)).hasMessage("margin must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> p.withMargin(-0.01)).hasMessage("margin must be in [0, 1), was -0.01");
    assertThatThrownBy(() -> p.withSignificanceLevel(0.5))
        .hasMessage("significance level must be in (0, 0.5), was 0.5");
    assertThatThrownBy(() -> p.withBootstrap(99, 1)).hasMessage("bootstrap resamples must be at least 100, was 99");
    assertThatThrownBy(() -> p.withBootstrap(2000, -1))
        .hasMessage("bootstrap seed must be between 0 and 4294967295, was -1");
  }

  @Test
  void theChallengerInheritsWhatTheArtifactRecordsAndTheDefaultsForTheRest() {
    TrainingSummary recorded = new TrainingSummary("x.csv", 7, 0.25, 5, new Metrics(1, 0.5, 30),
        new Metrics(1, 0.5, 10), new double[] {1.0, 0.1, 0.01}, new double[] {3, 2, 1});
    InheritedOptions inherited = InheritedOptions.from(recorded);
    TrainingOptions o = inherited.options();
    TrainingOptions d = TrainingOptions.defaults();
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.testSize()).isEqualTo(0.25);
    assertThat(o.cvFolds()).isEqualTo(5);
    assertThat(o.lassoAlphas()).containsExactly(1.0, 0.1, 0.01);
    assertThat(o.maxSweeps()).isEqualTo(d.maxSweeps());
    assertThat(o.tol()).isEqualTo(d.tol());
    assertThat(inherited.notRecorded()).containsExactly("max_iter 10000 and tol 0.0001 of coordinate descent");

    // An artifact may have no alpha grid (TrainingSummary's short form): train's grid, and it says so.
    InheritedOptions gridless = InheritedOptions.from(
        new TrainingSummary("x.csv", 7, 0.25, 5, new Metrics(1, 0.5, 30), new Metrics(1, 0.5, 10)));
    assertThat(gridless.options().lassoAlphas()).containsExactly(d.lassoAlphas());
    assertThat(gridless.notRecorded()).containsExactly("alpha grid: logspace(-3, 0, 100)",
        "max_iter 10000 and tol 0.0001 of coordinate descent");
  }

  @Test
  void identicalModelsGiveNoEvidenceAndAConstantGainIsCertain() {
    double[] errors = {1, 4, 9, 16};
    PairedTTest same = PairedTTest.of(errors, errors, 0);
    assertThat(same.pValue()).isEqualTo(1.0);
    assertThat(same.statistic()).isNaN();
    assertThat(same.meanDifference()).isZero();
    PairedTTest better = PairedTTest.of(new double[] {0, 3, 8, 15}, errors, 0);
    assertThat(better.pValue()).isZero();
    assertThat(better.statistic()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> PairedTTest.of(new double[] {1}, new double[] {1}, 0))
        .hasMessage("a paired test needs two equally long samples of at least 2 rows, got 1 and 1");
  }

  @Test
  void theBootstrapIsRepeatableForASeedAndChangesWithIt() {
    double[] challenger = {100, 400, 2500, 10, 900, 50, 3600, 1};
    double[] champion = {120, 390, 3000, 40, 1000, 60, 3000, 5};
    BootstrapRmse a = BootstrapRmse.of(challenger, champion, 0.02, 0.05, 500, 3);
    assertThat(BootstrapRmse.of(challenger, champion, 0.02, 0.05, 500, 3)).isEqualTo(a);
    assertThat(BootstrapRmse.of(challenger, champion, 0.02, 0.05, 500, 4).upper()).isNotEqualTo(a.upper());
    assertThat(a.lower()).isLessThanOrEqualTo(a.upper());
  }
}
