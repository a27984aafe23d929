package io.driftwatch.core.drift;

/**
 * The reference's joint moments, which the multivariate tests compare a window's with: computed once from the training
 * rows when the artifact is built (the rows themselves are not kept).
 *
 * @param count reference rows
 * @param mean mean standardized value per feature (0 up to rounding when the rows are those profiled)
 * @param covariance sample covariance (denominator n − 1) of the standardized values, p × p
 * @param scoreCorrelation Pearson correlation of the normal scores, p × p (NaN for a feature whose scores are constant)
 */
public record ReferenceMoments(long count, double[] mean, double[][] covariance, double[][] scoreCorrelation) {

  /**
   * The moments of training rows (raw units, artifact feature order) under {@code layout}'s transforms, in double
   * precision (two passes), unquantized.
   *
   * @throws IllegalArgumentException with fewer than 4 rows or rows of the wrong length
   */
  public static ReferenceMoments fit(double[][] rows, MultivariateLayout layout) {
    int p = layout.featureCount();
    double[][] z = new double[rows.length][p];
    double[][] u = new double[rows.length][p];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != p) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + p);
      }
      for (int j = 0; j < p; j++) {
        z[i][j] = Math.max(-MultivariateSummary.MAX_Z,
            Math.min(MultivariateSummary.MAX_Z, layout.standardized(j, rows[i][j])));
        u[i][j] = layout.normalScore(j, rows[i][j]);
      }
    }
    return of(z, u);
  }

  /** Moments of already transformed rows: {@code z[i]} standardized values, {@code u[i]} normal scores. */
  static ReferenceMoments of(double[][] z, double[][] u) {
    if (z.length < 4) {
      throw new IllegalArgumentException("need at least 4 reference rows, got " + z.length);
    }
    return new ReferenceMoments(z.length, means(z), covariance(z),
        MultivariateSummary.correlation(covariance(u)));
  }

  public int featureCount() {
    return mean.length;
  }

  static double[] means(double[][] x) {
    int p = x[0].length;
    double[] m = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        m[j] += row[j];
      }
    }
    for (int j = 0; j < p; j++) {
      m[j] /= x.length;
    }
    return m;
  }

  static double[][] covariance(double[][] x) {
    int p = x[0].length;
    double[] m = means(x);
    double[][] c = new double[p][p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        double dj = row[j] - m[j];
        for (int k = j; k < p; k++) {
          c[j][k] += dj * (row[k] - m[k]);
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = j; k < p; k++) {
        c[j][k] /= x.length - 1;
        c[k][j] = c[j][k];
      }
    }
    return c;
  }
}
