package io.driftwatch.core.model;

/**
 * The drift settings a {@link ReferenceCalibration} was computed for: exactly those that change the calibrated level
 * (the {@code drift.*} keys of the same meaning; {@code drift.min.samples} does not enter). A service uses a stored
 * calibration only when its own settings equal these in every field.
 *
 * @param falseAlarmRate target share of drift-free windows that flag anything ({@code drift.false-alarm-rate}), in
 *     (0, 0.5)
 * @param psiFloor smallest PSI that counts ({@code drift.effect.psi}), &gt;= 0
 * @param wassersteinSigmaFloor smallest Wasserstein distance, reference σ, that counts
 *     ({@code drift.effect.wasserstein-sigma}), &gt;= 0
 * @param windowEvents events per simulated window ({@code drift.calibration.window-events}), &gt;= 2
 * @param rounds simulated drift-free windows ({@code drift.calibration.rounds}), &gt;= 100
 * @param seed seed of the resampling ({@code drift.seed})
 * @param multivariate whether the joint tests were simulated too ({@code drift.multivariate}; they are only when the
 *     reference also has moments)
 * @param meanShiftSigmaFloor smallest joint mean shift, σ, that counts ({@code drift.effect.mean-shift-sigma}), &gt;= 0
 * @param correlationFloor smallest change of a pair's correlation that counts ({@code drift.effect.correlation}), in
 *     [0, 2]
 */
public record CalibrationSettings(
    double falseAlarmRate,
    double psiFloor,
    double wassersteinSigmaFloor,
    int windowEvents,
    int rounds,
    long seed,
    boolean multivariate,
    double meanShiftSigmaFloor,
    double correlationFloor) {}
