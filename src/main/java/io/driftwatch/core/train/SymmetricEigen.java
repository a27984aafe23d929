package io.driftwatch.core.train;

/**
 * Eigen-decomposition {@code A = V·diag(values)·Vᵀ} of a small symmetric matrix by cyclic Jacobi rotations, which are
 * accurate to working precision for the feature-by-feature Gram matrices the linear models solve. One decomposition
 * of {@code XᵀX} gives the least-squares solution and the ridge solution for every alpha.
 *
 * @param values eigenvalues
 * @param vectors {@code vectors[i][k]} is component i of the eigenvector of {@code values[k]}
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

  private static final int MAX_SWEEPS = 100;

  public static SymmetricEigen of(double[][] symmetric) {
    int n = symmetric.length;
    double[][] a = new double[n][];
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i] = symmetric[i].clone();
      v[i][i] = 1.0;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diagonal = 0;
      for (int p = 0; p < n; p++) {
        diagonal += a[p][p] * a[p][p];
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off == 0 || off <= 1e-32 * diagonal) {
        break;
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = a[i][i];
    }
    return new SymmetricEigen(values, v);
  }

  /** Zeroes {@code a[p][q]} with the rotation of Rutishauser's formulation, accumulating it into {@code v}. */
  private static void rotate(double[][] a, double[][] v, int p, int q) {
    int n = a.length;
    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
    double t = Math.abs(theta) > 1e150
        ? 1 / (2 * theta)
        : Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    for (int k = 0; k < n; k++) {
      double akp = a[k][p];
      double akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) {
      double apk = a[p][k];
      double aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  /**
   * Solves {@code (A + shift·I)·x = b}, treating eigenvalues of {@code A + shift·I} at or below {@code cutoff} as zero
   * (the minimum-norm solution when A is singular).
   */
  public double[] solve(double[] b, double shift, double cutoff) {
    int n = values.length;
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      double lambda = values[k] + shift;
      if (lambda <= cutoff) {
        continue;
      }
      double projection = 0;
      for (int i = 0; i < n; i++) {
        projection += vectors[i][k] * b[i];
      }
      projection /= lambda;
      for (int i = 0; i < n; i++) {
        x[i] += vectors[i][k] * projection;
      }
    }
    return x;
  }

  public double largest() {
    double max = values[0];
    for (double value : values) {
      max = Math.max(max, value);
    }
    return max;
  }
}
