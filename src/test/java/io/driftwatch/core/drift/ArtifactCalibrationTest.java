package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.drift.DriftThresholds.CalibrationSource;
import io.driftwatch.core.model.CalibrationSettings;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceCalibration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactCalibrationTest {

  /** Trained as {@code train} trains it: calibrated for the default drift settings. */
  private static final ModelArtifact TRAINED = NotebookModel.ARTIFACT;
  /** Settings that calibrate in a fraction of a second: 100 simulated windows of 200 events. */
  private static final DriftSettings QUICK = DriftSettings.defaults().withCalibration(200, 100);

  private static ModelArtifact calibrated(ModelArtifact a, ReferenceCalibration calibration) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        a.features(), a.scaler(), a.model(), a.training(), a.reference().withCalibration(calibration), a.lineage());
  }

  private static NullCalibration.Result resampled(ModelArtifact a, DriftSettings settings) {
    return NullCalibration.run(a.reference().features(), a.reference().prediction(),
        settings.multivariate() ? a.reference().moments() : null, settings);
  }

  @Test
  void trainStoresWhatTheDetectorWouldComputeForTheDefaultSettings() {
    ReferenceCalibration stored = TRAINED.reference().calibration();
    assertThat(stored.methodVersion()).isEqualTo(NullCalibration.METHOD_VERSION).isEqualTo(1);
    assertThat(stored.settings())
        .isEqualTo(new CalibrationSettings(0.01, 0.1, 0.1, 500, 2000, 20261124L, true, 0.1, 0.1))
        .isEqualTo(ArtifactCalibration.settingsOf(DriftSettings.defaults()));
    assertThat(stored.significanceLevel()).isEqualTo(0.01);
    assertThat(stored.simulatedFalseAlarmRate()).isEqualTo(0.0085);
    NullCalibration.Result now = resampled(TRAINED, DriftSettings.defaults());
    assertThat(stored.significanceLevel()).isEqualTo(now.significanceLevel());
    assertThat(stored.simulatedFalseAlarmRate()).isEqualTo(now.simulatedFalseAlarmRate());
  }

  @Test
  void aDetectorTakesTheArtifactsLevelWhenEverySettingMatches() throws Exception {
    // A level no resampling gives (it gives 0.01): seeing it in the thresholds shows nothing was resampled.
    ModelArtifact artifact = calibrated(TRAINED, new ReferenceCalibration(1,
        ArtifactCalibration.settingsOf(DriftSettings.defaults()), 0.00123, 0.0042));
    DriftDetector detector = DriftDetector.create(artifact, DriftSettings.defaults());
    assertThat(detector.thresholds().significanceLevel()).isEqualTo(0.00123);
    assertThat(detector.thresholds().simulatedFalseAlarmRate()).isEqualTo(0.0042);
    assertThat(detector.thresholds().calibrationSource()).isEqualTo(CalibrationSource.ARTIFACT);
    assertThat(detector.resampledBecause()).isNull();
    // min_samples does not enter the calibration: another value still uses it.
    DriftDetector fewer = DriftDetector.create(artifact, DriftSettings.defaults().withMinSamples(50));
    assertThat(fewer.thresholds().significanceLevel()).isEqualTo(0.00123);
    assertThat(fewer.thresholds().calibrationSource()).isEqualTo(CalibrationSource.ARTIFACT);

    DriftReport report = detector.evaluate(detector.newSummary(), Instant.parse("2026-11-24T10:00:00Z"),
        Instant.parse("2026-11-24T10:01:00Z"), 0);
    JsonNode thresholds = new ObjectMapper().readTree(DriftReportJson.write(report)).get("thresholds");
    assertThat(thresholds.get("significance_level").asDouble()).isEqualTo(0.00123);
    assertThat(thresholds.get("simulated_false_alarm_rate").asDouble()).isEqualTo(0.0042);
    assertThat(thresholds.get("calibration_source").asText()).isEqualTo("artifact");
  }

  @Test
  void aDetectorResamplesWhenOneSettingDiffersAndGetsTodaysLevel() {
    ReferenceCalibration quick = ArtifactCalibration.compute(TRAINED, QUICK);
    NullCalibration.Result direct = resampled(TRAINED, QUICK);
    assertThat(quick.significanceLevel()).isEqualTo(direct.significanceLevel()).isEqualTo(0.01);
    assertThat(quick.simulatedFalseAlarmRate()).isEqualTo(direct.simulatedFalseAlarmRate()).isEqualTo(0.01);
    ModelArtifact artifact = calibrated(TRAINED, quick);
    assertThat(DriftDetector.create(artifact, QUICK).thresholds().calibrationSource())
        .isEqualTo(CalibrationSource.ARTIFACT);

    DriftSettings otherSeed = QUICK.withSeed(7);
    DriftDetector detector = DriftDetector.create(artifact, otherSeed);
    NullCalibration.Result today = resampled(TRAINED, otherSeed);
    assertThat(detector.thresholds().calibrationSource()).isEqualTo(CalibrationSource.RESAMPLED);
    assertThat(detector.thresholds().significanceLevel()).isEqualTo(today.significanceLevel()).isEqualTo(0.01);
    assertThat(detector.thresholds().simulatedFalseAlarmRate()).isEqualTo(today.simulatedFalseAlarmRate())
        .isEqualTo(0.0);
    assertThat(detector.resampledBecause()).isEqualTo("the artifact's calibration is for drift.seed=20261124 (here 7)");
  }

  @Test
  void anArtifactWithoutCalibrationIsResampled() {
    ModelArtifact bare = calibrated(TRAINED, null);
    DriftDetector detector = DriftDetector.create(bare, QUICK);
    assertThat(detector.thresholds().calibrationSource()).isEqualTo(CalibrationSource.RESAMPLED);
    assertThat(detector.thresholds().significanceLevel()).isEqualTo(resampled(TRAINED, QUICK).significanceLevel());
    assertThat(detector.resampledBecause()).isEqualTo("the artifact has no calibration (reference.calibration)");
  }

  @Test
  void withoutRoundsNothingIsCalibratedNorStored() {
    DriftSettings none = DriftSettings.defaults().withCalibration(500, 0);
    DriftDetector detector = DriftDetector.create(TRAINED, none);
    assertThat(detector.thresholds().calibrationSource()).isEqualTo(CalibrationSource.NONE);
    assertThat(detector.thresholds().significanceLevel()).isEqualTo(0.01);
    assertThat(detector.thresholds().simulatedFalseAlarmRate()).isNaN();
    assertThat(detector.resampledBecause()).isNull();
    assertThat(ArtifactCalibration.compute(TRAINED, none)).isNull();
    assertThat(ArtifactCalibration.with(TRAINED, none).reference().calibration()).isNull();
  }

  @Test
  void everySettingThatEntersTheCalibrationIsCompared() {
    DriftSettings d = DriftSettings.defaults();
    ReferenceCalibration stored = new ReferenceCalibration(1, ArtifactCalibration.settingsOf(d), 0.01, 0.0085);
    assertThat(ArtifactCalibration.mismatch(stored, d)).isNull();
    assertThat(ArtifactCalibration.mismatch(stored, d.withMinSamples(1))).isNull();
    List<DriftSettings> oneDiffers = List.of(d.withFalseAlarmRate(0.05), d.withEffectFloors(0.2, 0.1),
        d.withEffectFloors(0.1, 0.2), d.withCalibration(1000, 2000), d.withCalibration(500, 1000), d.withSeed(1),
        d.withMultivariate(false, 0.1, 0.1), d.withMultivariate(true, 0.2, 0.1), d.withMultivariate(true, 0.1, 0.2));
    assertThat(oneDiffers).extracting(s -> ArtifactCalibration.mismatch(stored, s)).containsExactly(
        "the artifact's calibration is for drift.false-alarm-rate=0.01 (here 0.05)",
        "the artifact's calibration is for drift.effect.psi=0.1 (here 0.2)",
        "the artifact's calibration is for drift.effect.wasserstein-sigma=0.1 (here 0.2)",
        "the artifact's calibration is for drift.calibration.window-events=500 (here 1000)",
        "the artifact's calibration is for drift.calibration.rounds=2000 (here 1000)",
        "the artifact's calibration is for drift.seed=20261124 (here 1)",
        "the artifact's calibration is for drift.multivariate=true (here false)",
        "the artifact's calibration is for drift.effect.mean-shift-sigma=0.1 (here 0.2)",
        "the artifact's calibration is for drift.effect.correlation=0.1 (here 0.2)");
    assertThat(ArtifactCalibration.mismatch(stored, d.withSeed(1).withFalseAlarmRate(0.02))).isEqualTo(
        "the artifact's calibration is for drift.false-alarm-rate=0.01 (here 0.02), drift.seed=20261124 (here 1)");
    ReferenceCalibration older = new ReferenceCalibration(2, stored.settings(), 0.01, 0.0085);
    assertThat(ArtifactCalibration.mismatch(older, d))
        .isEqualTo("the artifact's calibration is of method version 2, this driftwatch's is 1");
  }
}
