package io.driftwatch.streaming.windows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link WindowSignal} on the internal {@code *-partials} topics: a format version byte, a kind
 * byte ({@code P}, {@code H}, {@code M}, {@code L}), the partition, then the signal's fields (big-endian; byte arrays,
 * strings and counter arrays length-prefixed). Format 2 added the partial's model version, heartbeat counters and
 * labels; format 1 is refused (the internal topic of an older version must be reset with the application).
 */
public final class WindowSignalSerde implements Serde<WindowSignal> {

  static final byte FORMAT_VERSION = 2;

  @Override
  public Serializer<WindowSignal> serializer() {
    return (topic, signal) -> signal == null ? null : write(signal);
  }

  @Override
  public Deserializer<WindowSignal> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(WindowSignal signal) {
    if (signal instanceof WindowSignal.Partial p) {
      byte[] version = utf8(p.modelVersion());
      return ByteBuffer.allocate(2 + 4 + 8 + 4 + version.length + 4 + p.summary().length)
          .put(FORMAT_VERSION).put((byte) 'P').putInt(p.partition())
          .putLong(p.windowStart()).putInt(version.length).put(version).putInt(p.summary().length).put(p.summary())
          .array();
    }
    if (signal instanceof WindowSignal.Heartbeat h) {
      ByteBuffer out = ByteBuffer.allocate(2 + 4 + 8 + 1 + 4 + 8 * h.counters().length)
          .put(FORMAT_VERSION).put((byte) 'H').putInt(h.partition())
          .putLong(h.streamTime()).put((byte) (h.idle() ? 1 : 0)).putInt(h.counters().length);
      for (long c : h.counters()) {
        out.putLong(c);
      }
      return out.array();
    }
    if (signal instanceof WindowSignal.Label l) {
      byte[] version = utf8(l.modelVersion());
      ByteBuffer out = ByteBuffer.allocate(2 + 4 + 4 + version.length + 8 + 4 + 8 * l.z().length + 8)
          .put(FORMAT_VERSION).put((byte) 'L').putInt(l.partition())
          .putInt(version.length).put(version).putLong(l.eventTime()).putInt(l.z().length);
      for (double z : l.z()) {
        out.putDouble(z);
      }
      return out.putDouble(l.residual()).array();
    }
    WindowSignal.ModelAnnouncement m = (WindowSignal.ModelAnnouncement) signal;
    byte[] version = utf8(m.modelVersion());
    return ByteBuffer.allocate(2 + 4 + 4 + version.length + 4 + m.artifactJson().length)
        .put(FORMAT_VERSION).put((byte) 'M').putInt(m.partition())
        .putInt(version.length).put(version).putInt(m.artifactJson().length).put(m.artifactJson())
        .array();
  }

  static WindowSignal read(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != FORMAT_VERSION) {
        throw new SerializationException("window signal format " + version + " is not supported (this reader knows "
            + FORMAT_VERSION + ")");
      }
      byte kind = in.get();
      int partition = in.getInt();
      WindowSignal signal = switch (kind) {
        case 'P' -> new WindowSignal.Partial(partition, in.getLong(), string(in), bytes(in));
        case 'H' -> new WindowSignal.Heartbeat(partition, in.getLong(), in.get() != 0, longs(in));
        case 'M' -> new WindowSignal.ModelAnnouncement(partition, string(in), bytes(in));
        case 'L' -> new WindowSignal.Label(partition, string(in), in.getLong(), doubles(in), in.getDouble());
        default -> throw new SerializationException("unknown window signal kind " + kind);
      };
      if (in.hasRemaining()) {
        throw new SerializationException("window signal has " + in.remaining() + " trailing bytes");
      }
      return signal;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw new SerializationException("truncated window signal", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(ByteBuffer in) {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer in) {
    byte[] b = new byte[in.getInt()];
    in.get(b);
    return b;
  }

  private static long[] longs(ByteBuffer in) {
    long[] a = new long[in.getInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.getLong();
    }
    return a;
  }

  private static double[] doubles(ByteBuffer in) {
    double[] a = new double[in.getInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.getDouble();
    }
    return a;
  }
}
