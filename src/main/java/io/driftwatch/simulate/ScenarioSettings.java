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
 * @param effect concept-shift only: the factor on the feature's coefficient in the world's relation (1 otherwise)
 * @param noiseFactor noise-increase only: the factor on the residual noise (1 otherwise)
 */
public record ScenarioSettings(
    ScenarioKind kind, String feature, double shiftSigma, long ramp, long driftAfter, double effect,
    double noiseFactor) {

  public static final String DEFAULT_FEATURE = "bmi";
  public static final String DEFAULT_UNIT_ERROR_FEATURE = "bp";
  public static final double DEFAULT_SHIFT = 0.5;
  public static final long DEFAULT_RAMP = 1000;
  public static final double DEFAULT_EFFECT = 2.0;
  public static final double DEFAULT_NOISE_FACTOR = 1.5;
  /** correlation-break's default pair: total and LDL cholesterol, correlated 0.9 in the data. */
  public static final String DEFAULT_PAIR = "s1,s2";

  public static final ScenarioSettings NONE = new ScenarioSettings(ScenarioKind.NONE, null, 0, 1, 0, 1, 1);

  /** As {@link #of(ScenarioKind, String, Double, Long, Long, Double, Double, ClinicalSample)}, without the concept options. */
  public static ScenarioSettings of(
      ScenarioKind kind, String feature, Double shift, Long ramp, Long driftAfter, ClinicalSample sample) {
    return of(kind, feature, shift, ramp, driftAfter, null, null, sample);
  }

  /**
   * Validates the options given on the command line; {@code null} means "not given".
   *
   * @throws IllegalArgumentException naming the offending option and the accepted values
   */
  public static ScenarioSettings of(ScenarioKind kind, String feature, Double shift, Long ramp, Long driftAfter,
      Double effect, Double noiseFactor, ClinicalSample sample) {
    refuse(effect != null && kind != ScenarioKind.CONCEPT_SHIFT, "--effect", kind);
    refuse(noiseFactor != null && kind != ScenarioKind.NOISE_INCREASE, "--factor", kind);
    if (kind == ScenarioKind.NOISE_INCREASE) {
      refuse(feature != null, "--feature", kind);
    }
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
    long after = driftAfter != null ? driftAfter : 0;
    if (after < 0) {
      throw new IllegalArgumentException("--drift-after must be 0 or more events, got " + driftAfter);
    }
    if (kind == ScenarioKind.NOISE_INCREASE) {
      double factor = noiseFactor != null ? noiseFactor : DEFAULT_NOISE_FACTOR;
      if (!(factor >= 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("--factor must be a finite number >= 0, got " + noiseFactor);
      }
      return new ScenarioSettings(kind, null, 0, 1, after, 1, factor);
    }

    if (kind == ScenarioKind.CORRELATION_BREAK) {
      return new ScenarioSettings(kind, pair(feature, sample), 0, 1, after, 1, 1);
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
    double effectFactor = 1;
    if (kind == ScenarioKind.CONCEPT_SHIFT) {
      effectFactor = effect != null ? effect : DEFAULT_EFFECT;
      if (!Double.isFinite(effectFactor)) {
        throw new IllegalArgumentException("--effect must be a finite factor, got " + effect);
      }
    }
    return new ScenarioSettings(kind, name, shifts ? shiftSigma : 0, rampEvents, after, effectFactor, 1);
  }

  /** The scenario for this stream; stateful (a stuck sensor remembers its value), so one per simulator. */
  public Scenario create(ClinicalSample sample) {
    if (kind == ScenarioKind.NONE) {
      return Scenario.NONE;
    }
    if (kind == ScenarioKind.CORRELATION_BREAK) {
      String[] names = feature.split(",");
      return new CorrelationBreak(sample, sample.feature(names[0]).orElseThrow(),
          sample.feature(names[1]).orElseThrow(), driftAfter);
    }
    FeatureColumn column =
        sample.feature(feature).orElseThrow(() -> new IllegalArgumentException("unknown feature " + feature));
    return switch (kind) {
      case NONE -> Scenario.NONE;
      case COVARIATE_SHIFT, GRADUAL_SHIFT -> new CovariateShift(column, shiftSigma, driftAfter, ramp);
      case STUCK_SENSOR -> new StuckSensor(column, driftAfter);
      case UNIT_ERROR -> new UnitError(column, UnitConversion.forFeature(feature).orElseThrow(), driftAfter);
      case CONCEPT_SHIFT, NOISE_INCREASE -> Scenario.NONE; // the inputs stay; the relation changes (relation())
      case CORRELATION_BREAK -> throw new IllegalStateException("handled above");
    };
  }

  /**
   * How this scenario changes the world's input-to-outcome relation for a model: only {@code concept-shift} and
   * {@code noise-increase} do; feature scenarios keep it (a covariate shift is not a concept shift).
   *
   * @throws IllegalArgumentException if the concept-shift feature is not one of the model's
   */
  public GroundTruth.Relation relation(io.driftwatch.core.model.ModelArtifact model) {
    long after = driftAfter;
    if (kind == ScenarioKind.CONCEPT_SHIFT) {
      int target = GroundTruth.modelIndex(model, feature);
      if (target < 0) {
        throw new IllegalArgumentException("--feature: " + feature + " is not a feature of model " + model.modelName());
      }
      double factor = effect;
      return new GroundTruth.Relation() {
        @Override
        public double effectFactor(long index, int modelFeature) {
          return modelFeature == target && index >= after ? factor : 1;
        }

        @Override
        public double noiseFactor(long index) {
          return 1;
        }
      };
    }
    if (kind == ScenarioKind.NOISE_INCREASE) {
      double factor = noiseFactor;
      return new GroundTruth.Relation() {
        @Override
        public double effectFactor(long index, int modelFeature) {
          return 1;
        }

        @Override
        public double noiseFactor(long index) {
          return index >= after ? factor : 1;
        }
      };
    }
    return GroundTruth.Relation.UNCHANGED;
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
      case CONCEPT_SHIFT ->
          String.format(Locale.ROOT, "%s: the effect of %s on the outcome x%s %s", kind, feature, plain(effect), after);
      case NOISE_INCREASE ->
          String.format(Locale.ROOT, "%s: outcome noise x%s %s", kind, plain(noiseFactor), after);
      case CORRELATION_BREAK -> {
        String[] names = feature.split(",");
        yield String.format(Locale.ROOT, "%s: %s read from another patient, no longer going with %s, %s", kind,
            names[1], names[0], after);
      }
    };
  }

  private static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%.1f", value)
        : Double.toString(value);
  }

  /** correlation-break's {@code --features A,B}: two different continuous features, as {@code "a,b"}. */
  private static String pair(String features, ClinicalSample sample) {
    String text = features != null ? features.trim().toLowerCase(Locale.ROOT) : DEFAULT_PAIR;
    String[] names = text.split("\\s*,\\s*");
    if (names.length != 2 || names[0].equals(names[1])) {
      throw new IllegalArgumentException("--features: correlation-break takes two different features, e.g. s1,s2;"
          + " got '" + features + "'");
    }
    for (String name : names) {
      FeatureColumn column = sample.feature(name).orElseThrow(() -> new IllegalArgumentException(
          "--features: unknown feature '" + name + "'; accepted: " + String.join(", ", sample.featureNames())));
      if (column.categorical()) {
        throw new IllegalArgumentException("--features: " + name + " is categorical; choose continuous features");
      }
    }
    return names[0] + "," + names[1];
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
