package io.driftwatch.streaming.performance;

import io.driftwatch.streaming.scoring.RejectedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An outcome that came before its prediction, kept as it was read (key, value, timestamp, headers and where it was
 * read) so that it can be joined when the prediction arrives, or dead-lettered unchanged when it never does.
 *
 * @param arrivedAtMs this instance's wall clock when the outcome was read
 * @param source where it was read
 * @param record the outcome record
 */
record WaitingOutcome(long arrivedAtMs, RejectedEvent.Source source, Record<byte[], byte[]> record) {

  private static final byte FORMAT_VERSION = 1;

  static long arrivedAt(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 1, 8).getLong();
  }

  byte[] toBytes() {
    byte[] topic = source.topic().getBytes(StandardCharsets.UTF_8);
    Header[] headers = record.headers().toArray();
    int size = 1 + 8 + 4 + topic.length + 4 + 8 + 8 + array(record.key()) + array(record.value()) + 4;
    for (Header h : headers) {
      size += 4 + h.key().getBytes(StandardCharsets.UTF_8).length + array(h.value());
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT_VERSION).putLong(arrivedAtMs)
        .putInt(topic.length).put(topic).putInt(source.partition()).putLong(source.offset())
        .putLong(record.timestamp());
    put(out, record.key());
    put(out, record.value());
    out.putInt(headers.length);
    for (Header h : headers) {
      byte[] name = h.key().getBytes(StandardCharsets.UTF_8);
      out.putInt(name.length).put(name);
      put(out, h.value());
    }
    return out.array();
  }

  static WaitingOutcome fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() != FORMAT_VERSION) {
      throw new IllegalArgumentException("waiting outcome format " + bytes[0] + " is not supported");
    }
    long arrived = in.getLong();
    byte[] topic = new byte[in.getInt()];
    in.get(topic);
    RejectedEvent.Source source =
        new RejectedEvent.Source(new String(topic, StandardCharsets.UTF_8), in.getInt(), in.getLong());
    long timestamp = in.getLong();
    byte[] key = get(in);
    byte[] value = get(in);
    RecordHeaders headers = new RecordHeaders();
    int count = in.getInt();
    for (int i = 0; i < count; i++) {
      byte[] name = new byte[in.getInt()];
      in.get(name);
      headers.add(new String(name, StandardCharsets.UTF_8), get(in));
    }
    return new WaitingOutcome(arrived, source, new Record<>(key, value, timestamp, headers));
  }

  private static int array(byte[] b) {
    return 4 + (b == null ? 0 : b.length);
  }

  private static void put(ByteBuffer out, byte[] b) {
    if (b == null) {
      out.putInt(-1);
    } else {
      out.putInt(b.length).put(b);
    }
  }

  private static byte[] get(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }
}
