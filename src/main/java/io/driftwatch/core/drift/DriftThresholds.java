package io.driftwatch.core.drift;

/**
 * The thresholds a detector decides with, as reported with every window.
 *
 * @param minSamples windows with fewer records are never flagged
 * @param falseAlarmRate the target per-window false-alarm rate ({@code drift.false-alarm-rate})
 * @param significanceLevel the level Holm-adjusted p-values are compared with: the target rate, lowered if resampling
 *     showed it would be exceeded at the calibration window size
 * @param psiFloor smallest PSI that counts as practically large
 * @param wassersteinSigmaFloor smallest Wasserstein distance (σ) that counts as practically large
 * @param calibrationWindowEvents window size of the resampling check
 * @param calibrationRounds simulated drift-free windows (0: not calibrated)
 * @param simulatedFalseAlarmRate share of those windows that the rule flagged at {@code significanceLevel}
 *     ({@code NaN} when not calibrated)
 * @param calibrationSource where {@code significanceLevel} came from: the model artifact's stored calibration, a
 *     resampling when the detector was built, or none ({@code calibrationRounds} 0)
 * @param multivariate whether windows are tested jointly as well (the setting; a window may still not be, see
 *     {@link MultivariateDrift#tested()})
 * @param meanShiftSigmaFloor smallest joint mean shift (partial shift, Mahalanobis distance), σ, that counts
 * @param correlationFloor smallest change of a pair's correlation that counts
 */
public record DriftThresholds(
    long minSamples,
    double falseAlarmRate,
    double significanceLevel,
    double psiFloor,
    double wassersteinSigmaFloor,
    int calibrationWindowEvents,
    int calibrationRounds,
    double simulatedFalseAlarmRate,
    CalibrationSource calibrationSource,
    boolean multivariate,
    double meanShiftSigmaFloor,
    double correlationFloor) {

  /** The multiple-testing correction used across the tests of a window. */
  public static final String CORRECTION = "holm";

  /** Where a detector's significance level came from; {@link #label()} is how reports write it. */
  public enum CalibrationSource {
    /** {@code reference.calibration} of the artifact, computed where the model was made for the same settings. */
    ARTIFACT,
    /** Resampled when the detector was built: the artifact had none, or one for other settings. */
    RESAMPLED,
    /** Not calibrated ({@code drift.calibration.rounds=0}): Holm at the target rate alone. */
    NONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
