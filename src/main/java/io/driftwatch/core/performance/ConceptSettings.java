package io.driftwatch.core.performance;

import static io.driftwatch.core.settings.SettingValues.parse;
import static io.driftwatch.core.settings.SettingValues.require;

import java.util.Map;

/**
 * How concept drift is decided (see {@code docs/drift-methods.md}, "Concept drift"): the per-window tests of
 * {@link PerformanceDetector} and the sequential alarm of {@link ConceptAlarmDetector}.
 *
 * @param falseAlarmRate per-window family-wise level of the window tests (error test and every usable feature's
 *     association test, Holm) ({@value #FALSE_ALARM_RATE}, default 0.01)
 * @param minRmseRatio smallest window RMSE / reference RMSE that counts as a practically large error rise
 *     ({@value #MIN_RMSE_RATIO}, default 1.1)
 * @param minEffectChange smallest |effect change| that counts as practically large, in reference RMSEs per σ of the
 *     feature ({@value #MIN_EFFECT_CHANGE}, default 0.1: 5.6 progression units per σ for the diabetes model)
 * @param minSamples windows with fewer labelled predictions are reported but never flagged ({@value #MIN_SAMPLES},
 *     default 200)
 * @param alarmFalseAlarmRate target probability that a stable run of {@code alarmHorizonLabels} labels raises any
 *     alarm ({@value #ALARM_FALSE_ALARM_RATE}, default 0.01)
 * @param alarmHorizonLabels the run length that false-alarm rate refers to ({@value #ALARM_HORIZON_LABELS}, default
 *     60 000)
 * @param rearmLabels after an alarm, labels during which the sequential detectors stay at zero and cannot alarm
 *     ({@value #REARM}, default 1 000)
 * @param calibrationRuns simulated stable runs from which the alarm thresholds are fitted
 *     ({@value #CALIBRATION_RUNS}, default 200 runs of a quarter of the horizon; see {@link AlarmCalibration})
 * @param seed seed of the calibration simulation, so a model version always gets the same thresholds
 *     ({@value #SEED}, default 20261124)
 */
public record ConceptSettings(
    double falseAlarmRate,
    double minRmseRatio,
    double minEffectChange,
    long minSamples,
    double alarmFalseAlarmRate,
    long alarmHorizonLabels,
    long rearmLabels,
    int calibrationRuns,
    long seed) {

  public static final String FALSE_ALARM_RATE = "concept.false-alarm-rate";
  public static final String MIN_RMSE_RATIO = "concept.min-rmse-ratio";
  public static final String MIN_EFFECT_CHANGE = "concept.min-effect-change";
  public static final String MIN_SAMPLES = "concept.min.samples";
  public static final String ALARM_FALSE_ALARM_RATE = "concept.alarm.false-alarm-rate";
  public static final String ALARM_HORIZON_LABELS = "concept.alarm.horizon-labels";
  public static final String REARM = "concept.rearm";
  public static final String CALIBRATION_RUNS = "concept.calibration.runs";
  public static final String SEED = "concept.seed";

  public ConceptSettings {
    require(falseAlarmRate > 0 && falseAlarmRate < 0.5, FALSE_ALARM_RATE, "a number in (0, 0.5)", falseAlarmRate);
    require(minRmseRatio >= 1 && Double.isFinite(minRmseRatio), MIN_RMSE_RATIO, "a number >= 1", minRmseRatio);
    require(minEffectChange >= 0 && Double.isFinite(minEffectChange), MIN_EFFECT_CHANGE, "a number >= 0",
        minEffectChange);
    require(minSamples >= 1, MIN_SAMPLES, "an integer >= 1", minSamples);
    require(alarmFalseAlarmRate > 0 && alarmFalseAlarmRate < 0.5, ALARM_FALSE_ALARM_RATE, "a number in (0, 0.5)",
        alarmFalseAlarmRate);
    require(alarmHorizonLabels >= 1_000, ALARM_HORIZON_LABELS, "an integer >= 1000", alarmHorizonLabels);
    require(rearmLabels >= 0, REARM, "an integer >= 0", rearmLabels);
    require(calibrationRuns >= 100, CALIBRATION_RUNS, "an integer >= 100", calibrationRuns);
  }

  /** Level 0.01, RMSE ratio 1.1, effect 0.1 RMSE/σ, 200 labels; alarms: 1 % per 60 000 labels, re-arm 1 000. */
  public static ConceptSettings defaults() {
    return new ConceptSettings(0.01, 1.1, 0.1, 200, 0.01, 60_000, 1_000, 200, 20261124L);
  }

  /**
   * Reads the keys above from {@code config}, keeping the default of each absent one; a malformed or out-of-range value
   * fails with a message naming the key and the accepted values.
   */
  public static ConceptSettings from(Map<String, String> config) {
    ConceptSettings d = defaults();
    return new ConceptSettings(
        parse(config, FALSE_ALARM_RATE, d.falseAlarmRate, Double::parseDouble, "a number in (0, 0.5)"),
        parse(config, MIN_RMSE_RATIO, d.minRmseRatio, Double::parseDouble, "a number >= 1"),
        parse(config, MIN_EFFECT_CHANGE, d.minEffectChange, Double::parseDouble, "a number >= 0"),
        parse(config, MIN_SAMPLES, d.minSamples, Long::parseLong, "an integer >= 1"),
        parse(config, ALARM_FALSE_ALARM_RATE, d.alarmFalseAlarmRate, Double::parseDouble, "a number in (0, 0.5)"),
        parse(config, ALARM_HORIZON_LABELS, d.alarmHorizonLabels, Long::parseLong, "an integer >= 1000"),
        parse(config, REARM, d.rearmLabels, Long::parseLong, "an integer >= 0"),
        parse(config, CALIBRATION_RUNS, d.calibrationRuns, Integer::parseInt, "an integer >= 100"),
        parse(config, SEED, d.seed, Long::parseLong, "an integer"));
  }

  public ConceptSettings withMinSamples(long value) {
    return new ConceptSettings(falseAlarmRate, minRmseRatio, minEffectChange, value, alarmFalseAlarmRate,
        alarmHorizonLabels, rearmLabels, calibrationRuns, seed);
  }

  public ConceptSettings withRearmLabels(long value) {
    return new ConceptSettings(falseAlarmRate, minRmseRatio, minEffectChange, minSamples, alarmFalseAlarmRate,
        alarmHorizonLabels, value, calibrationRuns, seed);
  }

  public ConceptSettings withCalibration(int runs, long seedValue) {
    return new ConceptSettings(falseAlarmRate, minRmseRatio, minEffectChange, minSamples, alarmFalseAlarmRate,
        alarmHorizonLabels, rearmLabels, runs, seedValue);
  }
}
