package io.driftwatch.core.event;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants to and from epoch milliseconds without allocating on the common path.
 *
 * <p>Parsing takes the canonical RFC 3339 shape ({@code 2026-11-24T10:00:00[.fff]Z} or with an offset {@code +01:00})
 * directly from Jackson's character buffer; any other shape falls back to
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which decides. Formatting gives exactly what {@link java.time.Instant#toString()} gives for millisecond instants.
 */
public final class IsoInstants {

  /** Returned when the text is not an instant in [1970, 9999] (valid results are never negative). */
  public static final long INVALID = -1;

  /** 9999-12-31T23:59:59.999Z, the last instant with a four-digit year. */
  public static final long MAX_MILLIS = 253_402_300_799_999L;

  /** Enough for {@code 9999-12-31T23:59:59.999Z}. */
  public static final int MAX_FORMATTED_LENGTH = 24;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private IsoInstants() {}

  /** Epoch milliseconds of {@code text[offset, offset + length)}, or {@link #INVALID}; sub-milliseconds truncate. */
  public static long parse(char[] text, int offset, int length) {
    long fast = parseCanonical(text, offset, length);
    if (fast != INVALID) {
      return fast;
    }
    try {
      long millis =
          OffsetDateTime.parse(new String(text, offset, length), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return millis >= 0 && millis <= MAX_MILLIS ? millis : INVALID;
    } catch (DateTimeParseException | ArithmeticException e) {
      return INVALID;
    }
  }

  public static long parse(CharSequence text) {
    char[] chars = text.toString().toCharArray();
    return parse(chars, 0, chars.length);
  }

  /**
   * Writes {@code millis} (in [0, {@link #MAX_MILLIS}]) as an ISO-8601 UTC instant into {@code out} from index 0 and
   * returns the length written.
   */
  public static int format(long millis, char[] out) {
    if (millis < 0 || millis > MAX_MILLIS) {
      throw new IllegalArgumentException("instant out of range: " + millis);
    }
    long days = millis / MILLIS_PER_DAY;
    int millisOfDay = (int) (millis % MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
    long z = days + 719_468;
    long era = z / 146_097;
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, millisOfDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, millisOfDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, millisOfDay / 1000 % 60, 2);
    int milliOfSecond = millisOfDay % 1000;
    int end = 19;
    if (milliOfSecond != 0) {
      out[19] = '.';
      digits(out, 20, milliOfSecond, 3);
      end = 23;
    }
    out[end] = 'Z';
    return end + 1;
  }

  public static String format(long millis) {
    char[] out = new char[MAX_FORMATTED_LENGTH];
    return new String(out, 0, format(millis, out));
  }

  /** {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)}, fully validated, or {@link #INVALID}. */
  private static long parseCanonical(char[] s, int o, int length) {
    if (length < 20
        || s[o + 4] != '-' || s[o + 7] != '-' || s[o + 10] != 'T' || s[o + 13] != ':' || s[o + 16] != ':') {
      return INVALID;
    }
    int year = number(s, o, 4);
    int month = number(s, o + 5, 2);
    int day = number(s, o + 8, 2);
    int hour = number(s, o + 11, 2);
    int minute = number(s, o + 14, 2);
    int second = number(s, o + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    int i = o + 19;
    int end = o + length;
    int millis = 0;
    if (s[i] == '.') {
      int digits = 0;
      i++;
      while (i < end && s[i] >= '0' && s[i] <= '9') {
        if (digits < 3) {
          millis = millis * 10 + (s[i] - '0');
        }
        digits++;
        i++;
      }
      if (digits == 0 || digits > 9) {
        return INVALID;
      }
      for (int d = digits; d < 3; d++) {
        millis *= 10;
      }
    }
    int offsetMinutes;
    if (i == end - 1 && s[i] == 'Z') {
      offsetMinutes = 0;
    } else if (i == end - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
      int offsetHours = number(s, i + 1, 2);
      int offsetMins = number(s, i + 4, 2);
      if (offsetHours < 0 || offsetHours > 18 || offsetMins < 0 || offsetMins > 59) {
        return INVALID;
      }
      offsetMinutes = (s[i] == '+' ? 1 : -1) * (offsetHours * 60 + offsetMins);
    } else {
      return INVALID;
    }
    long epochDay = daysFromCivil(year, month, day);
    long result =
        epochDay * MILLIS_PER_DAY
            + ((hour * 60L + minute - offsetMinutes) * 60 + second) * 1000
            + millis;
    return result >= 0 && result <= MAX_MILLIS ? result : INVALID;
  }

  private static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** The non-negative decimal in {@code s[offset, offset + count)}, or -1 if any character is not a digit. */
  private static int number(char[] s, int offset, int count) {
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void digits(char[] out, int offset, int value, int count) {
    for (int i = offset + count - 1; i >= offset; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
