package io.driftwatch.core.event;

import io.driftwatch.core.model.FeatureSpec;

/**
 * The one wording of the rejections a feature's value can earn ({@code non_finite}, {@code out_of_range},
 * {@code unknown_category}), wherever the value comes from: the stream's events ({@link PatientEventParser}), a CSV
 * file ({@code predict --csv}, {@code train --data}) or labelled records ({@code retrain}). A user who meets
 * {@code field 'bmi' is 900, outside the accepted range [10, 80] kg/m2} in a dead-letter header meets the same words
 * from {@code predict}. Messages quote the value as written (cut to 40 characters), so they may carry input: keep
 * them next to the input, never in a log line.
 */
public final class FeatureValueCheck {

  private static final int MAX_QUOTED_CHARS = 40;

  private FeatureValueCheck() {}

  /**
   * Checks a finite value against its spec: range first, then (for a categorical feature) its codes.
   *
   * @param text the value as written, e.g. {@code 1.5e0}, quoted in the message
   * @return {@code null} when the value is accepted, else an {@code out_of_range} or {@code unknown_category} rejection
   */
  public static Rejection check(FeatureSpec spec, double value, String text) {
    if (!spec.inRange(value)) {
      return new Rejection(RejectReason.OUT_OF_RANGE, "field '" + spec.name() + "' is " + quote(text)
          + ", outside the accepted range [" + FeatureSpec.plain(spec.min()) + ", " + FeatureSpec.plain(spec.max())
          + "]" + unit(spec));
    }
    if (!spec.accepts(value)) { // in range, so a categorical value that is none of the codes
      return new Rejection(RejectReason.UNKNOWN_CATEGORY, "field '" + spec.name() + "' is " + quote(text)
          + ", not one of its categories " + spec.categoriesText() + unit(spec));
    }
    return null;
  }

  /**
   * A value that is no finite number: {@code NaN} or an infinity written as such ({@code overflow} false), or a
   * number whose magnitude no double holds, such as {@code 1e999} ({@code overflow} true).
   */
  public static Rejection nonFinite(String field, String text, boolean overflow) {
    return new Rejection(RejectReason.NON_FINITE, "field '" + field + "' is " + quote(text)
        + (overflow ? ", too large for a double" : ", not a finite number"));
  }

  /** The value as a message quotes it: at most 40 characters, then {@code ...}. */
  static String quote(String text) {
    return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  private static String unit(FeatureSpec spec) {
    return spec.unit().isEmpty() ? "" : " " + spec.unit();
  }
}
