package io.driftwatch.core.train;

/**
 * Ordinary least squares and ridge regression with an unpenalised intercept, as scikit-learn's
 * {@code LinearRegression} and {@code Ridge(alpha)} fit them: on centred data, solving the normal equations
 * {@code (XᵀX + alpha·I)·w = Xᵀy} (for OLS, alpha = 0 and the minimum-norm solution if XᵀX is singular).
 */
public final class LinearRegressions {

  // Eigenvalues of XᵀX below this fraction of the largest are numerically zero: exactly collinear inputs.
  private static final double RELATIVE_CUTOFF = 1e-12;

  private LinearRegressions() {}

  public static LinearFit ordinaryLeastSquares(double[][] z, double[] y) {
    return new NormalEquations(CenteredData.of(z, y)).solve(0);
  }

  public static LinearFit ridge(double[][] z, double[] y, double alpha) {
    return new NormalEquations(CenteredData.of(z, y)).solve(alpha);
  }

  /** One centred problem decomposed once, solved for any number of ridge alphas. */
  static final class NormalEquations {
    private final CenteredData data;
    private final SymmetricEigen eigen;
    private final double[] xty;

    NormalEquations(CenteredData data) {
      this.data = data;
      this.eigen = SymmetricEigen.of(data.gram());
      this.xty = data.xty();
    }

    LinearFit solve(double alpha) {
      if (!(alpha >= 0)) {
        throw new IllegalArgumentException("alpha must be >= 0, was " + alpha);
      }
      double cutoff = RELATIVE_CUTOFF * (eigen.largest() + alpha);
      return data.withIntercept(eigen.solve(xty, alpha, cutoff));
    }
  }
}
