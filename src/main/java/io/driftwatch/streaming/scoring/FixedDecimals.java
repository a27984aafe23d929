package io.driftwatch.streaming.scoring;

/**
 * Formats doubles with at most {@link #DECIMALS} decimals as ASCII into a caller's {@code byte[]}, without allocating.
 *
 * <p>Why: shortest round-trip formatting (Java's or Jackson's Schubfach) builds a {@code String} per number and was the
 * largest single cost of writing a prediction (12 numbers per event). A prediction of disease progression needs no
 * more than a millionth: the model's own error is about 55.
 */
public final class FixedDecimals {

  static final int DECIMALS = 6;
  /** Longer than any output: the fast path writes at most 17 chars, Double.toString at most 24. */
  static final int MAX_LENGTH = 32;

  private static final double SCALE = 1e6;
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  // Beyond this the scaled value no longer fits exactly in a long's safe range; such numbers take the slow path.
  private static final double FAST_LIMIT = 9e8;

  private FixedDecimals() {}

  /**
   * Writes {@code value} rounded half-up to 6 decimals, trailing zeros dropped but one decimal kept ({@code 150.5},
   * {@code 2.0}, {@code -0.000123}); {@code -0.0} and values that round to zero are written {@code 0.0}. Returns
   * the number of bytes written from {@code out[offset]}; {@code out} must have {@link #MAX_LENGTH} bytes there, which
   * may be written beyond the returned length (the caller's next bytes overwrite them).
   */
  static int format(double value, byte[] out, int offset) {
    if (!(Math.abs(value) < FAST_LIMIT)) {
      return slowPath(value, out, offset);
    }
    long scaled = Math.round(Math.abs(value) * SCALE);
    if (scaled == 0) {
      out[offset] = '0';
      out[offset + 1] = '.';
      out[offset + 2] = '0';
      return 3;
    }
    int pos = offset;
    if (value < 0) {
      out[pos++] = '-';
    }
    int integer = (int) (scaled / 1_000_000L); // below 9e8: int arithmetic from here on
    int fraction = (int) (scaled - integer * 1_000_000L);
    pos = writeInt(integer, out, pos);
    out[pos++] = '.';
    if (fraction == 0) {
      out[pos++] = '0';
      return pos - offset;
    }
    // Six digits, two at a time, then the trailing zeros dropped (there is a non-zero one).
    int high = fraction / 10_000;
    int rest = fraction - high * 10_000;
    int middle = rest / 100;
    writePair(high, out, pos);
    writePair(middle, out, pos + 2);
    writePair(rest - middle * 100, out, pos + 4);
    int end = pos + DECIMALS;
    while (out[end - 1] == '0') {
      end--;
    }
    return end - offset;
  }

  /** Writes {@code value} (non-negative) from {@code out[pos]}, two digits at a time; returns the end. */
  private static int writeInt(int value, byte[] out, int pos) {
    int end = pos + digitCount(value);
    int i = end;
    while (value >= 100) {
      int quotient = value / 100;
      i -= 2;
      writePair(value - quotient * 100, out, i);
      value = quotient;
    }
    if (value >= 10) {
      writePair(value, out, i - 2);
    } else {
      out[i - 1] = (byte) ('0' + value);
    }
    return end;
  }

  private static int digitCount(int value) {
    int count = 1;
    for (int bound = 10; count < 10 && value >= bound; bound *= 10) {
      count++;
    }
    return count;
  }

  private static void writePair(int twoDigits, byte[] out, int pos) {
    out[pos] = DIGIT_PAIRS[2 * twoDigits];
    out[pos + 1] = DIGIT_PAIRS[2 * twoDigits + 1];
  }

  // Huge, NaN or infinite values never come out of a validated event; kept exact and correct rather than fast.
  private static int slowPath(double value, byte[] out, int offset) {
    String text = Double.isFinite(value) ? Double.toString(value) : "0.0";
    for (int i = 0; i < text.length(); i++) {
      out[offset + i] = (byte) text.charAt(i);
    }
    return text.length();
  }
}
