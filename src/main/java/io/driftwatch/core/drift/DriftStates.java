package io.driftwatch.core.drift;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link DriftState} of the dataset, the prediction and every feature of one model version, carried from window to
 * window. Immutable; {@link #after} gives the states after one more report. The stream keeps one per model version in
 * a changelogged store (a new version starts from {@link #NONE}); a batch judged alone starts from {@link #NONE} too.
 *
 * @param dataset the state of {@code dataset_drift}
 * @param prediction the state of the prediction's {@code drift}
 * @param features by feature name; a feature not in the map was never flagged
 */
public record DriftStates(DriftState dataset, DriftState prediction, Map<String, DriftState> features) {

  /** Nothing ever flagged. */
  public static final DriftStates NONE = new DriftStates(DriftState.NEVER, DriftState.NEVER, Map.of());

  /** Version of {@link #toBytes}' layout. */
  static final byte FORMAT_VERSION = 1;
  private static final byte[] MAGIC = {'D', 'S', 'T'};
  private static final long NO_TIME = Long.MIN_VALUE;

  public DriftStates {
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  public DriftState feature(String name) {
    return features.getOrDefault(name, DriftState.NEVER);
  }

  /**
   * The states after a window judged as {@code window} flags (windows of one model version, reported in time order);
   * features that are not in the window are dropped.
   */
  DriftStates after(Instant windowStart, Instant windowEnd, boolean belowMinSamples, boolean datasetDrift,
      List<DistributionDrift> featureDrifts, DistributionDrift predictionDrift) {
    boolean decided = !belowMinSamples;
    Map<String, DriftState> next = new LinkedHashMap<>();
    for (DistributionDrift f : featureDrifts) {
      next.put(f.name(), feature(f.name()).next(decided, f.drift(), windowStart, windowEnd));
    }
    return new DriftStates(dataset.next(decided, datasetDrift, windowStart, windowEnd),
        prediction.next(decided, predictionDrift.drift(), windowStart, windowEnd), next);
  }

  // --- binary form, for a changelogged store -------------------------------------------------------------------------

  /**
   * {@code "DST"}, format version, the dataset's and the prediction's state, the number of features, then per feature
   * its name (length-prefixed UTF-8) and state; a state is a flag byte and three epoch-millisecond times
   * ({@code Long.MIN_VALUE} for none).
   */
  public byte[] toBytes() {
    List<byte[]> names = new ArrayList<>();
    int size = MAGIC.length + 1 + 2 * 25 + 4;
    for (String name : features.keySet()) {
      byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
      names.add(utf8);
      size += 4 + utf8.length + 25;
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(MAGIC).put(FORMAT_VERSION);
    write(out, dataset);
    write(out, prediction);
    out.putInt(names.size());
    int i = 0;
    for (DriftState state : features.values()) {
      byte[] name = names.get(i++);
      out.putInt(name.length).put(name);
      write(out, state);
    }
    return out.array();
  }

  /** Reads {@link #toBytes} back. @throws IllegalArgumentException if the bytes are not such states */
  public static DriftStates fromBytes(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not drift states");
      }
      byte version = in.get();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("drift states format " + version + " is not supported (this reader knows "
            + FORMAT_VERSION + ")");
      }
      DriftState dataset = read(in);
      DriftState prediction = read(in);
      int count = in.getInt();
      Map<String, DriftState> features = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        byte[] name = new byte[in.getInt()];
        in.get(name);
        features.put(new String(name, StandardCharsets.UTF_8), read(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("drift states have " + in.remaining() + " trailing bytes");
      }
      return new DriftStates(dataset, prediction, features);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated drift states", e);
    }
  }

  private static void write(ByteBuffer out, DriftState s) {
    out.put((byte) (s.drifting() ? 1 : 0)).putLong(millis(s.since())).putLong(millis(s.ended()))
        .putLong(millis(s.lastFlaggedEnd()));
  }

  private static DriftState read(ByteBuffer in) {
    return new DriftState(in.get() != 0, instant(in.getLong()), instant(in.getLong()), instant(in.getLong()));
  }

  private static long millis(Instant t) {
    return t == null ? NO_TIME : t.toEpochMilli();
  }

  private static Instant instant(long millis) {
    return millis == NO_TIME ? null : Instant.ofEpochMilli(millis);
  }
}
