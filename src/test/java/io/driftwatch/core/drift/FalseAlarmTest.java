package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The false-alarm rate where theory says it holds: reference and windows independent samples of one population. */
class FalseAlarmTest {

  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  /**
   * 40 references of 353 patients and 50 windows of 500 per reference, all drawn independently from the 442 patients:
   * Holm at 1% (no calibration) flags about 1% of the 2000 windows (at most 1.5%, the binomial noise of 2000 windows
   * allowing), although nearly every window exceeds an effect floor: with a 353-row reference, the noise alone moves
   * the Wasserstein distance past 0.1σ, and significance does the work.
   */
  @Test
  void independentSamplesOfOnePopulationRarelyFlag() {
    NotebookModel.ARTIFACT.featureCount(); // loads the data
    SplittableRandom random = new SplittableRandom(42);
    int flagged = 0;
    int largeEffect = 0;
    int windows = 0;
    for (int reference = 0; reference < 40; reference++) {
      double[][] rows = new double[353][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = NotebookModel.ROWS[random.nextInt(NotebookModel.ROWS.length)];
      }
      ModelArtifact model = NotebookModel.artifact("ref-" + reference, rows, NotebookModel.ARTIFACT.scaler(),
          NotebookModel.ARTIFACT.model());
      DriftDetector detector = DriftDetector.create(model, DriftSettings.defaults().withCalibration(500, 0));
      LinearScorer scorer = new LinearScorer(model);
      for (int w = 0; w < 50; w++) {
        WindowSummary summary = detector.newSummary();
        for (int i = 0; i < 500; i++) {
          double[] row = NotebookModel.ROWS[random.nextInt(NotebookModel.ROWS.length)];
          summary.update(row, scorer.predict(row));
        }
        DriftReport report = detector.evaluate(summary, T, T, 0);
        flagged += report.datasetDrift() || report.prediction().drift() ? 1 : 0;
        largeEffect += report.features().stream().anyMatch(DistributionDrift::largeEffect) ? 1 : 0;
        windows++;
      }
    }
    assertThat(windows).isEqualTo(2000);
    assertThat(flagged).as("windows flagged").isLessThanOrEqualTo(30);
    assertThat(largeEffect).as("windows where some effect reaches a floor").isGreaterThan(1800);
  }

  @Test
  void calibrationLowersTheLevelWhenTheRuleWouldFlagTooOften() {
    // 1000 simulated rounds whose smallest adjusted p-values are 0.0001, 0.0002, ..., 0.1: at 1% the rule would flag
    // 100 rounds, ten times the target; the level that flags at most 10 lies just below the 11th smallest.
    double[] critical = new double[1000];
    for (int i = 0; i < critical.length; i++) {
      critical[critical.length - 1 - i] = (i + 1) * 1e-4;
    }
    NullCalibration.Result result = NullCalibration.choose(critical, 0.01);
    assertThat(result.significanceLevel()).isEqualTo(Math.nextDown(11e-4));
    assertThat(result.simulatedFalseAlarmRate()).isEqualTo(0.01);
  }

  @Test
  void calibrationNeverRaisesTheLevelAboveTheTarget() {
    double[] critical = new double[1000];
    java.util.Arrays.fill(critical, 0.5);
    critical[0] = 0.001;
    NullCalibration.Result result = NullCalibration.choose(critical, 0.01);
    assertThat(result.significanceLevel()).isEqualTo(0.01);
    assertThat(result.simulatedFalseAlarmRate()).isEqualTo(0.001);
  }

  @Test
  void calibrationIsReproducibleFromItsSeed() {
    DriftSettings settings = DriftSettings.defaults().withCalibration(300, 200);
    DriftThresholds first = DriftDetector.create(NotebookModel.ARTIFACT, settings).thresholds();
    DriftThresholds again = DriftDetector.create(NotebookModel.ARTIFACT, settings).thresholds();
    assertThat(again).isEqualTo(first);
    assertThat(first.calibrationRounds()).isEqualTo(200);
    assertThat(first.simulatedFalseAlarmRate()).isLessThanOrEqualTo(0.01);
  }
}
