package io.driftwatch.simulate;

import java.util.List;
import java.util.Optional;

/**
 * A plausible wrong unit for a feature, as when an upstream system starts sending SI units: values become {@code
 * factor ×} the data set's value, recorded with {@code decimals} places.
 */
public record UnitConversion(String feature, String from, String to, double factor, int decimals) {

  /** The conversions the simulator knows; features absent here (bmi, sex, s4, s5) have no common wrong unit. */
  public static final List<UnitConversion> KNOWN =
      List.of(
          new UnitConversion("age", "years", "months", 12, 0),
          new UnitConversion("bp", "mmHg", "kPa", 0.133322, 1),
          // Cholesterol: 1 mmol/L = 38.67 mg/dL.
          new UnitConversion("s1", "mg/dL", "mmol/L", 1 / 38.67, 2),
          new UnitConversion("s2", "mg/dL", "mmol/L", 1 / 38.67, 2),
          new UnitConversion("s3", "mg/dL", "mmol/L", 1 / 38.67, 2),
          // Glucose: 1 mmol/L = 18.016 mg/dL.
          new UnitConversion("s6", "mg/dL", "mmol/L", 1 / 18.016, 1));

  public static Optional<UnitConversion> forFeature(String feature) {
    return KNOWN.stream().filter(c -> c.feature.equals(feature)).findFirst();
  }

  public static List<String> convertibleFeatures() {
    return KNOWN.stream().map(UnitConversion::feature).toList();
  }

  public double convert(double value) {
    return FeatureColumn.roundTo(value * factor, decimals);
  }
}
