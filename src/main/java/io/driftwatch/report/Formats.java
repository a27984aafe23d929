package io.driftwatch.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How numbers read on the page: fixed decimals for statistics, two significant figures for p-values. */
final class Formats {

  /** Shown where a number is undefined (null in the report). */
  static final String NONE = "—";
  /** Groups thousands without letting the line break inside a number. */
  private static final char GROUP = '\u00a0';

  private Formats() {}

  /** {@code x} with {@code decimals} decimals ("0.362"); {@link #NONE} for null. */
  static String fixed(Double x, int decimals) {
    if (x == null) {
      return NONE;
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", x);
    return isNegativeZero(s) ? s.substring(1) : s;
  }

  /** Like {@link #fixed} with a sign: "+11.8", "-0.1", "0.0". */
  static String signed(Double x, int decimals) {
    String s = fixed(x, decimals);
    return x == null || s.startsWith("-") || isZero(s) ? s : "+" + s;
  }

  /**
   * A p-value or a significance level with two significant figures: "0.87", "0.0023", "1", and below 0.001 in
   * scientific form, "2.1e-8", "1e-12"; "0" for an underflow.
   */
  static String pValue(Double p) {
    if (p == null) {
      return NONE;
    }
    if (p == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(p).round(new MathContext(2, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    if (Math.abs(p) >= 0.001) {
      return rounded.toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointRight(-exponent).stripTrailingZeros();
    return mantissa.toPlainString() + "e" + exponent;
  }

  /** {@code x} to {@code figures} significant figures, without exponent: "28.5", "4.38", "163", "0.0125". */
  static String significant(Double x, int figures) {
    if (x == null) {
      return NONE;
    }
    if (x == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(x).round(new MathContext(figures, RoundingMode.HALF_EVEN));
    if (rounded.scale() < 0) {
      rounded = rounded.setScale(0, RoundingMode.UNNECESSARY);
    }
    return rounded.toPlainString();
  }

  /** A configured threshold as written in the configuration: 0.1 reads "0.1", 200 reads "200". */
  static String threshold(Double x) {
    if (x == null) {
      return NONE;
    }
    return new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
  }

  /** A count with grouped thousands: "1 000" (a no-break space). */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', GROUP);
  }

  /** A share as a percentage with one decimal: "2.3 %", and "< 0.1 %" for a small share that is not zero. */
  static String percent(Double share) {
    if (share == null) {
      return NONE;
    }
    if (share > 0 && share < 0.0005) {
      return "<\u00a00.1\u00a0%";
    }
    return fixed(share * 100, 1) + "\u00a0%";
  }

  private static boolean isNegativeZero(String s) {
    return s.startsWith("-") && isZero(s.substring(1));
  }

  private static boolean isZero(String s) {
    return s.chars().allMatch(c -> c == '0' || c == '.' || c == '-');
  }
}
