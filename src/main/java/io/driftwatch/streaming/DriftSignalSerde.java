package io.driftwatch.streaming;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link DriftSignal} on the internal {@code drift-partials} topic: a format version byte, a kind
 * byte ({@code P}, {@code H}, {@code M}), the partition, then the signal's fields (big-endian; byte arrays and strings
 * length-prefixed).
 */
final class DriftSignalSerde implements Serde<DriftSignal> {

  static final byte FORMAT_VERSION = 1;

  @Override
  public Serializer<DriftSignal> serializer() {
    return (topic, signal) -> signal == null ? null : write(signal);
  }

  @Override
  public Deserializer<DriftSignal> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(DriftSignal signal) {
    if (signal instanceof DriftSignal.Partial p) {
      return ByteBuffer.allocate(2 + 4 + 8 + 4 + p.summary().length)
          .put(FORMAT_VERSION).put((byte) 'P').putInt(p.partition())
          .putLong(p.windowStart()).putInt(p.summary().length).put(p.summary())
          .array();
    }
    if (signal instanceof DriftSignal.Heartbeat h) {
      return ByteBuffer.allocate(2 + 4 + 8 + 1 + 8)
          .put(FORMAT_VERSION).put((byte) 'H').putInt(h.partition())
          .putLong(h.streamTime()).put((byte) (h.idle() ? 1 : 0)).putLong(h.lateRecords())
          .array();
    }
    DriftSignal.ModelAnnouncement m = (DriftSignal.ModelAnnouncement) signal;
    byte[] version = m.modelVersion().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + 4 + 4 + version.length + 4 + m.artifactJson().length)
        .put(FORMAT_VERSION).put((byte) 'M').putInt(m.partition())
        .putInt(version.length).put(version).putInt(m.artifactJson().length).put(m.artifactJson())
        .array();
  }

  static DriftSignal read(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != FORMAT_VERSION) {
        throw new SerializationException("drift signal format " + version + " is not supported (this reader knows "
            + FORMAT_VERSION + ")");
      }
      byte kind = in.get();
      int partition = in.getInt();
      DriftSignal signal = switch (kind) {
        case 'P' -> new DriftSignal.Partial(partition, in.getLong(), bytes(in));
        case 'H' -> new DriftSignal.Heartbeat(partition, in.getLong(), in.get() != 0, in.getLong());
        case 'M' -> new DriftSignal.ModelAnnouncement(
            partition, new String(bytes(in), StandardCharsets.UTF_8), bytes(in));
        default -> throw new SerializationException("unknown drift signal kind " + kind);
      };
      if (in.hasRemaining()) {
        throw new SerializationException("drift signal has " + in.remaining() + " trailing bytes");
      }
      return signal;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw new SerializationException("truncated drift signal", e);
    }
  }

  private static byte[] bytes(ByteBuffer in) {
    byte[] b = new byte[in.getInt()];
    in.get(b);
    return b;
  }
}
