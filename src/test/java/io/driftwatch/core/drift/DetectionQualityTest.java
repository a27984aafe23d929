package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.drift.PatientStream.Scenario;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detection quality of the default settings over 200 windows of 500 events, resampled from the whole diabetes data set
 * (442 patients) with a 0.05σ jitter and judged against the reference of the notebook's 353 training rows.
 */
class DetectionQualityTest {

  private static final ModelArtifact MODEL = NotebookModel.ARTIFACT;
  private static final DriftDetector DETECTOR = DriftDetector.create(MODEL, DriftSettings.defaults());
  private static final int WINDOWS = 200;
  private static final int EVENTS = 500;
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

  private static List<DriftReport> windows(Scenario scenario, long seed) {
    PatientStream stream = new PatientStream(NotebookModel.ROWS, MODEL, seed);
    List<DriftReport> reports = new ArrayList<>();
    for (int w = 0; w < WINDOWS; w++) {
      WindowSummary summary = DETECTOR.newSummary();
      stream.fill(summary, EVENTS, scenario);
      Instant start = START.plus(Duration.ofMinutes(w));
      reports.add(DETECTOR.evaluate(summary, start, start.plus(Duration.ofMinutes(1)), 0));
    }
    return reports;
  }

  private static long count(List<DriftReport> reports, java.util.function.Predicate<DriftReport> p) {
    return reports.stream().filter(p).count();
  }

  @Test
  void calibrationKeepsTheTargetRateOnTheNotebookReference() {
    DriftThresholds t = DETECTOR.thresholds();
    assertThat(t.falseAlarmRate()).isEqualTo(0.01);
    assertThat(t.significanceLevel()).isLessThanOrEqualTo(0.01).isGreaterThan(0.001);
    assertThat(t.simulatedFalseAlarmRate()).isLessThanOrEqualTo(0.01);
    assertThat(t.calibrationRounds()).isEqualTo(2000);
  }

  @Test
  void withoutDriftAtMostOnePercentOfWindowsIsFlagged() {
    List<DriftReport> reports = windows(Scenario.none(), 1);
    long flagged = count(reports, r -> r.datasetDrift() || r.prediction().drift());
    assertThat(flagged).as("windows flagged without drift").isLessThanOrEqualTo(WINDOWS / 100);
    assertThat(reports.stream().mapToLong(DriftReport::count).distinct().toArray()).containsExactly(EVENTS);
  }

  @Test
  void halfSigmaShiftOfBmiIsFlaggedAndLeadsThePredictionShift() {
    List<DriftReport> reports = windows(Scenario.shift("bmi", 0.5), 2);
    assertThat(count(reports, r -> r.feature("bmi").drift())).as("windows flagging bmi")
        .isGreaterThanOrEqualTo(WINDOWS * 95 / 100);
    assertThat(count(reports, r -> !r.driftedFeatures().isEmpty() && r.driftedFeatures().get(0).equals("bmi")))
        .as("windows listing bmi first").isGreaterThanOrEqualTo(WINDOWS * 95 / 100);
    double sum = 0;
    for (DriftReport r : reports) {
      DistributionDrift top = r.features().stream()
          .max(Comparator.comparingDouble(f -> Math.abs(f.predictionShift()))).orElseThrow();
      assertThat(top.name()).as("largest prediction shift in window %s", r.windowStart()).isEqualTo("bmi");
      sum += top.predictionShift();
    }
    // coefficient 25.90 × 0.5σ / σ = 12.95, less 0.95 because the 442 patients have a lower mean bmi than the 353
    // training rows
    assertThat(sum / reports.size()).as("mean prediction shift of bmi").isCloseTo(12.0, within(0.3));
    for (DriftReport r : reports) {
      // The model is linear: the features' prediction shifts add up to the shift of the mean prediction.
      assertThat(r.explainedPredictionShift()).as("explained shift in window %s", r.windowStart())
          .isCloseTo(r.predictionMeanShift(), within(1e-9));
    }
    assertThat(count(reports, r -> r.driftedFeatures().size() > 1)).as("windows flagging another feature too")
        .isLessThanOrEqualTo(WINDOWS / 100);
  }

  @Test
  void halfSigmaShiftOfUnusedS3IsFlaggedWithoutPredictionShift() {
    assertThat(MODEL.model().coefficients()[NotebookModel.index("s3")]).isZero();
    List<DriftReport> reports = windows(Scenario.shift("s3", 0.5), 3);
    assertThat(count(reports, r -> r.feature("s3").drift())).as("windows flagging s3")
        .isGreaterThanOrEqualTo(WINDOWS * 95 / 100);
    for (DriftReport r : reports) {
      DistributionDrift s3 = r.feature("s3");
      assertThat(s3.predictionShift()).as("s3 prediction shift in window %s", r.windowStart()).isZero();
      assertThat(s3.affectsPrediction()).isFalse();
    }
    assertThat(count(reports, r -> r.prediction().drift())).as("windows flagging the prediction")
        .isLessThanOrEqualTo(WINDOWS / 100);
  }

  @Test
  void stuckSensorIsFlagged() {
    // Blood pressure frozen at 93 mmHg, the most common reading.
    List<DriftReport> reports = windows(Scenario.stuck("bp", 93), 4);
    for (DriftReport r : reports) {
      DistributionDrift bp = r.feature("bp");
      assertThat(bp.drift()).as("bp drift in window %s", r.windowStart()).isTrue();
      assertThat(bp.std()).isZero();
      assertThat(bp.stdShiftSigma()).isEqualTo(-1.0);
      assertThat(bp.min()).isEqualTo(93.0);
      assertThat(bp.max()).isEqualTo(93.0);
    }
  }
}
