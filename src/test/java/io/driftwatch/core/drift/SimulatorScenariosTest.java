package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.ScenarioKind;
import io.driftwatch.simulate.ScenarioSettings;
import io.driftwatch.simulate.SimulatedEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The detector on the simulator's own events (`./driftwatch simulate`: resampled patients, 5% jitter rounded to each
 * reading's precision, then the scenario), 200 windows of 500 events per scenario, against the trained artifact.
 */
class SimulatorScenariosTest {

  private static final ModelArtifact MODEL = NotebookModel.ARTIFACT;
  private static final DriftDetector DETECTOR =
      DriftDetector.create(MODEL, DriftSettings.defaults().withCalibration(500, 500));
  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  private record Tally(int windows, int flagged, int target, int targetFirst, int prediction) {}

  private static Tally run(ScenarioSettings settings, String target, long seed) {
    assertThat(SAMPLE.featureNames()).isEqualTo(MODEL.features().stream().map(f -> f.name()).toList());
    PatientSimulator simulator = new PatientSimulator(SAMPLE, settings.create(SAMPLE), seed);
    LinearScorer scorer = new LinearScorer(MODEL);
    int flagged = 0;
    int hit = 0;
    int first = 0;
    int prediction = 0;
    for (int w = 0; w < 200; w++) {
      WindowSummary summary = DETECTOR.newSummary();
      for (int i = 0; i < 500; i++) {
        SimulatedEvent event = simulator.next(T);
        summary.update(event.features(), scorer.predict(event.features()));
      }
      DriftReport report = DETECTOR.evaluate(summary, T, T, 0);
      flagged += report.datasetDrift() || report.prediction().drift() ? 1 : 0;
      prediction += report.prediction().drift() ? 1 : 0;
      if (target != null) {
        hit += report.feature(target).drift() ? 1 : 0;
        first += !report.driftedFeatures().isEmpty() && report.driftedFeatures().get(0).equals(target) ? 1 : 0;
      }
    }
    return new Tally(200, flagged, hit, first, prediction);
  }

  @Test
  void noneFlagsAtMostOnePercent() {
    assertThat(run(ScenarioSettings.NONE, null, 1).flagged()).isLessThanOrEqualTo(2);
  }

  @Test
  void covariateShiftOfBmiIsFlaggedFirst() {
    ScenarioSettings bmi = ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "bmi", 0.5, null, null, SAMPLE);
    Tally t = run(bmi, "bmi", 2);
    assertThat(t.target()).isGreaterThanOrEqualTo(190);
    assertThat(t.targetFirst()).isGreaterThanOrEqualTo(190);
  }

  @Test
  void covariateShiftOfS3IsFlaggedWithoutMovingPredictions() {
    ScenarioSettings s3 = ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "s3", 0.5, null, null, SAMPLE);
    Tally t = run(s3, "s3", 3);
    assertThat(t.target()).isGreaterThanOrEqualTo(190);
    assertThat(t.prediction()).isLessThanOrEqualTo(2);
  }

  @Test
  void stuckSensorIsFlagged() {
    ScenarioSettings stuck = ScenarioSettings.of(ScenarioKind.STUCK_SENSOR, "s5", null, null, null, SAMPLE);
    assertThat(run(stuck, "s5", 4).target()).isEqualTo(200);
  }
}
