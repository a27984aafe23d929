package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * A Gaussian copula fitted on rows (the 442 patients): each marginal is the column's empirical quantile function
 * (NumPy's linear interpolation; a step function for the categorical {@code sex}), the dependence is the correlation
 * of the columns' normal scores {@code Φ⁻¹((rank − ½)/n)} (average ranks for ties). Seeded draws, for the
 * multivariate detection tests: the hidden scenarios were drawn the same way.
 */
final class GaussianCopula {

  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  private final double[][] sorted;
  private final boolean[] step;
  private final double[][] cholesky;
  private final SplittableRandom random;
  private final double[] g;
  private final double[] spare;
  private final double[] noise;

  GaussianCopula(double[][] rows, int stepColumn, long seed) {
    int n = rows.length;
    int p = rows[0].length;
    sorted = new double[p][];
    step = new boolean[p];
    double[][] scores = new double[n][p];
    for (int j = 0; j < p; j++) {
      double[] column = NotebookModel.column(rows, j);
      sorted[j] = column.clone();
      Arrays.sort(sorted[j]);
      step[j] = j == stepColumn;
      for (int i = 0; i < n; i++) {
        scores[i][j] = NORMAL.inverseCumulativeProbability((averageRank(sorted[j], column[i]) - 0.5) / n);
      }
    }
    double[][] r = ReferenceMoments.correlation(ReferenceMoments.covariance(scores));
    cholesky = cholesky(r);
    random = new SplittableRandom(seed);
    g = new double[p];
    spare = new double[p];
    noise = new double[p];
  }

  /** Correlation of the normal scores of column pair (j, k) the copula was fitted with. */
  double latentCorrelation(int j, int k) {
    double s = 0;
    for (int m = 0; m <= Math.min(j, k); m++) {
      s += cholesky[j][m] * cholesky[k][m];
    }
    return s;
  }

  /**
   * One event into {@code out}; when {@code independent >= 0} that column is drawn from a second, independent latent
   * vector, so it no longer moves with any other feature while its marginal is unchanged.
   */
  void draw(double[] out, int independent) {
    latent(g);
    if (independent >= 0) {
      latent(spare);
      g[independent] = spare[independent];
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = quantile(j, NORMAL.cumulativeProbability(g[j]));
    }
  }

  private void latent(double[] x) {
    int p = x.length;
    for (int j = 0; j < p; j++) {
      noise[j] = gaussian();
    }
    for (int j = 0; j < p; j++) {
      double s = 0;
      for (int m = 0; m <= j; m++) {
        s += cholesky[j][m] * noise[m];
      }
      x[j] = s;
    }
  }

  private double quantile(int j, double u) {
    double[] s = sorted[j];
    if (step[j]) {
      return s[Math.min(s.length - 1, (int) (u * s.length))];
    }
    double position = u * (s.length - 1);
    int below = Math.min(s.length - 2, (int) position);
    return s[below] + (s[below + 1] - s[below]) * (position - below);
  }

  private static double averageRank(double[] sorted, double x) {
    int lo = Arrays.binarySearch(sorted, x);
    int first = lo;
    int last = lo;
    while (first > 0 && sorted[first - 1] == x) {
      first--;
    }
    while (last + 1 < sorted.length && sorted[last + 1] == x) {
      last++;
    }
    return (first + last) / 2.0 + 1;
  }

  private static double[][] cholesky(double[][] a) {
    int p = a.length;
    double[][] l = new double[p][p];
    for (int j = 0; j < p; j++) {
      for (int k = 0; k <= j; k++) {
        double s = a[j][k];
        for (int m = 0; m < k; m++) {
          s -= l[j][m] * l[k][m];
        }
        l[j][k] = j == k ? Math.sqrt(s) : s / l[k][k];
      }
    }
    for (int j = 0; j < p; j++) {
      if (!(l[j][j] > 0)) {
        throw new IllegalArgumentException("correlation of normal scores is not positive definite");
      }
    }
    return l;
  }

  private double gaussian() {
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
