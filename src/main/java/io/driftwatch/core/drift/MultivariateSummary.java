package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import java.util.Arrays;

/**
 * The joint moments of one window's features, for the multivariate tests ({@link HotellingT2},
 * {@link CorrelationChange}): the event count, and for the standardized values {@code z} and the normal scores
 * {@code u} of {@link MultivariateLayout} their sums {@code Σz_j} and sums of products {@code Σz_j z_k} (j ≤ k).
 * Mutable, not thread-safe: one per window per stream task, beside its {@link WindowSummary}.
 *
 * <p><b>Exact merges.</b> Values are quantized to integers in units of 2⁻¹² ({@value #UNITS} per σ) after clamping
 * {@code |z| ≤ 64} (and {@code |u| ≤ 8.3}), so a quantized value is at most 2¹⁸ − 1 in magnitude and a product below
 * 2³⁶; sums are {@code long}s and cannot overflow for up to {@value #MAX_EVENTS} (2²⁷) events. Integer sums make
 * {@link #merge} exact, associative and commutative: any partitioning of a window's events, merged in any order, gives
 * the same summary bit for bit. Quantization moves each value by at most 2⁻¹³σ.
 *
 * <p>{@link #update} allocates nothing; an event with a non-finite feature is left out of every sum and counted in
 * {@link #incomplete()} (validated events have none).
 */
public final class MultivariateSummary {

  /** Quantization: units per σ (standardized values) or per unit of normal score. */
  public static final double UNITS = 4096;
  /** Standardized values are clamped to ±this many σ before quantizing. */
  public static final double MAX_Z = 64;
  /** At most this many events in one summary (merged or not): the bound under which no sum can overflow. */
  public static final long MAX_EVENTS = 1L << 27;

  private static final long MAX_UNITS = (1L << 18) - 1;

  private final MultivariateLayout layout;
  private final int p;
  private long events;
  private long incomplete;
  private final long[] zSum;
  private final long[] uSum;
  /** Upper triangles, row by row: index of (j, k), j ≤ k, is {@link #pair}. */
  private final long[] zProduct;
  private final long[] uProduct;
  // Scratch for one event, so that update allocates nothing.
  private final long[] zq;
  private final long[] uq;
  private final int[] scratchBins;

  public MultivariateSummary(MultivariateLayout layout) {
    this.layout = layout;
    this.p = layout.featureCount;
    zSum = new long[p];
    uSum = new long[p];
    zProduct = new long[p * (p + 1) / 2];
    uProduct = new long[p * (p + 1) / 2];
    zq = new long[p];
    uq = new long[p];
    scratchBins = new int[p];
  }

  /** Adds one event, its features in raw units in the artifact's order; finds each feature's bin itself. */
  public void update(double[] features) {
    checkLength(features);
    for (int j = 0; j < p; j++) {
      scratchBins[j] = Double.isFinite(features[j]) ? layout.bin(j, features[j]) : 0;
    }
    update(features, scratchBins);
  }

  /**
   * Adds one event whose bins are already known ({@code bins[j]} the bin of {@code features[j]} among feature j's cut
   * points, as {@link WindowSummary} finds it), which spares the binary searches.
   */
  public void update(double[] features, int[] bins) {
    checkLength(features);
    for (int j = 0; j < p; j++) {
      if (!Double.isFinite(features[j])) {
        incomplete++;
        return;
      }
    }
    for (int j = 0; j < p; j++) {
      quantize(j, features[j], bins[j]);
    }
    accumulate();
  }

  /**
   * Step one of adding an event from {@link WindowSummary}, which has just found feature {@code j}'s bin: keeps its
   * quantized values. Once every feature has been given, {@link #addGiven} adds the event (or counts it incomplete if a
   * value was not finite, bin -1).
   */
  void give(int j, double x, int bin) {
    if (bin < 0) {
      givenIncomplete = true;
      return;
    }
    quantize(j, x, bin);
  }

  /** Step two: adds the event whose features {@link #give} received. */
  void addGiven() {
    if (givenIncomplete) {
      givenIncomplete = false;
      incomplete++;
      return;
    }
    if (events >= MAX_EVENTS) {
      throw new IllegalStateException("a multivariate summary holds at most " + MAX_EVENTS + " events");
    }
    accumulate();
  }

  private boolean givenIncomplete;

  private void checkLength(double[] features) {
    if (features.length != p) {
      throw new IllegalArgumentException("expected " + p + " features, got " + features.length);
    }
    if (events >= MAX_EVENTS) {
      throw new IllegalStateException("a multivariate summary holds at most " + MAX_EVENTS + " events");
    }
  }

  private void quantize(int j, double x, int bin) {
    double z = Math.max(-MAX_Z, Math.min(MAX_Z, layout.standardized(j, x)));
    // rint is one instruction (round half to even); Math.round's half-up needs branches. Either is exact to 2^-13.
    zq[j] = Math.max(-MAX_UNITS, Math.min(MAX_UNITS, (long) Math.rint(z * UNITS)));
    uq[j] = (long) Math.rint(layout.normalScore(j, x, bin) * UNITS);
  }

  private void accumulate() {
    events++;
    long[] z = zq;
    long[] u = uq;
    long[] zp = zProduct;
    long[] up = uProduct;
    int row = 0; // index of (j, j) in the upper triangles
    for (int j = 0; j < p; j++) {
      long zj = z[j];
      long uj = u[j];
      zSum[j] += zj;
      uSum[j] += uj;
      // Indexed from a loop-invariant base, so that the JIT can drop the range checks of the inner loop.
      int base = row - j;
      for (int k = j; k < p; k++) {
        zp[base + k] += zj * z[k];
        up[base + k] += uj * u[k];
      }
      row += p - j;
    }
  }

  /** Adds {@code other} (another task's summary of the same window, same layout) into this one. */
  public MultivariateSummary merge(MultivariateSummary other) {
    if (other.layout.summaryLayout.fingerprint() != layout.summaryLayout.fingerprint()) {
      throw new IllegalArgumentException("summary of model version " + other.layout.summaryLayout.modelVersion()
          + " does not match the layout of model version " + layout.summaryLayout.modelVersion());
    }
    if (events + other.events > MAX_EVENTS) {
      throw new IllegalStateException("a multivariate summary holds at most " + MAX_EVENTS + " events");
    }
    events += other.events;
    incomplete += other.incomplete;
    for (int j = 0; j < p; j++) {
      zSum[j] += other.zSum[j];
      uSum[j] += other.uSum[j];
    }
    for (int i = 0; i < zProduct.length; i++) {
      zProduct[i] += other.zProduct[i];
      uProduct[i] += other.uProduct[i];
    }
    return this;
  }

  public MultivariateSummary copy() {
    return new MultivariateSummary(layout).merge(this);
  }

  public MultivariateLayout layout() {
    return layout;
  }

  /** Events in the sums. */
  public long count() {
    return events;
  }

  /** Events left out because a feature was not finite. */
  public long incomplete() {
    return incomplete;
  }

  /** Mean standardized value of each feature (NaN when empty). */
  public double[] standardizedMean() {
    return mean(zSum);
  }

  /** Sample covariance (denominator n − 1) of the standardized values; NaN below 2 events. */
  public double[][] standardizedCovariance() {
    return covariance(zSum, zProduct);
  }

  /** Mean normal score of each feature. */
  public double[] scoreMean() {
    return mean(uSum);
  }

  /** Pearson correlation of the normal scores; NaN where a feature's scores do not vary. */
  public double[][] scoreCorrelation() {
    return ReferenceMoments.correlation(covariance(uSum, uProduct));
  }

  static int pair(int p, int j, int k) {
    return j * p - j * (j - 1) / 2 + (k - j);
  }

  private double[] mean(long[] sum) {
    double[] m = new double[p];
    for (int j = 0; j < p; j++) {
      m[j] = sum[j] / UNITS / events;
    }
    return m;
  }

  private double[][] covariance(long[] sum, long[] product) {
    double[][] c = new double[p][p];
    double n = events;
    for (int j = 0; j < p; j++) {
      for (int k = j; k < p; k++) {
        // n·Σxy − Σx·Σy exactly in 128 bits would be overkill: the values are standardized, so the means are small
        // beside the spreads and this double expression loses nothing visible; it is a function of the integer sums
        // alone, so merged summaries still give identical results.
        double centered = product[pair(p, j, k)] - (double) sum[j] * (double) sum[k] / n;
        c[j][k] = centered / (UNITS * UNITS) / (n - 1);
        c[k][j] = c[j][k];
      }
    }
    return c;
  }

  // --- binary form, inside WindowSummary's -------------------------------------------------------------------------

  /** Number of longs {@link #writeTo} gives: events, incomplete, then every sum. */
  int serializedLongs() {
    return 2 + 2 * p + 2 * zProduct.length;
  }

  /** Every long of the summary, in a fixed order, for {@link WindowSummary#toBytes}. */
  void writeTo(java.util.function.LongConsumer out) {
    out.accept(events);
    out.accept(incomplete);
    for (long[] sums : new long[][] {zSum, uSum, zProduct, uProduct}) {
      for (long v : sums) {
        out.accept(v);
      }
    }
  }

  /** Reads what {@link #writeTo} wrote into this empty summary. */
  void readFrom(java.util.function.LongSupplier in) {
    events = in.getAsLong();
    incomplete = in.getAsLong();
    for (long[] sums : new long[][] {zSum, uSum, zProduct, uProduct}) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] = in.getAsLong();
      }
    }
  }

  /** Equal when the integer sums are equal (same layout). */
  @Override
  public boolean equals(Object o) {
    return o instanceof MultivariateSummary other
        && other.layout.summaryLayout.fingerprint() == layout.summaryLayout.fingerprint()
        && events == other.events && incomplete == other.incomplete && Arrays.equals(zSum, other.zSum)
        && Arrays.equals(uSum, other.uSum) && Arrays.equals(zProduct, other.zProduct)
        && Arrays.equals(uProduct, other.uProduct);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(events) * 31 + Arrays.hashCode(zProduct);
  }

  @Override
  public String toString() {
    return "MultivariateSummary[model " + layout.summaryLayout.modelVersion() + ", " + events + " events]";
  }
}
