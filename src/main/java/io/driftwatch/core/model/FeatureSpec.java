package io.driftwatch.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One model input as events carry it: raw clinical units, with the values the service accepts.
 *
 * @param name the JSON field name in events, e.g. {@code bmi}
 * @param unit human-readable unit, e.g. {@code kg/m2}
 * @param min smallest accepted value (inclusive); below it an event is rejected as {@code out_of_range}
 * @param max largest accepted value (inclusive)
 * @param kind continuous or categorical
 * @param categories the accepted codes of a categorical feature, strictly ascending, inside [min, max] (e.g. {@code
 *     [1, 2]} for {@code sex}): a value in range but equal to none of them is rejected as {@code unknown_category}.
 *     Empty for a continuous feature. Not copied: do not modify.
 */
public record FeatureSpec(String name, String unit, double min, double max, FeatureKind kind, double[] categories) {

  private static final double[] NONE = {};

  /** A continuous feature accepting every value in [min, max]. */
  public static FeatureSpec continuous(String name, String unit, double min, double max) {
    return new FeatureSpec(name, unit, min, max, FeatureKind.CONTINUOUS, NONE);
  }

  /** A categorical feature accepting exactly {@code codes} (ascending), its range spanning them. */
  public static FeatureSpec categorical(String name, String unit, double... codes) {
    return new FeatureSpec(name, unit, codes[0], codes[codes.length - 1], FeatureKind.CATEGORICAL, codes.clone());
  }

  /** Whether events may carry {@code value}: inside [min, max] and, for a categorical feature, one of its codes. */
  public boolean accepts(double value) {
    return inRange(value) && (kind != FeatureKind.CATEGORICAL || isCategory(value));
  }

  /** Whether {@code value} lies in [min, max]; false for NaN. */
  public boolean inRange(double value) {
    return value >= min && value <= max;
  }

  /**
   * Whether {@code value} equals one of the codes exactly, as a number: {@code 1}, {@code 1.0} and {@code 1e0} are
   * code 1, {@code 1.5} and {@code 1.0000001} are none. A binary search: nothing allocated, no boxing.
   */
  public boolean isCategory(double value) {
    int lo = 0;
    int hi = categories.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      double code = categories[mid];
      if (code < value) {
        lo = mid + 1;
      } else if (code > value) {
        hi = mid - 1;
      } else {
        return code == value; // false only for NaN
      }
    }
    return false;
  }

  /** The codes as messages show them, whole numbers without decimals: {@code [1, 2]}, {@code [0.5, 1]}. */
  public String categoriesText() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < categories.length; i++) {
      text.append(i > 0 ? ", " : "").append(plain(categories[i]));
    }
    return text.append(']').toString();
  }

  /** A number as messages show it: whole numbers without decimals ({@code 2}), others in full ({@code 1.0000001}). */
  public static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  // A record compares arrays by reference; two specs with the same codes are the same spec.
  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSpec other
        && Objects.equals(name, other.name) && Objects.equals(unit, other.unit)
        && Double.compare(min, other.min) == 0 && Double.compare(max, other.max) == 0
        && kind == other.kind && Arrays.equals(categories, other.categories);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, unit, min, max, kind) * 31 + Arrays.hashCode(categories);
  }

  @Override
  public String toString() {
    return "FeatureSpec[name=" + name + ", unit=" + unit + ", min=" + min + ", max=" + max + ", kind=" + kind
        + ", categories=" + Arrays.toString(categories) + "]";
  }
}
