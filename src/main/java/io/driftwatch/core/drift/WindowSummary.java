package io.driftwatch.core.drift;

import io.driftwatch.core.codec.VarLong;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one window of scored events looked like, per feature and for the prediction: counts in the reference's frozen
 * bins, the summed distances of values to their bin's edge (for Wasserstein), count, sum and sum of squares, min and
 * max. Mutable, not thread-safe: one per window per stream task.
 *
 * <p>{@link #update} costs one binary search and a few additions per quantity and allocates nothing.
 * {@link #merge} adds another task's summary; it is exact, associative and commutative (counts and distances are
 * integers, moments are error-free double-double sums), so any partitioning of the same events gives the same merged
 * summary and the same report. {@link #toBytes} gives a compact, versioned binary form for a changelogged store.
 *
 * <p>When the layout has a multivariate part ({@link SummaryLayout#multivariate()}), the summary also keeps the window's
 * {@link MultivariateSummary}, updated with the bins found here (no second search). A summary whose joint moments miss
 * some of its events (read from format 1, or merged with a summary kept without them) says so:
 * {@link #jointComplete()} is false and the window is not tested jointly.
 */
public final class WindowSummary {

  private static final byte[] MAGIC = {'D', 'W', 'S'};
  /** Version of the binary layout; {@link #fromBytes} refuses other versions. */
  public static final byte FORMAT_VERSION = 2;
  /** The oldest format {@link #fromBytes} reads: 1 had no joint moments. */
  public static final byte OLDEST_FORMAT_VERSION = 1;

  private static final double MAX_UNITS = ReferenceBins.MAX_DISTANCE_SIGMA * ReferenceBins.UNITS_PER_SIGMA;

  private final SummaryLayout layout;
  private final int featureCount;
  private final double[] edges;
  private final int[] edgeOffset;
  private final int[] edgeCount;
  private final int[] binOffset;
  private final double[] anchor;
  private final double[] direction;
  private final double[] unitsPerValue;
  private final double[] center;

  private long events;
  private final long[] count;
  private final double[] min;
  private final double[] max;
  // Sums of (x - reference mean) and of its square, each as an unevaluated hi + lo pair.
  private final double[] sumHi;
  private final double[] sumLo;
  private final double[] squareHi;
  private final double[] squareLo;
  private final long[] binCount;
  private final long[] binDistance;
  /** Joint moments of the features, or null when the layout has no multivariate part. */
  private final MultivariateSummary joint;

  WindowSummary(SummaryLayout layout) {
    this.layout = layout;
    this.featureCount = layout.featureCount;
    this.edges = layout.edges;
    this.edgeOffset = layout.edgeOffset;
    this.edgeCount = layout.edgeCount;
    this.binOffset = layout.binOffset;
    this.anchor = layout.anchor;
    this.direction = layout.direction;
    this.unitsPerValue = layout.unitsPerValue;
    this.center = layout.center;
    int q = layout.quantityCount();
    count = new long[q];
    min = new double[q];
    max = new double[q];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    sumHi = new double[q];
    sumLo = new double[q];
    squareHi = new double[q];
    squareLo = new double[q];
    binCount = new long[layout.totalBins];
    binDistance = new long[layout.totalBins];
    joint = layout.multivariate() == null ? null : new MultivariateSummary(layout.multivariate());
  }

  /**
   * Adds one scored event: its features in raw units, in the artifact's feature order, and its prediction. Non-finite
   * values are not counted for their quantity (validated events have none).
   */
  public void update(double[] features, double prediction) {
    if (features.length != featureCount) {
      throw new IllegalArgumentException(
          "expected " + featureCount + " features " + layout.featureNames() + ", got " + features.length);
    }
    events++;
    if (joint == null) {
      for (int j = 0; j < featureCount; j++) {
        add(j, features[j]);
      }
    } else {
      // The joint moments take each value with the bin just found: no second search, one pass.
      for (int j = 0; j < featureCount; j++) {
        joint.give(j, features[j], add(j, features[j]));
      }
      joint.addGiven();
    }
    add(featureCount, prediction);
  }

  /** Adds {@code x} to quantity {@code q}; returns its bin (-1 when not finite, not counted). */
  private int add(int q, double x) {
    if (!Double.isFinite(x)) {
      return -1;
    }
    count[q]++;
    int bin = binOf(edges, edgeOffset[q], edgeCount[q], x);
    int slot = binOffset[q] + bin;
    binCount[slot]++;
    double units = direction[slot] * (x - anchor[slot]) * unitsPerValue[q];
    binDistance[slot] += (long) (Math.min(units, MAX_UNITS) + 0.5);

    double y = x - center[q];
    double s = sumHi[q] + y;
    double back = s - sumHi[q];
    sumLo[q] += (sumHi[q] - (s - back)) + (y - back);
    sumHi[q] = s;

    double p = y * y;
    double pErr = Math.fma(y, y, -p);
    double t = squareHi[q] + p;
    double tBack = t - squareHi[q];
    squareLo[q] += (squareHi[q] - (t - tBack)) + (p - tBack) + pErr;
    squareHi[q] = t;

    min[q] = Math.min(min[q], x);
    max[q] = Math.max(max[q], x);
    return bin;
  }

  /** Number of cut points {@code <= x} in {@code a[from, from + len)}, i.e. the bin of {@code x}; branch-free. */
  static int binOf(double[] a, int from, int len, double x) {
    int base = from;
    int n = len;
    while (n > 1) {
      int half = n >>> 1;
      base = a[base + half] <= x ? base + half : base;
      n -= half;
    }
    return base - from + (a[base] <= x ? 1 : 0);
  }

  /** Adds {@code other} (a summary of other events in the same window, with the same layout) into this one. */
  public WindowSummary merge(WindowSummary other) {
    requireSameLayout(other.layout.fingerprint(), other.layout.modelVersion());
    events += other.events;
    for (int q = 0; q < count.length; q++) {
      count[q] += other.count[q];
      min[q] = Math.min(min[q], other.min[q]);
      max[q] = Math.max(max[q], other.max[q]);
      double s = sumHi[q] + other.sumHi[q];
      double back = s - sumHi[q];
      sumLo[q] += ((sumHi[q] - (s - back)) + (other.sumHi[q] - back)) + other.sumLo[q];
      sumHi[q] = s;
      double t = squareHi[q] + other.squareHi[q];
      double tBack = t - squareHi[q];
      squareLo[q] += ((squareHi[q] - (t - tBack)) + (other.squareHi[q] - tBack)) + other.squareLo[q];
      squareHi[q] = t;
    }
    for (int b = 0; b < binCount.length; b++) {
      binCount[b] += other.binCount[b];
      binDistance[b] += other.binDistance[b];
    }
    if (joint != null && other.joint != null) {
      joint.merge(other.joint);
    }
    return this;
  }

  public WindowSummary copy() {
    return new WindowSummary(layout).merge(this);
  }

  /** Number of events added (the window's {@code count}). */
  public long count() {
    return events;
  }

  public boolean isEmpty() {
    return events == 0;
  }

  public SummaryLayout layout() {
    return layout;
  }

  public String modelVersion() {
    return layout.modelVersion();
  }

  /** The window's joint moments, or null when the layout has no multivariate part. */
  public MultivariateSummary joint() {
    return joint;
  }

  /** Whether the joint moments cover every event of the summary (false without joint moments). */
  public boolean jointComplete() {
    return joint != null && joint.count() + joint.incomplete() == events;
  }

  // --- read access for the detector --------------------------------------------------------------------------------

  long count(int q) {
    return count[q];
  }

  double min(int q) {
    return min[q];
  }

  double max(int q) {
    return max[q];
  }

  /** Mean of the finite values of quantity {@code q}. */
  double mean(int q) {
    return center[q] + (sumHi[q] + sumLo[q]) / count[q];
  }

  /** Population standard deviation of quantity {@code q}. */
  double std(int q) {
    double m1 = (sumHi[q] + sumLo[q]) / count[q];
    double m2 = (squareHi[q] + squareLo[q]) / count[q];
    return Math.sqrt(Math.max(0, m2 - m1 * m1));
  }

  long binCount(int q, int bin) {
    return binCount[binOffset[q] + bin];
  }

  /** Sum, in value units, of the distances of the bin's values to its anchor edge. */
  double binDistance(int q, int bin) {
    return binDistance[binOffset[q] + bin] / unitsPerValue[q];
  }

  // --- binary form -------------------------------------------------------------------------------------------------

  /**
   * The summary as bytes: {@code "DWS"}, format version, layout fingerprint, model version, then per quantity its
   * count, min, max and moment sums, and the non-empty bins as (index gap, count, distance) varints. Doubles are
   * written bit for bit, so {@code fromBytes(toBytes())} equals the original exactly.
   */
  public byte[] toBytes() {
    byte[] version = layout.modelVersion().getBytes(StandardCharsets.UTF_8);
    // Worst case: 10-byte varints and 6 doubles per quantity, 3 varints per bin, the joint moments' varints.
    Sink out = new Sink(16 + version.length + count.length * (10 + 48 + 10) + binCount.length * 30
        + 11 + (joint == null ? 0 : 10 * joint.serializedLongs()));
    out.bytes(MAGIC);
    out.bytes(new byte[] {FORMAT_VERSION});
    out.fixed(layout.fingerprint());
    out.varint(version.length);
    out.bytes(version);
    out.varint(count.length);
    out.varint(events);
    for (int q = 0; q < count.length; q++) {
      out.varint(count[q]);
      if (count[q] == 0) {
        continue;
      }
      out.fixed(Double.doubleToRawLongBits(min[q]));
      out.fixed(Double.doubleToRawLongBits(max[q]));
      out.fixed(Double.doubleToRawLongBits(sumHi[q]));
      out.fixed(Double.doubleToRawLongBits(sumLo[q]));
      out.fixed(Double.doubleToRawLongBits(squareHi[q]));
      out.fixed(Double.doubleToRawLongBits(squareLo[q]));
      int from = binOffset[q];
      int to = q + 1 < count.length ? binOffset[q + 1] : binCount.length;
      int nonEmpty = 0;
      for (int b = from; b < to; b++) {
        nonEmpty += binCount[b] > 0 ? 1 : 0;
      }
      out.varint(nonEmpty);
      int previous = from - 1;
      for (int b = from; b < to; b++) {
        if (binCount[b] > 0) {
          out.varint(b - previous - 1);
          out.varint(binCount[b]);
          out.varint(binDistance[b]);
          previous = b;
        }
      }
    }
    // Format 2: the joint moments, as a count of zigzag varints (0: none) and the varints.
    if (joint == null) {
      out.varint(0);
    } else {
      out.varint(joint.serializedLongs());
      joint.writeTo(v -> out.varint((v << 1) ^ (v >> 63)));
    }
    return Arrays.copyOf(out.buffer, out.size);
  }

  /** A fixed-capacity big-endian writer; {@link #toBytes} sizes it for the worst case. */
  private static final class Sink {
    final byte[] buffer;
    int size;

    Sink(int capacity) {
      buffer = new byte[capacity];
    }

    void bytes(byte[] b) {
      System.arraycopy(b, 0, buffer, size, b.length);
      size += b.length;
    }

    void fixed(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        buffer[size++] = (byte) (v >>> shift);
      }
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        buffer[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buffer[size++] = (byte) v;
    }
  }

  /** The model version a serialized summary belongs to, so a reader can find the matching layout. */
  public static String modelVersionOf(byte[] bytes) {
    ByteBuffer in = header(bytes);
    in.getLong();
    return readString(in);
  }

  /**
   * Reads {@link #toBytes()} back (format {@value #OLDEST_FORMAT_VERSION} or {@value #FORMAT_VERSION}); fails if the
   * bytes are malformed or were written with another layout. Joint moments written for a layout without them are
   * skipped; a format-1 summary read with a multivariate layout has empty joint moments ({@link #jointComplete()} false
   * when it holds events).
   */
  public static WindowSummary fromBytes(byte[] bytes, SummaryLayout layout) {
    try {
      ByteBuffer in = header(bytes);
      byte format = bytes[3];
      long fingerprint = in.getLong();
      String version = readString(in);
      WindowSummary s = new WindowSummary(layout);
      s.requireSameLayout(fingerprint, version);
      int quantities = (int) readVarLong(in);
      if (quantities != s.count.length) {
        throw corrupt("it has " + quantities + " quantities, the layout " + s.count.length);
      }
      s.events = readVarLong(in);
      for (int q = 0; q < quantities; q++) {
        s.count[q] = readVarLong(in);
        if (s.count[q] == 0) {
          continue;
        }
        s.min[q] = Double.longBitsToDouble(in.getLong());
        s.max[q] = Double.longBitsToDouble(in.getLong());
        s.sumHi[q] = Double.longBitsToDouble(in.getLong());
        s.sumLo[q] = Double.longBitsToDouble(in.getLong());
        s.squareHi[q] = Double.longBitsToDouble(in.getLong());
        s.squareLo[q] = Double.longBitsToDouble(in.getLong());
        int to = q + 1 < quantities ? s.binOffset[q + 1] : s.binCount.length;
        long nonEmpty = readVarLong(in);
        int b = s.binOffset[q] - 1;
        for (long i = 0; i < nonEmpty; i++) {
          b += 1 + (int) readVarLong(in);
          if (b >= to) {
            throw corrupt("bin index beyond the quantity's bins");
          }
          s.binCount[b] = readVarLong(in);
          s.binDistance[b] = readVarLong(in);
        }
      }
      if (format >= 2) {
        long longs = readVarLong(in);
        if (longs != 0) {
          if (s.joint != null && longs != s.joint.serializedLongs()) {
            throw corrupt("its joint moments have " + longs + " values, the layout " + s.joint.serializedLongs());
          }
          if (s.joint != null) {
            s.joint.readFrom(() -> readZigzag(in));
          } else {
            for (long i = 0; i < longs; i++) {
              readZigzag(in);
            }
          }
        }
      }
      if (in.hasRemaining()) {
        throw corrupt(in.remaining() + " trailing bytes");
      }
      return s;
    } catch (java.nio.BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  private static ByteBuffer header(byte[] bytes) {
    if (bytes == null || bytes.length < MAGIC.length + 1
        || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]) {
      throw corrupt("not a window summary");
    }
    if (bytes[3] < OLDEST_FORMAT_VERSION || bytes[3] > FORMAT_VERSION) {
      throw corrupt("format version " + bytes[3] + " is not supported (this reader knows " + OLDEST_FORMAT_VERSION
          + " to " + FORMAT_VERSION + ")");
    }
    try {
      return ByteBuffer.wrap(bytes, 4, bytes.length - 4);
    } catch (IndexOutOfBoundsException e) {
      throw corrupt("truncated");
    }
  }

  private void requireSameLayout(long fingerprint, String modelVersion) {
    if (fingerprint != layout.fingerprint()) {
      throw new IllegalArgumentException("summary of model version " + modelVersion
          + " does not match the layout of model version " + layout.modelVersion());
    }
  }

  private static IllegalArgumentException corrupt(String why) {
    return new IllegalArgumentException("corrupt window summary: " + why);
  }

  private static long readVarLong(ByteBuffer in) {
    return VarLong.read(in, WindowSummary::corrupt);
  }

  /** A zigzag varint of any long (the joint moments' sums are signed). */
  private static long readZigzag(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (v >>> 1) ^ -(v & 1);
      }
    }
    throw corrupt("varint longer than 64 bits");
  }

  private static String readString(ByteBuffer in) {
    int length = (int) readVarLong(in);
    if (length > in.remaining()) {
      throw corrupt("truncated");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Equal when built with the same layout from the same events, bit for bit. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WindowSummary other) || other.layout.fingerprint() != layout.fingerprint()) {
      return false;
    }
    return events == other.events && Arrays.equals(count, other.count) && Arrays.equals(min, other.min)
        && Arrays.equals(max, other.max) && Arrays.equals(binCount, other.binCount)
        && Arrays.equals(binDistance, other.binDistance) && sameSums(sumHi, sumLo, other.sumHi, other.sumLo)
        && sameSums(squareHi, squareLo, other.squareHi, other.squareLo) && java.util.Objects.equals(joint, other.joint);
  }

  // Double-double pairs are equal when they stand for the same sum, whatever the split between hi and lo.
  private static boolean sameSums(double[] hi, double[] lo, double[] otherHi, double[] otherLo) {
    for (int i = 0; i < hi.length; i++) {
      if (Double.compare(hi[i] + lo[i], otherHi[i] + otherLo[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(events) * 31 + Arrays.hashCode(binCount);
  }

  @Override
  public String toString() {
    return "WindowSummary[model " + layout.modelVersion() + ", " + events + " events]";
  }
}
