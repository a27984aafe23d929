package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import io.driftwatch.core.train.SymmetricEigen;
import java.util.Arrays;
import org.apache.commons.statistics.distribution.FDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Two-sample Hotelling T² test of a window's mean vector against the reference's, with pooled covariance:
 * {@code T² = n₁n₂/(n₁+n₂) · dᵀ S⁻¹ d}, {@code S = ((n₁−1)S₁ + (n₂−1)S₂)/(n₁+n₂−2)}, and
 * {@code F = (n₁+n₂−p−1)/(p(n₁+n₂−2)) · T²} ~ F(p, n₁+n₂−p−1) without drift (normal data, equal covariances).
 * Checked against NumPy/SciPy ({@code src/test/python/golden_multivariate.py}).
 *
 * <p>Features whose reference variance is 0 (a constant reference: any window variation would be "infinitely"
 * significant, and the per-feature tests already judge it) or whose pooled variance is 0 are left out and listed in
 * {@link #dropped}. The solve uses the eigen-decomposition of the pooled correlation matrix; directions with an
 * eigenvalue below {@value #RANK_TOLERANCE} of the largest (exactly collinear features) are left out too, and
 * {@link #dimensions} is the rank actually tested.
 *
 * @param t2 the statistic (0 when nothing is tested)
 * @param f the F statistic
 * @param dimensions p, the numerator degrees of freedom
 * @param denominatorDegrees n₁ + n₂ − p − 1
 * @param pValue P(F ≥ f); 1 when nothing is tested, NaN when the samples are too small (n₁ + n₂ − p − 1 ≤ 0)
 * @param dropped indices of the features left out, ascending
 * @param partialZ per feature, the standardized shift of its mean <em>given the others</em>: with {@code x = S⁻¹d},
 *     {@code z_j = x_j / sqrt((S⁻¹)_jj) · sqrt(n₁n₂/(n₁+n₂))}, approximately N(0, 1) without drift (NaN for a
 *     dropped feature). For a shift of one feature it has the noncentrality of T² on one degree of freedom instead of
 *     p, and it names the feature; {@code Σ} of its squares is not T² (the components are correlated).
 * @param partialPValue two-sided normal p-value of each {@code partialZ} (NaN where it is NaN)
 */
public record HotellingT2(double t2, double f, int dimensions, double denominatorDegrees, double pValue,
    int[] dropped, double[] partialZ, double[] partialPValue) {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  static final double RANK_TOLERANCE = 1e-10;

  /** The window's standardized moments ({@link MultivariateSummary}) against the reference's. */
  public static HotellingT2 test(ReferenceMoments reference, MultivariateSummary window) {
    return test(reference.count(), reference.mean(), reference.covariance(), window.count(),
        window.standardizedMean(), window.standardizedCovariance());
  }

  /** The test from two samples' counts, means and sample covariances (denominator n − 1), sample 1 the reference. */
  public static HotellingT2 test(long n1, double[] mean1, double[][] cov1, long n2, double[] mean2,
      double[][] cov2) {
    int p = mean1.length;
    double[][] pooled = new double[p][p];
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < p; k++) {
        pooled[j][k] = ((n1 - 1) * cov1[j][k] + (n2 - 1) * cov2[j][k]) / (n1 + n2 - 2);
      }
    }
    int[] keep = new int[p];
    int[] dropped = new int[p];
    int kept = 0;
    int nDropped = 0;
    for (int j = 0; j < p; j++) {
      if (cov1[j][j] > 0 && pooled[j][j] > 0 && Double.isFinite(pooled[j][j])) {
        keep[kept++] = j;
      } else {
        dropped[nDropped++] = j;
      }
    }
    dropped = Arrays.copyOf(dropped, nDropped);
    double[] partialZ = new double[p];
    double[] partialP = new double[p];
    Arrays.fill(partialZ, Double.NaN);
    Arrays.fill(partialP, Double.NaN);
    if (kept == 0) {
      return new HotellingT2(0, 0, 0, n1 + n2 - 1, 1, dropped, partialZ, partialP);
    }
    // Scale to a correlation matrix so that the rank tolerance does not depend on units.
    double[] scale = new double[kept];
    double[] d = new double[kept];
    double[][] r = new double[kept][kept];
    for (int a = 0; a < kept; a++) {
      scale[a] = Math.sqrt(pooled[keep[a]][keep[a]]);
      d[a] = (mean2[keep[a]] - mean1[keep[a]]) / scale[a];
    }
    for (int a = 0; a < kept; a++) {
      for (int b = 0; b < kept; b++) {
        r[a][b] = pooled[keep[a]][keep[b]] / (scale[a] * scale[b]);
      }
    }
    SymmetricEigen eigen = SymmetricEigen.of(r);
    double largest = Arrays.stream(eigen.values()).max().orElse(0);
    double quadratic = 0;
    int rank = 0;
    double[] solved = new double[kept]; // R⁺d
    double[] inverseDiagonal = new double[kept]; // diag(R⁺)
    for (int c = 0; c < kept; c++) {
      double lambda = eigen.values()[c];
      if (lambda > RANK_TOLERANCE * largest) {
        double projection = 0;
        for (int a = 0; a < kept; a++) {
          projection += eigen.vectors()[a][c] * d[a];
        }
        quadratic += projection * projection / lambda;
        for (int a = 0; a < kept; a++) {
          double v = eigen.vectors()[a][c];
          solved[a] += v * projection / lambda;
          inverseDiagonal[a] += v * v / lambda;
        }
        rank++;
      }
    }
    double effective = Math.sqrt((double) n1 * n2 / (n1 + n2));
    for (int a = 0; a < kept; a++) {
      double z = solved[a] / Math.sqrt(inverseDiagonal[a]) * effective;
      partialZ[keep[a]] = z;
      partialP[keep[a]] = Math.min(1, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
    }
    double t2 = (double) n1 * n2 / (n1 + n2) * quadratic;
    double df2 = n1 + n2 - rank - 1;
    if (df2 <= 0) {
      return new HotellingT2(t2, Double.NaN, rank, df2, Double.NaN, dropped, partialZ, partialP);
    }
    double f = df2 / (rank * (double) (n1 + n2 - 2)) * t2;
    return new HotellingT2(t2, f, rank, df2, FDistribution.of(rank, df2).survivalProbability(f), dropped,
        partialZ, partialP);
  }
}
