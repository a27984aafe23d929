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
 * @param multivariate whether windows are also tested jointly (mean shifts given the other features, changed
 *     correlations) when the artifact has reference moments ({@value #MULTIVARIATE})
 * @param meanShiftSigmaFloor smallest mean shift that counts as practically large for the joint location tests, in
 *     reference σ: a feature's own mean shift (its partial shift given the others must point the same way), and the
 *     Mahalanobis distance of the whole mean vector ({@value #MEAN_SHIFT_SIGMA_FLOOR})
 * @param correlationFloor smallest change of a pair's normal-score correlation that counts as practically large
 *     ({@value #CORRELATION_FLOOR})
 */
public record DriftSettings(
    long minSamples,
    double falseAlarmRate,
    double psiFloor,
    double wassersteinSigmaFloor,
    int calibrationWindowEvents,
    int calibrationRounds,
    long seed,
    boolean multivariate,
    double meanShiftSigmaFloor,
    double correlationFloor) {

  public static final String MIN_SAMPLES = "drift.min.samples";
  public static final String FALSE_ALARM_RATE = "drift.false-alarm-rate";
  public static final String PSI_FLOOR = "drift.effect.psi";
  public static final String WASSERSTEIN_SIGMA_FLOOR = "drift.effect.wasserstein-sigma";
  public static final String CALIBRATION_WINDOW_EVENTS = "drift.calibration.window-events";
  public static final String CALIBRATION_ROUNDS = "drift.calibration.rounds";
  public static final String SEED = "drift.seed";
  public static final String MULTIVARIATE = "drift.multivariate";
  public static final String MEAN_SHIFT_SIGMA_FLOOR = "drift.effect.mean-shift-sigma";
  public static final String CORRELATION_FLOOR = "drift.effect.correlation";
  /** Every key above, in the order the properties file lists them. */
  public static final List<String> KEYS = List.of(MIN_SAMPLES, FALSE_ALARM_RATE, PSI_FLOOR, WASSERSTEIN_SIGMA_FLOOR,
      CALIBRATION_WINDOW_EVENTS, CALIBRATION_ROUNDS, SEED, MULTIVARIATE, MEAN_SHIFT_SIGMA_FLOOR, CORRELATION_FLOOR);

  /** Settings as before the multivariate tests: those on, with their default floors. */
  public DriftSettings(long minSamples, double falseAlarmRate, double psiFloor, double wassersteinSigmaFloor,
      int calibrationWindowEvents, int calibrationRounds, long seed) {
    this(minSamples, falseAlarmRate, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents, calibrationRounds, seed,
        true, 0.1, 0.1);
  }

  public DriftSettings {
    require(minSamples >= 1, MIN_SAMPLES, "an integer >= 1", minSamples);
    require(falseAlarmRate > 0 && falseAlarmRate < 0.5, FALSE_ALARM_RATE, "a number in (0, 0.5)", falseAlarmRate);
    require(psiFloor >= 0 && Double.isFinite(psiFloor), PSI_FLOOR, "a number >= 0", psiFloor);
    require(wassersteinSigmaFloor >= 0 && Double.isFinite(wassersteinSigmaFloor), WASSERSTEIN_SIGMA_FLOOR,
        "a number >= 0", wassersteinSigmaFloor);
    require(calibrationWindowEvents >= 2, CALIBRATION_WINDOW_EVENTS, "an integer >= 2", calibrationWindowEvents);
    require(calibrationRounds == 0 || calibrationRounds >= 100, CALIBRATION_ROUNDS, "0 or an integer >= 100",
        calibrationRounds);
    require(meanShiftSigmaFloor >= 0 && Double.isFinite(meanShiftSigmaFloor), MEAN_SHIFT_SIGMA_FLOOR,
        "a number >= 0", meanShiftSigmaFloor);
    require(correlationFloor >= 0 && correlationFloor <= 2, CORRELATION_FLOOR, "a number in [0, 2]",
        correlationFloor);
  }

  /**
   * {@code drift.min.samples=200}, {@code drift.false-alarm-rate=0.01}, floors PSI 0.1 and 0.1σ, 2000 × 500;
   * multivariate tests on, floors 0.1σ and 0.1.
   */
  public static DriftSettings defaults() {
    return new DriftSettings(200, 0.01, 0.1, 0.1, 500, 2000, 20261124L, true, 0.1, 0.1);
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
        parse(config, SEED, d.seed, Long::parseLong, "an integer"),
        parse(config, MULTIVARIATE, d.multivariate, DriftSettings::parseBoolean, "true or false"),
        parse(config, MEAN_SHIFT_SIGMA_FLOOR, d.meanShiftSigmaFloor, Double::parseDouble, "a number >= 0"),
        parse(config, CORRELATION_FLOOR, d.correlationFloor, Double::parseDouble, "a number in [0, 2]"));
  }

  private static boolean parseBoolean(String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new NumberFormatException(value);
  }

  public DriftSettings withMinSamples(long value) {
    return new DriftSettings(value, falseAlarmRate, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, seed, multivariate, meanShiftSigmaFloor, correlationFloor);
  }

  public DriftSettings withFalseAlarmRate(double value) {
    return new DriftSettings(minSamples, value, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, seed, multivariate, meanShiftSigmaFloor, correlationFloor);
  }

  public DriftSettings withEffectFloors(double psi, double wassersteinSigma) {
    return new DriftSettings(minSamples, falseAlarmRate, psi, wassersteinSigma, calibrationWindowEvents,
        calibrationRounds, seed, multivariate, meanShiftSigmaFloor, correlationFloor);
  }

  public DriftSettings withCalibration(int windowEvents, int rounds) {
    return new DriftSettings(minSamples, falseAlarmRate, psiFloor, wassersteinSigmaFloor, windowEvents, rounds, seed,
        multivariate, meanShiftSigmaFloor, correlationFloor);
  }

  public DriftSettings withSeed(long value) {
    return new DriftSettings(minSamples, falseAlarmRate, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, value, multivariate, meanShiftSigmaFloor, correlationFloor);
  }

  /** The multivariate tests on or off, with their effect floors (σ of a joint mean shift, change of a correlation). */
  public DriftSettings withMultivariate(boolean enabled, double meanShiftSigma, double correlation) {
    return new DriftSettings(minSamples, falseAlarmRate, psiFloor, wassersteinSigmaFloor, calibrationWindowEvents,
        calibrationRounds, seed, enabled, meanShiftSigma, correlation);
  }
}
