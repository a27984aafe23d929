package io.driftwatch.core.drift;

import static io.driftwatch.core.settings.SettingValues.parse;
import static io.driftwatch.core.settings.SettingValues.require;

import java.util.List;
import java.util.Map;

/**
 * How drift decisions are made (see {@code docs/drift-methods.md}). A feature is flagged only when its test is
 * significant after Holm's correction at the calibrated level <em>and</em> its effect is at least one of the floors.
 *
 * @param minSamples windows with fewer records are reported but never flagged ({@value #MIN_SAMPLES})
 * @param falseAlarmRate target probability that a window without drift flags anything ({@value #FALSE_ALARM_RATE})
 * @param psiFloor smallest PSI that counts as a practically large change ({@value #PSI_FLOOR})
 * @param wassersteinSigmaFloor smallest Wasserstein-1 distance, in reference standard deviations, that counts as a
 *     practically large change ({@value #WASSERSTEIN_SIGMA_FLOOR})
 * @param calibrationWindowEvents window size, in events, at which the false-alarm rate is checked by resampling
 *     ({@value #CALIBRATION_WINDOW_EVENTS}); set it to the typical count of a window
 * @param calibrationRounds simulated windows without drift used for that check ({@value #CALIBRATION_ROUNDS}); 0 skips
 *     it and uses Holm at {@code falseAlarmRate} alone
 * @param seed seed of the resampling, so a model version always gets the same thresholds ({@value #SEED})
 */
public record DriftSettings(
    long minSamples,
    double falseAlarmRate,
    double psiFloor,
    double wassersteinSigmaFloor,
    int calibrationWindowEvents,
    int calibrationRounds,
    long seed) {

  public static final String MIN_SAMPLES = "drift.min.samples";
  public static final String FALSE_ALARM_RATE = "drift.false-alarm-rate";
  public static final String PSI_FLOOR = "drift.effect.psi";
  public static final String WASSERSTEIN_SIGMA_FLOOR = "drift.effect.wasserstein-sigma";
  public static final String CALIBRATION_WINDOW_EVENTS = "drift.calibration.window-events";
  public static final String CALIBRATION_ROUNDS = "drift.calibration.rounds";
  public static final String SEED = "drift.seed";
  /** Every key above, in the order the properties file lists them. */
  public static final List<String> KEYS = List.of(MIN_SAMPLES, FALSE_ALARM_RATE, PSI_FLOOR, WASSERSTEIN_SIGMA_FLOOR,
      CALIBRATION_WINDOW_EVENTS, CALIBRATION_ROUNDS, SEED);

  public DriftSettings {
    require(minSamples >= 1, MIN_SAMPLES, "an integer >= 1", minSamples);
    require(falseAlarmRate > 0 && falseAlarmRate < 0.5, FALSE_ALARM_RATE, "a number in (0, 0.5)", falseAlarmRate);
    require(psiFloor >= 0 && Double.isFinite(psiFloor), PSI_FLOOR, "a number >= 0", psiFloor);
    require(wassersteinSigmaFloor >= 0 && Double.isFinite(wassersteinSigmaFloor), WASSERSTEIN_SIGMA_FLOOR,
        "a number >= 0", wassersteinSigmaFloor);
    require(calibrationWindowEvents >= 2, CALIBRATION_WINDOW_EVENTS, "an integer >= 2", calibrationWindowEvents);
    require(calibrationRounds == 0 || calibrationRounds >= 100, CALIBRATION_ROUNDS, "0 or an integer >= 100",
        calibrationRounds);
  }

  /** {@code drift.min.samples=200}, {@code drift.false-alarm-rate=0.01}, floors PSI 0.1 and 0.1σ, 2000 × 500. */
  public static DriftSettings defaults() {
    return new DriftSettings(200, 0.01, 0.1, 0.1, 500, 2000, 20261124L);
  }

  /**
   * Reads the keys above from {@code config}, keeping the default of each absent one; a malformed or out-of-range value
   * fails with a message naming the key and the accepted values.
   */
  public static DriftSettings from(Map<String, String> config) {
    DriftSettings d = defaults();
    return new DriftSettings(
        parse(config, MIN_SAMPLES, d.minSamples, Long::parseLong, "an integer >= 1"),
        parse(config, FALSE_ALARM_RATE, d.falseAlarmRate, Double::parseDouble, "a number in (0, 0.5)"),
        parse(config, PSI_FLOOR, d.psiFloor, Double::parseDouble, "a number >= 0"),
        parse(config, WASSERSTEIN_SIGMA_FLOOR, d.wassersteinSigmaFloor, Double::parseDouble, "a number >= 0"),
        parse(config, CALIBRATION_WINDOW_EVENTS, d.calibrationWindowEvents, Integer::parseInt, "an integer >= 2"),
        parse(config, CALIBRATION_ROUNDS, d.calibrationRounds, Integer::parseInt, "0 or an integer >= 100"),
        parse(config, SEED, d.seed, Long::parseLong, "an integer"));
  }

  public DriftSettings withMinSamples(long value) {
    return new DriftSettings(value, falseAlarmRate, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, seed);
  }

  public DriftSettings withFalseAlarmRate(double value) {
    return new DriftSettings(minSamples, value, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, seed);
  }

  public DriftSettings withEffectFloors(double psi, double wassersteinSigma) {
    return new DriftSettings(minSamples, falseAlarmRate, psi, wassersteinSigma, calibrationWindowEvents,
        calibrationRounds, seed);
  }

  public DriftSettings withCalibration(int windowEvents, int rounds) {
    return new DriftSettings(minSamples, falseAlarmRate, psiFloor, wassersteinSigmaFloor, windowEvents, rounds, seed);
  }

  public DriftSettings withSeed(long value) {
    return new DriftSettings(minSamples, falseAlarmRate, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, value);
  }
}
