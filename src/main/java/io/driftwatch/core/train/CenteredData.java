package io.driftwatch.core.train;

/**
 * Inputs and target with their means removed, how scikit-learn fits an intercept ({@code fit_intercept=True}): the
 * solvers work without intercept on centred data, and the intercept is recovered as
 * {@code yOffset - xOffset · w}. Inputs are stored by column, the order coordinate descent reads them in.
 *
 * @param columns centred inputs, {@code columns[j][i]} is feature j of row i
 * @param y centred target
 * @param xOffset column means that were removed
 * @param yOffset target mean that was removed
 */
public record CenteredData(double[][] columns, double[] y, double[] xOffset, double yOffset) {

  public static CenteredData of(double[][] rows, double[] target) {
    int n = rows.length;
    int p = rows[0].length;
    double[] xOffset = new double[p];
    for (double[] row : rows) {
      for (int j = 0; j < p; j++) {
        xOffset[j] += row[j];
      }
    }
    double[][] columns = new double[p][n];
    for (int j = 0; j < p; j++) {
      xOffset[j] /= n;
      for (int i = 0; i < n; i++) {
        columns[j][i] = rows[i][j] - xOffset[j];
      }
    }
    double yOffset = 0;
    for (double v : target) {
      yOffset += v;
    }
    yOffset /= n;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = target[i] - yOffset;
    }
    return new CenteredData(columns, y, xOffset, yOffset);
  }

  public int rows() {
    return y.length;
  }

  public int features() {
    return columns.length;
  }

  /** {@code XᵀX} of the centred inputs. */
  public double[][] gram() {
    int p = columns.length;
    double[][] q = new double[p][p];
    for (int j = 0; j < p; j++) {
      for (int k = 0; k <= j; k++) {
        double dot = Vectors.dot(columns[j], columns[k]);
        q[j][k] = dot;
        q[k][j] = dot;
      }
    }
    return q;
  }

  /** {@code Xᵀy} of the centred inputs and target. */
  public double[] xty() {
    double[] q = new double[columns.length];
    for (int j = 0; j < columns.length; j++) {
      q[j] = Vectors.dot(columns[j], y);
    }
    return q;
  }

  /** The model with coefficients {@code w} on centred data, with its intercept restored. */
  public LinearFit withIntercept(double[] w) {
    return new LinearFit(w.clone(), yOffset - Vectors.dot(xOffset, w));
  }
}
