package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceProfile;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainTestSplit;
import io.driftwatch.core.train.TrainingOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The reproducer: the notebook's data plus one constant (or near-constant) column {@code k}, trained by the
 * real trainer, judged on windows of its own training rows. A constant reference is judged in the feature's units.
 */
class ConstantFeatureDriftTest {

  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-24T10:01:00Z");
  private static final DriftSettings NO_CALIBRATION = DriftSettings.defaults().withCalibration(500, 0);
  private static final int K = 10;

  @Test
  void aWindowOfTheTrainingRowsShowsNoEffectOnAConstantColumn() {
    Trained t = train(i -> 14.62);
    DistributionProfile profile = t.artifact.reference().features().get(K);
    assertThat(profile.std()).isEqualTo(0.0);
    assertThat(profile.mean()).isEqualTo(14.62);
    assertThat(t.artifact.scaler().scale()[K]).isEqualTo(1.0);

    DriftReport report = evaluate(t.artifact, NO_CALIBRATION, t.trainingRows);
    assertNoEffect(report.feature("k"));
    assertThat(report.datasetDrift()).isFalse();
  }

  @Test
  void aConstantColumnMovedByOneReportsOneInItsUnitsAndDrifts() {
    Trained t = train(i -> 14.62);
    DriftReport report = evaluate(t.artifact, NO_CALIBRATION, withK(t.trainingRows, 15.62));
    DistributionDrift k = report.feature("k");
    assertThat(report.count()).isEqualTo(353);
    assertThat(k.meanShiftSigma()).isEqualTo(1.0);
    assertThat(k.wassersteinSigma()).isEqualTo(1.0);
    assertThat(k.wassersteinErrorSigma()).isEqualTo(0.0);
    assertThat(k.stdShiftSigma()).isEqualTo(0.0);
    assertThat(k.ksStatistic()).isEqualTo(1.0);
    assertThat(k.psi()).isEqualTo(2 * (1 - 1e-4) * Math.log(1e4));
    assertThat(k.pValue()).isLessThan(1e-100);
    assertThat(k.largeEffect()).isTrue();
    assertThat(k.drift()).isTrue();
    assertThat(k.predictionShift()).isEqualTo(0.0);
    assertThat(report.driftedFeatures()).containsExactly("k");
  }

  @Test
  void nearConstantColumnsAreJudgedInTheirUnitsToo() {
    // 14.62 plus 0..3 × 1e-15 (a few ulps), and 1e6 plus -3..3 × 1e-9: both within scikit-learn's bound.
    for (IntToDoubleFunction column : List.<IntToDoubleFunction>of(i -> 14.62 + (i % 4) * 1e-15,
        i -> 1e6 + (i % 7 - 3) * 1e-9)) {
      Trained t = train(column);
      assertThat(t.artifact.reference().features().get(K).std()).isEqualTo(0.0);
      assertThat(t.artifact.scaler().scale()[K]).isEqualTo(1.0);

      DriftReport same = evaluate(t.artifact, NO_CALIBRATION, t.trainingRows);
      assertNoEffect(same.feature("k"));
      assertThat(same.datasetDrift()).isFalse();

      DriftReport moved = evaluate(t.artifact, NO_CALIBRATION, plusOne(t.trainingRows));
      DistributionDrift k = moved.feature("k");
      // Every value is above the reference, so the Wasserstein distance is exactly the mean shift.
      assertThat(k.meanShiftSigma()).isEqualTo(1.0);
      assertThat(k.wassersteinSigma()).isEqualTo(1.0);
      assertThat(k.stdShiftSigma()).isEqualTo(0.0);
      assertThat(k.drift()).isTrue();
    }
  }

  @Test
  void anArtifactHoldingAResidueSigmaIsReadWithTheSameTolerance() {
    // What the trainer wrote before the fix: one-pass mean and σ of 353 × 14.62.
    Trained t = train(i -> 14.62);
    double sum = 0;
    for (int i = 0; i < 353; i++) {
      sum += 14.62;
    }
    double mean = sum / 353;
    double residue = Math.sqrt(353 * (14.62 - mean) * (14.62 - mean) / 353);
    assertThat(mean).isEqualTo(14.619999999999914);
    assertThat(residue).isEqualTo(8.526512829121202e-14);
    ModelArtifact old = withProfile(t.artifact, K, mean, residue);

    DriftReport same = evaluate(old, NO_CALIBRATION, t.trainingRows);
    assertNoEffect(same.feature("k"));

    DistributionDrift k = evaluate(old, NO_CALIBRATION, withK(t.trainingRows, 15.62)).feature("k");
    assertThat(k.meanShiftSigma()).isEqualTo(1.0000000000000853);
    assertThat(k.wassersteinSigma()).isEqualTo(1.0000000000000853);
    assertThat(k.stdShiftSigma()).isEqualTo(0.0);
    assertThat(k.drift()).isTrue();
  }

  @Test
  void calibrationResamplesAConstantReferenceWithoutFalseAlarms() {
    Trained t = train(i -> 14.62);
    DriftDetector detector = DriftDetector.create(t.artifact, DriftSettings.defaults().withCalibration(500, 2000));
    assertThat(detector.thresholds().significanceLevel()).isEqualTo(0.01);
    // Resampled jointly (the artifact has reference moments): k is drawn at its one value.
    assertThat(detector.thresholds().simulatedFalseAlarmRate()).isEqualTo(0.0055);
    assertThat(detector.thresholds().calibrationSource()).isEqualTo(DriftThresholds.CalibrationSource.RESAMPLED);
    WindowSummary summary = detector.newSummary();
    LinearScorer scorer = new LinearScorer(t.artifact);
    for (double[] row : t.trainingRows) {
      summary.update(row, scorer.predict(row));
    }
    DriftReport report = detector.evaluate(summary, START, END, 0);
    assertNoEffect(report.feature("k"));
    // The joint tests leave the constant feature out: no partial shift, no pair, one dimension fewer.
    MultivariateDrift joint = report.multivariate();
    assertThat(joint.tested()).isTrue();
    assertThat(joint.dimensions()).isEqualTo(t.artifact.featureCount() - 1);
    assertThat(joint.partialShifts().stream().filter(s -> s.feature().equals("k")).findFirst().orElseThrow().pValue())
        .isNaN();
    assertThat(joint.pairs()).noneMatch(p -> p.first().equals("k") || p.second().equals("k"));
    assertThat(joint.pairs()).hasSize((t.artifact.featureCount() - 1) * (t.artifact.featureCount() - 2) / 2);
    assertThat(joint.drift()).isFalse();
  }

  private static void assertNoEffect(DistributionDrift k) {
    assertThat(k.count()).isEqualTo(353);
    assertThat(k.wassersteinSigma()).isEqualTo(0.0);
    assertThat(k.wassersteinErrorSigma()).isEqualTo(0.0);
    assertThat(k.meanShiftSigma()).isEqualTo(0.0);
    assertThat(k.stdShiftSigma()).isEqualTo(0.0);
    assertThat(k.psi()).isEqualTo(0.0);
    assertThat(k.ksStatistic()).isEqualTo(0.0);
    assertThat(k.pValue()).isEqualTo(1.0);
    assertThat(k.largeEffect()).isFalse();
    assertThat(k.drift()).isFalse();
  }

  private record Trained(ModelArtifact artifact, double[][] trainingRows) {}

  /** The notebook's model trained on the bundled data plus column {@code k} (value of row i), and its training rows. */
  private static Trained train(IntToDoubleFunction k) {
    Dataset diabetes = Dataset.loadBundledDiabetes();
    double[][] rows = diabetes.rows();
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOf(rows[i], K + 1);
      rows[i][K] = k.applyAsDouble(i);
    }
    List<String> names = new ArrayList<>(diabetes.featureNames());
    names.add("k");
    Dataset data = new Dataset("diabetes", "test:diabetes+k", names, diabetes.targetName(), rows, diabetes.target());
    // Not calibrated at training (most tests judge without calibration; the one that calibrates resamples).
    ModelArtifact artifact =
        ModelTrainer.train(data, TrainingOptions.defaults(), Clock.systemUTC(), NO_CALIBRATION).artifact();
    int[] train = TrainTestSplit.shuffled(rows.length, 0.2, 42).train();
    double[][] trainingRows = new double[train.length][];
    for (int i = 0; i < train.length; i++) {
      trainingRows[i] = rows[train[i]];
    }
    return new Trained(artifact, trainingRows);
  }

  private static DriftReport evaluate(ModelArtifact artifact, DriftSettings settings, double[][] rows) {
    DriftDetector detector = DriftDetector.create(artifact, settings);
    LinearScorer scorer = new LinearScorer(artifact);
    WindowSummary summary = detector.newSummary();
    for (double[] row : rows) {
      summary.update(row, scorer.predict(row));
    }
    return detector.evaluate(summary, START, END, 0);
  }

  private static double[][] withK(double[][] rows, double value) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
      out[i][K] = value;
    }
    return out;
  }

  private static double[][] plusOne(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
      out[i][K] += 1;
    }
    return out;
  }

  private static ModelArtifact withProfile(ModelArtifact a, int j, double mean, double std) {
    List<DistributionProfile> features = new ArrayList<>(a.reference().features());
    DistributionProfile p = features.get(j);
    features.set(j, new DistributionProfile(p.name(), p.kind(), p.count(), mean, std, p.min(), p.max(), p.quantiles(),
        p.categories(), p.categoryProportions()));
    ReferenceProfile reference =
        new ReferenceProfile(features, a.reference().prediction(), a.reference().residuals());
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion() + "-old", a.createdAt(), a.target(),
        a.features(), a.scaler(), a.model(), a.training(), reference);
  }
}
