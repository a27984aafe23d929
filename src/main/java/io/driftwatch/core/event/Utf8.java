package io.driftwatch.core.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), which Jackson does not
 * fully do for strings it skips. NUL bytes are refused too: JSON text can never contain one, and they are the mark of
 * UTF-16/32 text that Jackson would otherwise auto-detect and accept.
 */
final class Utf8 {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;

  private Utf8() {}

  /** The offset of the first byte that is not part of well-formed, NUL-free UTF-8, or -1 if there is none. */
  static int firstMalformed(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      // Fast path: eight ASCII bytes, none of them NUL, at a time (the usual event is pure ASCII).
      if (i + 8 <= n) {
        long word = (long) LONGS.get(bytes, i);
        long nonAsciiOrNul = (word & HIGH_BITS) | ((word - LOW_BITS) & ~word & HIGH_BITS);
        if (nonAsciiOrNul == 0) {
          i += 8;
          continue;
        }
      }
      int b = bytes[i] & 0xFF;
      if (b != 0 && b < 0x80) {
        i++;
        continue;
      }
      int length = sequenceLength(bytes, i);
      if (length < 0) {
        return i;
      }
      i += length;
    }
    return -1;
  }

  /** Length of the well-formed multi-byte sequence starting at {@code i}, or -1. */
  private static int sequenceLength(byte[] bytes, int i) {
    int b0 = bytes[i] & 0xFF;
    int n = bytes.length;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      return i + 1 < n && isContinuation(bytes[i + 1]) ? 2 : -1;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      if (i + 2 >= n) {
        return -1;
      }
      int b1 = bytes[i + 1] & 0xFF;
      // E0 needs A0..BF (no overlongs); ED needs 80..9F (no surrogates).
      int low = b0 == 0xE0 ? 0xA0 : 0x80;
      int high = b0 == 0xED ? 0x9F : 0xBF;
      return b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) ? 3 : -1;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      if (i + 3 >= n) {
        return -1;
      }
      int b1 = bytes[i + 1] & 0xFF;
      // F0 needs 90..BF (no overlongs); F4 needs 80..8F (nothing above U+10FFFF).
      int low = b0 == 0xF0 ? 0x90 : 0x80;
      int high = b0 == 0xF4 ? 0x8F : 0xBF;
      return b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) && isContinuation(bytes[i + 3]) ? 4 : -1;
    }
    return -1; // NUL, a stray continuation byte, C0/C1 (overlong) or F5..FF
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /**
   * The index of the first char of {@code text} that is half of a surrogate pair without its other half (a high
   * surrogate not followed by a low one, or a low one not preceded by a high one), or -1 if there is none: such a
   * string has no UTF-8 encoding.
   */
  static int firstUnpairedSurrogate(CharSequence text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
