package io.driftwatch.core.model;

/**
 * The reference's joint moments, which the multivariate drift tests compare a window's with: computed once from the
 * training rows when the artifact is built (the rows themselves are not kept), on the transforms of
 * {@code io.driftwatch.core.drift.MultivariateLayout}. Stored as {@code reference.moments} (schema
 * {@value ModelArtifact#MOMENTS_SCHEMA_VERSION}; see {@code docs/model-artifact.md}).
 *
 * @param count reference rows
 * @param mean mean standardized value per feature (0 up to rounding when the rows are those profiled), length p
 * @param covariance sample covariance (denominator n − 1) of the standardized values, p × p
 * @param scoreCorrelation Pearson correlation of the normal scores, p × p; NaN (JSON {@code null}) in the row and
 *     column of a feature whose scores are constant
 */
public record ReferenceMoments(long count, double[] mean, double[][] covariance, double[][] scoreCorrelation) {

  /**
   * Moments of already transformed rows: {@code z[i]} standardized values, {@code u[i]} normal scores, in double
   * precision (two passes).
   *
   * @throws IllegalArgumentException with fewer than 4 rows
   */
  public static ReferenceMoments of(double[][] z, double[][] u) {
    if (z.length < 4) {
      throw new IllegalArgumentException("need at least 4 reference rows, got " + z.length);
    }
    return new ReferenceMoments(z.length, means(z), covariance(z), correlation(covariance(u)));
  }

  public int featureCount() {
    return mean.length;
  }

  /** Column means of {@code x} (rows × p). */
  public static double[] means(double[][] x) {
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

  /** Sample covariance (denominator n − 1) of {@code x} (rows × p), two passes. */
  public static double[][] covariance(double[][] x) {
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

  /** Pearson correlations from a covariance matrix; NaN in the row and column of a zero variance. */
  public static double[][] correlation(double[][] c) {
    int p = c.length;
    double[][] r = new double[p][p];
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < p; k++) {
        boolean defined = c[j][j] > 0 && c[k][k] > 0;
        r[j][k] = !defined ? Double.NaN : j == k ? 1 : c[j][k] / Math.sqrt(c[j][j] * c[k][k]);
      }
    }
    return r;
  }
}
