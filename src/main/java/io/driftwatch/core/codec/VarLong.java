package io.driftwatch.core.codec;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Non-negative longs as little-endian base-128 varints (7 bits a byte, high bit = more), the form the window summaries
 * use for counts: 1 byte below 128, at most 10.
 */
public final class VarLong {

  private VarLong() {}

  /** Writes {@code v} (read as unsigned) at the buffer's position. */
  public static void write(ByteBuffer out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }

  /**
   * Reads one varint that must hold a non-negative long.
   *
   * @param corrupt makes the exception for a negative value or a varint longer than 64 bits, from the reason
   * @throws java.nio.BufferUnderflowException if the buffer ends inside the varint
   */
  public static long read(ByteBuffer in, Function<String, ? extends RuntimeException> corrupt) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          throw corrupt.apply("negative count");
        }
        return v;
      }
    }
    throw corrupt.apply("varint longer than 64 bits");
  }
}
