package io.driftwatch.core.drift;

import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.ReferenceMoments;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * How a {@link MultivariateSummary} turns each feature value into the two numbers it accumulates, fixed by the
 * reference profile of one model version (the features of a {@link SummaryLayout}, not the prediction):
 *
 * <ul>
 *   <li>the <b>standardized value</b> {@code z = (x - reference mean) / σ} (σ the profile's population σ, or 1 for a
 *       constant reference, as {@link ReferenceBins#sigma});</li>
 *   <li>the <b>normal score</b> {@code u = Φ⁻¹(F_ref(x))} through the frozen reference CDF, cheap: Φ⁻¹ of the CDF is
 *       precomputed at every cut point and interpolated linearly inside the bin {@link WindowSummary} already finds.
 *       Below the first and above the last cut point it continues with slope 1/σ (a normal tail). A categorical value
 *       gets the mid-rank score {@code Φ⁻¹((F(c⁻) + F(c)) / 2)} of its code; a constant reference scores 0. Scores are
 *       clamped to ±{@value #MAX_SCORE} (Φ⁻¹ of 10⁻¹⁶ is −8.2).</li>
 * </ul>
 *
 * Immutable and shared, like the {@link SummaryLayout} it is built from.
 */
public final class MultivariateLayout {

  /** Normal scores are clamped to ±this. */
  public static final double MAX_SCORE = 8.3;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  final SummaryLayout summaryLayout;
  final int featureCount;
  final double[] mean;
  final double[] sigma;
  /** 1/σ: the per-event path multiplies. */
  final double[] inverseSigma;
  final boolean[] constant;
  final double[] edges;
  final int[] edgeOffset;
  final int[] edgeCount;
  final int[] binOffset;
  /** Per bin (flat, offsets as {@link SummaryLayout#binOffset}): u = scoreAt + slope * (x - scoreFrom). */
  final double[] scoreFrom;
  final double[] scoreAt;
  final double[] scoreSlope;

  private MultivariateLayout(SummaryLayout layout) {
    this.summaryLayout = layout;
    this.featureCount = layout.featureCount;
    this.mean = new double[featureCount];
    this.sigma = new double[featureCount];
    this.inverseSigma = new double[featureCount];
    this.constant = new boolean[featureCount];
    this.edges = layout.edges;
    this.edgeOffset = layout.edgeOffset;
    this.edgeCount = layout.edgeCount;
    this.binOffset = layout.binOffset;
    int bins = featureCount == 0 ? 0 : layout.binOffset[featureCount];
    scoreFrom = new double[bins];
    scoreAt = new double[bins];
    scoreSlope = new double[bins];
    for (int j = 0; j < featureCount; j++) {
      ReferenceBins b = layout.quantities[j];
      mean[j] = layout.center[j];
      sigma[j] = b.sigma;
      inverseSigma[j] = 1 / b.sigma;
      constant[j] = b.constant;
      if (b.constant) {
        continue; // every score 0: a constant carries no rank information
      }
      int o = binOffset[j];
      int k = b.edges.length;
      double[] g = new double[k];
      for (int e = 0; e < k; e++) {
        g[e] = score(b.cdfAtEdge[e]);
      }
      if (b.kind == FeatureKind.CATEGORICAL) {
        // Bin 2i+1 holds code i; the others stay empty for validated events (scored at the CDF below them).
        for (int bin = 0; bin <= k; bin++) {
          double below = bin == 0 ? 0 : b.cdfAtEdge[bin - 1];
          double above = bin == k ? 1 : b.cdfAtEdge[bin];
          scoreAt[o + bin] = score(bin % 2 == 1 ? 0.5 * (below + above) : below);
        }
        continue;
      }
      scoreFrom[o] = b.edges[0];
      scoreAt[o] = g[0];
      scoreSlope[o] = 1 / b.sigma;
      for (int bin = 1; bin < k; bin++) {
        scoreFrom[o + bin] = b.edges[bin - 1];
        scoreAt[o + bin] = g[bin - 1];
        scoreSlope[o + bin] = (g[bin] - g[bin - 1]) / (b.edges[bin] - b.edges[bin - 1]);
      }
      scoreFrom[o + k] = b.edges[k - 1];
      scoreAt[o + k] = g[k - 1];
      scoreSlope[o + k] = 1 / b.sigma;
    }
  }

  /** The transforms for {@code layout}'s features (its prediction is not part of the multivariate tests). */
  public static MultivariateLayout of(SummaryLayout layout) {
    return new MultivariateLayout(layout);
  }

  public SummaryLayout summaryLayout() {
    return summaryLayout;
  }

  public int featureCount() {
    return featureCount;
  }

  /** Whether feature {@code j}'s reference is constant (its standardized values are then in the feature's units). */
  public boolean isConstant(int j) {
    return constant[j];
  }

  /** The bin of {@code x} among feature {@code j}'s frozen cut points (as {@link WindowSummary} counts it). */
  public int bin(int j, double x) {
    return WindowSummary.binOf(edges, edgeOffset[j], edgeCount[j], x);
  }

  /** {@code (x - reference mean) / σ} of feature {@code j} (as {@code (x - mean) · (1/σ)}, within an ulp or two). */
  public double standardized(int j, double x) {
    return (x - mean[j]) * inverseSigma[j];
  }

  /** The normal score of {@code x}, feature {@code j}, given its bin ({@link #bin}). */
  public double normalScore(int j, double x, int bin) {
    int slot = binOffset[j] + bin;
    double u = scoreAt[slot] + scoreSlope[slot] * (x - scoreFrom[slot]);
    return Math.max(-MAX_SCORE, Math.min(MAX_SCORE, u));
  }

  public double normalScore(int j, double x) {
    return normalScore(j, x, bin(j, x));
  }

  /**
   * The reference moments of training rows (raw units, artifact feature order) under these transforms, in double
   * precision and unquantized; standardized values clamped to ±{@value MultivariateSummary#MAX_Z} as windows' are.
   *
   * @throws IllegalArgumentException with fewer than 4 rows or rows of the wrong length
   */
  public ReferenceMoments referenceMoments(double[][] rows) {
    double[][] z = new double[rows.length][featureCount];
    double[][] u = new double[rows.length][featureCount];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != featureCount) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + featureCount);
      }
      for (int j = 0; j < featureCount; j++) {
        z[i][j] = Math.max(-MultivariateSummary.MAX_Z, Math.min(MultivariateSummary.MAX_Z, standardized(j, rows[i][j])));
        u[i][j] = normalScore(j, rows[i][j]);
      }
    }
    return ReferenceMoments.of(z, u);
  }

  private static double score(double p) {
    if (p <= 0) {
      return -MAX_SCORE;
    }
    if (p >= 1) {
      return MAX_SCORE;
    }
    return Math.max(-MAX_SCORE, Math.min(MAX_SCORE, STANDARD_NORMAL.inverseCumulativeProbability(p)));
  }
}
