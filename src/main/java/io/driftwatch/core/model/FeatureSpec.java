package io.driftwatch.core.model;

/**
 * One model input as events carry it: raw clinical units, with the range of values the service accepts.
 *
 * @param name the JSON field name in events, e.g. {@code bmi}
 * @param unit human-readable unit, e.g. {@code kg/m2}
 * @param min smallest accepted value (inclusive); below it an event is rejected as {@code out_of_range}
 * @param max largest accepted value (inclusive)
 * @param kind continuous or categorical
 */
public record FeatureSpec(String name, String unit, double min, double max, FeatureKind kind) {

  public boolean accepts(double value) {
    return value >= min && value <= max;
  }
}
