package io.driftwatch.core.train;

import java.util.Arrays;

/**
 * The LASSO as scikit-learn 1.2 fits it: {@code Lasso(alpha).fit} (coordinate descent on the data, from zero) and the
 * regularisation path {@code LassoCV} computes on every fold (on the Gram matrix, alphas in descending order, each
 * started from the previous solution).
 */
public final class LassoRegression {

  private LassoRegression() {}

  /** The model {@code Lasso(alpha, max_iter=maxSweeps, tol=tol).fit(z, y)} returns. */
  public static Fitted fit(double[][] z, double[] y, double alpha, int maxSweeps, double tol) {
    CenteredData data = CenteredData.of(z, y);
    CoordinateDescent.Solution solution = CoordinateDescent.onData(
        data.columns(), data.y(), alpha * data.rows(), new double[data.features()], maxSweeps, tol);
    return new Fitted(data.withIntercept(solution.coefficients()), solution);
  }

  /** A fitted LASSO and how its descent ended. */
  public record Fitted(LinearFit model, CoordinateDescent.Solution solution) {}

  /**
   * {@code lasso_path} on one centred problem: one fit per alpha, in the order of {@code alphasDescending}, warm-started.
   *
   * @return {@code fits[k]} for {@code alphasDescending[k]}
   */
  public static Fitted[] path(CenteredData data, double[] alphasDescending, int maxSweeps, double tol) {
    double[][] gram = data.gram();
    double[] xty = data.xty();
    double yNorm2 = Vectors.dot(data.y(), data.y());
    double[] w = new double[data.features()];
    Fitted[] fits = new Fitted[alphasDescending.length];
    for (int k = 0; k < alphasDescending.length; k++) {
      CoordinateDescent.Solution solution =
          CoordinateDescent.onGram(gram, xty, yNorm2, alphasDescending[k] * data.rows(), w, maxSweeps, tol);
      w = solution.coefficients();
      fits[k] = new Fitted(data.withIntercept(w), solution);
    }
    return fits;
  }

  /** {@code np.sort(alphas)[::-1]}. */
  public static double[] descending(double[] alphas) {
    double[] sorted = alphas.clone();
    Arrays.sort(sorted);
    for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
      double swap = sorted[i];
      sorted[i] = sorted[j];
      sorted[j] = swap;
    }
    return sorted;
  }
}
