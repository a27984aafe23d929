package io.driftwatch.core.performance;

import io.driftwatch.core.codec.VarLong;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The labelled predictions of one window, as the sums concept-drift tests need: count n, Σr, Σr², Σ|r| of the
 * residuals r = outcome − prediction (target units), and for the regression of r on the standardized features z:
 * Σz_j, Σz_j·z_k (j ≤ k) and Σr·z_j. Mutable, not thread-safe: one per window per stream task.
 *
 * <p>{@link #update} allocates nothing. A non-finite z_j adds nothing to the sums that involve feature j (a feature
 * whose coefficient is 0 has z_j = NaN in every label; the detector ignores such features); a non-finite residual is
 * refused.
 *
 * <p><b>Exact merge.</b> Every value is first rounded to a multiple of 2⁻²⁴ (r in target units, z in σ; an error of at
 * most 3·10⁻⁸, far below any statistic's noise), so every term, products included (split by FMA into two doubles), is
 * a multiple of 2⁻⁴⁸. Each sum is kept as a normalized double-double: hi = the sum rounded to the nearest double,
 * lo = the exact remainder. While a sum stays below 2⁵⁶ in magnitude (for instance |r| &lt; 16 384 and fewer than 2²⁸
 * labels) every TwoSum step is exact, so the pair is a function of the exact sum alone: merging the summaries of any
 * partition of the same labels, in any order, gives the same pairs bit for bit (and the same {@link #toBytes}).
 * Beyond that bound the sums are still double-double accurate, only no longer order-independent to the last bit.
 */
public final class PerformanceSummary {

  private static final byte[] MAGIC = {'D', 'P', 'S'};
  /** Version of the binary layout; {@link #fromBytes} refuses other versions. */
  public static final byte FORMAT_VERSION = 1;

  private static final double GRID = 0x1p24;
  private static final double INV_GRID = 0x1p-24;
  private static final int R = 0;
  private static final int R2 = 1;
  private static final int ABS_R = 2;
  private static final int MAX_FEATURES = 1_000;

  private final int featureCount;
  private final int sumCount;
  private long count;
  private final long[] featureCounts;
  private final double[] hi;
  private final double[] lo;
  private final double[] zq; // scratch: rounded z of the current update

  /** An empty summary for a model with {@code featureCount} features (the artifact's feature order). */
  public PerformanceSummary(int featureCount) {
    if (featureCount < 1 || featureCount > MAX_FEATURES) {
      throw new IllegalArgumentException("featureCount must be in [1, " + MAX_FEATURES + "], got " + featureCount);
    }
    this.featureCount = featureCount;
    this.sumCount = 3 + 2 * featureCount + featureCount * (featureCount + 1) / 2;
    this.featureCounts = new long[featureCount];
    this.hi = new double[sumCount];
    this.lo = new double[sumCount];
    this.zq = new double[featureCount];
  }

  /**
   * Adds one labelled prediction.
   *
   * @param z the prediction's standardized features, {@code featureCount} of them; NaN for features the model does
   *     not use
   * @param residual outcome − prediction, finite
   * @throws IllegalArgumentException if {@code z} has the wrong length or the residual is not finite
   */
  public void update(double[] z, double residual) {
    if (z.length != featureCount) {
      throw new IllegalArgumentException("expected " + featureCount + " standardized features, got " + z.length);
    }
    if (!Double.isFinite(residual)) {
      throw new IllegalArgumentException("residual must be finite, got " + residual);
    }
    double r = round(residual);
    count++;
    add(R, r);
    addProduct(R2, r, r);
    add(ABS_R, Math.abs(r));
    int p = featureCount;
    for (int j = 0; j < p; j++) {
      double zj = z[j];
      zq[j] = Double.isFinite(zj) ? round(zj) : Double.NaN;
    }
    int pair = 3 + 2 * p;
    for (int j = 0; j < p; j++) {
      double zj = zq[j];
      if (zj != zj) { // NaN: nothing involving feature j
        pair += p - j;
        continue;
      }
      featureCounts[j]++;
      add(3 + j, zj);
      addProduct(3 + p + j, r, zj);
      for (int k = j; k < p; k++, pair++) {
        double zk = zq[k];
        if (zk == zk) {
          addProduct(pair, zj, zk);
        }
      }
    }
  }

  private static double round(double x) {
    return Math.rint(x * GRID) * INV_GRID;
  }

  private void addProduct(int i, double a, double b) {
    double p = a * b;
    add(i, p);
    add(i, Math.fma(a, b, -p));
  }

  // TwoSum into hi, the error into lo, then renormalize so that hi is the sum rounded to nearest and lo the remainder.
  private void add(int i, double x) {
    double a = hi[i];
    double s = a + x;
    double back = s - a;
    double e = (a - (s - back)) + (x - back);
    double t = lo[i] + e;
    double h = s + t;
    double hBack = h - s;
    lo[i] = (s - (h - hBack)) + (t - hBack);
    hi[i] = h;
  }

  /** Adds {@code other} (a summary of other labels of the same window and model) into this one; returns this. */
  public PerformanceSummary merge(PerformanceSummary other) {
    if (other.featureCount != featureCount) {
      throw new IllegalArgumentException(
          "cannot merge a summary of " + other.featureCount + " features into one of " + featureCount);
    }
    count += other.count;
    for (int j = 0; j < featureCount; j++) {
      featureCounts[j] += other.featureCounts[j];
    }
    for (int i = 0; i < sumCount; i++) {
      add(i, other.hi[i]);
      add(i, other.lo[i]);
    }
    return this;
  }

  public PerformanceSummary copy() {
    return new PerformanceSummary(featureCount).merge(this);
  }

  /** Labelled predictions added. */
  public long count() {
    return count;
  }

  public int featureCount() {
    return featureCount;
  }

  /** Labels in which feature {@code j} had a finite standardized value. */
  public long featureCount(int j) {
    return featureCounts[j];
  }

  /** Σr (target units). */
  public double sumResidual() {
    return sum(R);
  }

  /** Σr². */
  public double sumSquaredResidual() {
    return sum(R2);
  }

  /** Σ|r|. */
  public double sumAbsoluteResidual() {
    return sum(ABS_R);
  }

  /** Σz_j over the labels where z_j is finite. */
  public double sumZ(int j) {
    return sum(3 + checked(j));
  }

  /** Σr·z_j over the labels where z_j is finite. */
  public double sumResidualZ(int j) {
    return sum(3 + featureCount + checked(j));
  }

  /** Σz_j·z_k over the labels where both are finite (symmetric). */
  public double sumZZ(int j, int k) {
    int a = Math.min(checked(j), checked(k));
    int b = Math.max(j, k);
    return sum(3 + 2 * featureCount + a * featureCount - a * (a - 1) / 2 + (b - a));
  }

  private int checked(int j) {
    if (j < 0 || j >= featureCount) {
      throw new IndexOutOfBoundsException("feature " + j + " of " + featureCount);
    }
    return j;
  }

  private double sum(int i) {
    return hi[i] + lo[i];
  }

  // --- binary form -------------------------------------------------------------------------------------------------

  /**
   * The summary as bytes: {@code "DPS"}, format version, feature count and label count (varints), each feature's
   * finite count (varints), a bitmap of the non-zero sums, then each non-zero sum's hi and lo bit for bit (big-endian).
   * About 1.3 KB for 10 features (less when a feature is unused). {@code fromBytes(toBytes())} equals the original.
   */
  public byte[] toBytes() {
    int bitmapBytes = (sumCount + 7) / 8;
    ByteBuffer out = ByteBuffer.allocate(4 + 10 * (2 + featureCount) + bitmapBytes + 16 * sumCount);
    out.put(MAGIC).put(FORMAT_VERSION);
    varint(out, featureCount);
    varint(out, count);
    for (long c : featureCounts) {
      varint(out, c);
    }
    byte[] bitmap = new byte[bitmapBytes];
    for (int i = 0; i < sumCount; i++) {
      if (canonical(hi[i]) != 0 || canonical(lo[i]) != 0) {
        bitmap[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    out.put(bitmap);
    for (int i = 0; i < sumCount; i++) {
      if ((bitmap[i >>> 3] & (1 << (i & 7))) != 0) {
        out.putLong(canonical(hi[i]));
        out.putLong(canonical(lo[i]));
      }
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  // -0.0 and 0.0 stand for the same sum.
  private static long canonical(double x) {
    return Double.doubleToRawLongBits(x + 0.0);
  }

  /**
   * Reads {@link #toBytes()} back.
   *
   * @throws IllegalArgumentException if the bytes are not a performance summary, have another format version, or are
   *     truncated or malformed
   */
  public static PerformanceSummary fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < 4 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]) {
      throw corrupt("not a performance summary");
    }
    if (bytes[3] != FORMAT_VERSION) {
      throw corrupt("format version " + bytes[3] + " is not supported (this reader knows " + FORMAT_VERSION + ")");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes, 4, bytes.length - 4);
      long features = readVarLong(in);
      if (features < 1 || features > MAX_FEATURES) {
        throw corrupt("feature count " + features);
      }
      PerformanceSummary s = new PerformanceSummary((int) features);
      s.count = readVarLong(in);
      for (int j = 0; j < s.featureCount; j++) {
        s.featureCounts[j] = readVarLong(in);
        if (s.featureCounts[j] > s.count) {
          throw corrupt("feature " + j + " counted more often than labels");
        }
      }
      byte[] bitmap = new byte[(s.sumCount + 7) / 8];
      in.get(bitmap);
      for (int i = 0; i < s.sumCount; i++) {
        if ((bitmap[i >>> 3] & (1 << (i & 7))) != 0) {
          s.hi[i] = Double.longBitsToDouble(in.getLong());
          s.lo[i] = Double.longBitsToDouble(in.getLong());
          if (!Double.isFinite(s.hi[i]) || !Double.isFinite(s.lo[i])) {
            throw corrupt("non-finite sum");
          }
        }
      }
      if (in.hasRemaining()) {
        throw corrupt(in.remaining() + " trailing bytes");
      }
      return s;
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  private static void varint(ByteBuffer out, long v) {
    VarLong.write(out, v);
  }

  private static long readVarLong(ByteBuffer in) {
    return VarLong.read(in, PerformanceSummary::corrupt);
  }

  private static IllegalArgumentException corrupt(String why) {
    return new IllegalArgumentException("corrupt performance summary: " + why);
  }

  /** Equal when they summarise the same labels: same counts and the same sums bit for bit. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PerformanceSummary other) || other.featureCount != featureCount || other.count != count
        || !Arrays.equals(featureCounts, other.featureCounts)) {
      return false;
    }
    for (int i = 0; i < sumCount; i++) {
      if (canonical(hi[i]) != canonical(other.hi[i]) || canonical(lo[i]) != canonical(other.lo[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(count) * 31 + featureCount;
    for (int i = 0; i < sumCount; i++) {
      h = h * 31 + Long.hashCode(canonical(hi[i]));
    }
    return h;
  }

  @Override
  public String toString() {
    return "PerformanceSummary[" + count + " labels, " + featureCount + " features]";
  }
}
