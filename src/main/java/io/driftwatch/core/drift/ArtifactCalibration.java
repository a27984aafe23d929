package io.driftwatch.core.drift;

import io.driftwatch.core.model.CalibrationSettings;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceCalibration;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's calibration computed once, where the model is made, instead of at every start of every service: {@link
 * #compute} runs the resampling of {@link NullCalibration} for a set of drift settings and gives what {@code train}
 * stores in {@code reference.calibration}; {@link #mismatch} tells a detector whether a stored one holds for its own
 * settings. The level is a pure function of the reference (feature and prediction profiles, moments), the settings
 * of {@link CalibrationSettings} and the procedure's version, so a stored one equals what the detector would compute.
 */
public final class ArtifactCalibration {

  private ArtifactCalibration() {}

  /**
   * The calibration a detector with {@code settings} would compute for {@code artifact}'s reference (seconds of CPU);
   * null when {@code settings} skip calibration ({@code drift.calibration.rounds=0}) or when the level came out at 0
   * (a reference so degenerate that drift-free windows flag at any level: left to the service, which says so).
   */
  public static ReferenceCalibration compute(ModelArtifact artifact, DriftSettings settings) {
    if (settings.calibrationRounds() == 0) {
      return null;
    }
    NullCalibration.Result r = resample(artifact, SummaryLayout.of(artifact, settings.multivariate()), settings);
    if (!(r.significanceLevel() > 0)) {
      return null;
    }
    return new ReferenceCalibration(NullCalibration.METHOD_VERSION, settingsOf(settings), r.significanceLevel(),
        r.simulatedFalseAlarmRate());
  }

  /**
   * The artifact with {@link #compute}'s calibration in its reference (or none, when that gives none); {@code a} is of
   * schema {@value ModelArtifact#CALIBRATION_SCHEMA_VERSION} (as {@code train} builds it), else writing it fails.
   */
  public static ModelArtifact with(ModelArtifact a, DriftSettings settings) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        a.features(), a.scaler(), a.model(), a.training(), a.reference().withCalibration(compute(a, settings)),
        a.lineage());
  }

  /** The settings that enter the calibration, as an artifact records them. */
  public static CalibrationSettings settingsOf(DriftSettings s) {
    return new CalibrationSettings(s.falseAlarmRate(), s.psiFloor(), s.wassersteinSigmaFloor(),
        s.calibrationWindowEvents(), s.calibrationRounds(), s.seed(), s.multivariate(), s.meanShiftSigmaFloor(),
        s.correlationFloor());
  }

  /**
   * Why {@code stored} cannot stand for a calibration under {@code settings}, or null when it can (same procedure,
   * every setting equal), e.g. {@code "the artifact's calibration is for drift.seed=7 (here 20261124)"}.
   *
   * @param stored the artifact's calibration, or null
   */
  public static String mismatch(ReferenceCalibration stored, DriftSettings settings) {
    if (stored == null) {
      return "the artifact has no calibration (reference.calibration)";
    }
    if (stored.methodVersion() != NullCalibration.METHOD_VERSION) {
      return "the artifact's calibration is of method version " + stored.methodVersion() + ", this driftwatch's is "
          + NullCalibration.METHOD_VERSION;
    }
    CalibrationSettings s = stored.settings();
    CalibrationSettings active = settingsOf(settings);
    if (s.equals(active)) {
      return null;
    }
    List<String> differ = new ArrayList<>();
    differ(differ, DriftSettings.FALSE_ALARM_RATE, s.falseAlarmRate(), active.falseAlarmRate());
    differ(differ, DriftSettings.PSI_FLOOR, s.psiFloor(), active.psiFloor());
    differ(differ, DriftSettings.WASSERSTEIN_SIGMA_FLOOR, s.wassersteinSigmaFloor(), active.wassersteinSigmaFloor());
    differ(differ, DriftSettings.CALIBRATION_WINDOW_EVENTS, s.windowEvents(), active.windowEvents());
    differ(differ, DriftSettings.CALIBRATION_ROUNDS, s.rounds(), active.rounds());
    differ(differ, DriftSettings.SEED, s.seed(), active.seed());
    differ(differ, DriftSettings.MULTIVARIATE, s.multivariate(), active.multivariate());
    differ(differ, DriftSettings.MEAN_SHIFT_SIGMA_FLOOR, s.meanShiftSigmaFloor(), active.meanShiftSigmaFloor());
    differ(differ, DriftSettings.CORRELATION_FLOOR, s.correlationFloor(), active.correlationFloor());
    return "the artifact's calibration is for " + String.join(", ", differ);
  }

  private static void differ(List<String> out, String key, Object stored, Object active) {
    if (!stored.equals(active)) {
      out.add(key + "=" + stored + " (here " + active + ")");
    }
  }

  /** Resamples {@code artifact}'s reference as {@code layout} (the detector's) holds it. */
  static NullCalibration.Result resample(ModelArtifact artifact, SummaryLayout layout, DriftSettings settings) {
    return NullCalibration.run(artifact.reference().features(), artifact.reference().prediction(),
        layout.referenceMoments(), settings);
  }
}
