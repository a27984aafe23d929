package io.driftwatch.simulate;

import java.util.Locale;

/**
 * A validated scenario choice, from the simulator's options. Options that do not apply to the chosen scenario are
 * refused rather than silently ignored; errors name the option ({@code --feature}, {@code --shift}, ...).
 *
 * @param kind the scenario
 * @param feature the feature it alters ({@code null} for {@code none})
 * @param shiftSigma shift in reference σ (shift scenarios only)
 * @param ramp events over which a gradual shift grows (1 for an immediate one)
 * @param driftAfter events before the drift begins
 */
public record ScenarioSettings(ScenarioKind kind, String feature, double shiftSigma, long ramp, long driftAfter) {

  public static final String DEFAULT_FEATURE = "bmi";
  public static final String DEFAULT_UNIT_ERROR_FEATURE = "bp";
  public static final double DEFAULT_SHIFT = 0.5;
  public static final long DEFAULT_RAMP = 1000;

  public static final ScenarioSettings NONE = new ScenarioSettings(ScenarioKind.NONE, null, 0, 1, 0);

  /**
   * Validates the options given on the command line; {@code null} means "not given".
   *
   * @throws IllegalArgumentException naming the offending option and the accepted values
   */
  public static ScenarioSettings of(
      ScenarioKind kind, String feature, Double shift, Long ramp, Long driftAfter, ClinicalSample sample) {
    boolean shifts = kind == ScenarioKind.COVARIATE_SHIFT || kind == ScenarioKind.GRADUAL_SHIFT;
    if (kind == ScenarioKind.NONE) {
      refuse(feature != null, "--feature", kind);
      refuse(driftAfter != null, "--drift-after", kind);
    }
    refuse(shift != null && !shifts, "--shift", kind);
    refuse(ramp != null && kind != ScenarioKind.GRADUAL_SHIFT, "--ramp", kind);
    if (kind == ScenarioKind.NONE) {
      return NONE;
    }

    String name = feature != null ? feature.trim().toLowerCase(Locale.ROOT) : defaultFeature(kind);
    FeatureColumn column =
        sample
            .feature(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--feature: unknown feature '" + feature + "'; accepted: "
                            + String.join(", ", sample.featureNames())));
    if (shifts && column.categorical()) {
      throw new IllegalArgumentException(
          "--feature: " + name + " is categorical and cannot be shifted; choose a continuous feature");
    }
    if (kind == ScenarioKind.UNIT_ERROR && UnitConversion.forFeature(name).isEmpty()) {
      throw new IllegalArgumentException(
          "--feature: unit-error has no wrong unit for " + name + "; accepted: "
              + String.join(", ", UnitConversion.convertibleFeatures()));
    }
    double shiftSigma = shift != null ? shift : DEFAULT_SHIFT;
    if (!Double.isFinite(shiftSigma)) {
      throw new IllegalArgumentException("--shift must be a finite number of standard deviations, got " + shift);
    }
    long rampEvents = kind == ScenarioKind.GRADUAL_SHIFT ? (ramp != null ? ramp : DEFAULT_RAMP) : 1;
    if (rampEvents < 1) {
      throw new IllegalArgumentException("--ramp must be at least 1 event, got " + ramp);
    }
    long after = driftAfter != null ? driftAfter : 0;
    if (after < 0) {
      throw new IllegalArgumentException("--drift-after must be 0 or more events, got " + driftAfter);
    }
    return new ScenarioSettings(kind, name, shifts ? shiftSigma : 0, rampEvents, after);
  }

  /** The scenario for this stream; stateful (a stuck sensor remembers its value), so one per simulator. */
  public Scenario create(ClinicalSample sample) {
    if (kind == ScenarioKind.NONE) {
      return Scenario.NONE;
    }
    FeatureColumn column =
        sample.feature(feature).orElseThrow(() -> new IllegalArgumentException("unknown feature " + feature));
    return switch (kind) {
      case NONE -> Scenario.NONE;
      case COVARIATE_SHIFT, GRADUAL_SHIFT -> new CovariateShift(column, shiftSigma, driftAfter, ramp);
      case STUCK_SENSOR -> new StuckSensor(column, driftAfter);
      case UNIT_ERROR -> new UnitError(column, UnitConversion.forFeature(feature).orElseThrow(), driftAfter);
    };
  }

  /** One line for humans, e.g. {@code covariate-shift: bmi +0.5σ after 1000 events}. */
  public String describe() {
    String after = driftAfter == 0 ? "from the first event" : "after " + driftAfter + " events";
    return switch (kind) {
      case NONE -> "none: patients as in the data set";
      case COVARIATE_SHIFT -> String.format(Locale.ROOT, "%s: %s %+.2fσ %s", kind, feature, shiftSigma, after);
      case GRADUAL_SHIFT ->
          String.format(
              Locale.ROOT, "%s: %s %+.2fσ ramping over %d events %s", kind, feature, shiftSigma, ramp, after);
      case STUCK_SENSOR -> String.format(Locale.ROOT, "%s: %s frozen %s", kind, feature, after);
      case UNIT_ERROR -> {
        UnitConversion c = UnitConversion.forFeature(feature).orElseThrow();
        yield String.format(Locale.ROOT, "%s: %s in %s instead of %s %s", kind, feature, c.to(), c.from(), after);
      }
    };
  }

  private static String defaultFeature(ScenarioKind kind) {
    return kind == ScenarioKind.UNIT_ERROR ? DEFAULT_UNIT_ERROR_FEATURE : DEFAULT_FEATURE;
  }

  private static void refuse(boolean given, String option, ScenarioKind kind) {
    if (given) {
      throw new IllegalArgumentException(option + " does not apply to scenario " + kind);
    }
  }
}
