package io.driftwatch.core.train;

/**
 * scikit-learn 1.2's cyclic coordinate descent for the LASSO ({@code _cd_fast.pyx}, l1_ratio = 1), in its two
 * variants: on the data ({@code Lasso.fit}) and on the Gram matrix ({@code LassoCV}'s path, where
 * {@code precompute='auto'} chooses it because there are more rows than features).
 *
 * <p>Both minimise {@code (1/2)·||y − Xw||² + l1·||w||₁} on centred data, with {@code l1 = alpha·n} (scikit-learn's
 * objective {@code (1/2n)·||y − Xw||² + alpha·||w||₁} times n). A sweep updates every coordinate once, in order, by
 * soft-thresholding. After a sweep whose largest coordinate change is below {@code tol·max|w_j|} (or on the last
 * allowed sweep), the duality gap is computed, and the descent stops once it is below {@code tol·||y||²}. The
 * coefficients therefore stop where scikit-learn's do, not at the exact optimum: this is what makes the notebook's
 * printed coefficients reproducible.
 */
public final class CoordinateDescent {

  /**
   * @param coefficients the final w
   * @param gap the duality gap at the last check, on the n-scaled objective
   * @param sweeps number of sweeps run
   * @param converged whether the gap fell below the tolerance within the allowed sweeps
   */
  public record Solution(double[] coefficients, double gap, int sweeps, boolean converged) {}

  private CoordinateDescent() {}

  /**
   * Descends on centred data from {@code start} (not modified).
   *
   * @param columns centred inputs by column
   * @param y centred target
   */
  public static Solution onData(double[][] columns, double[] y, double l1, double[] start, int maxSweeps, double tol) {
    int p = columns.length;
    double[] w = start.clone();
    double[] norms = new double[p];
    for (int j = 0; j < p; j++) {
      norms[j] = Vectors.dot(columns[j], columns[j]);
    }
    double[] residual = y.clone();
    for (int j = 0; j < p; j++) {
      if (w[j] != 0) {
        Vectors.axpy(-w[j], columns[j], residual);
      }
    }
    double gapTol = tol * Vectors.dot(y, y);
    double gap = gapTol + 1;
    double[] xtr = new double[p];
    for (int sweep = 0; sweep < maxSweeps; sweep++) {
      double wMax = 0;
      double dwMax = 0;
      for (int j = 0; j < p; j++) {
        if (norms[j] == 0) {
          continue;
        }
        double old = w[j];
        if (old != 0) {
          Vectors.axpy(old, columns[j], residual);
        }
        double rho = Vectors.dot(columns[j], residual);
        w[j] = softThreshold(rho, l1) / norms[j];
        if (w[j] != 0) {
          Vectors.axpy(-w[j], columns[j], residual);
        }
        dwMax = Math.max(dwMax, Math.abs(w[j] - old));
        wMax = Math.max(wMax, Math.abs(w[j]));
      }
      if (wMax == 0 || dwMax / wMax < tol || sweep == maxSweeps - 1) {
        for (int j = 0; j < p; j++) {
          xtr[j] = Vectors.dot(columns[j], residual);
        }
        double residualNorm2 = Vectors.dot(residual, residual);
        gap = dualityGap(Vectors.absMax(xtr), residualNorm2, Vectors.dot(residual, y), l1, Vectors.absSum(w));
        if (gap < gapTol) {
          return new Solution(w, gap, sweep + 1, true);
        }
      }
    }
    return new Solution(w, gap, maxSweeps, false);
  }

  /**
   * Descends on the Gram form from {@code start} (not modified): {@code gram = XᵀX}, {@code xty = Xᵀy} and
   * {@code yNorm2 = yᵀy} of the centred data.
   */
  public static Solution onGram(
      double[][] gram, double[] xty, double yNorm2, double l1, double[] start, int maxSweeps, double tol) {
    int p = gram.length;
    double[] w = start.clone();
    // h = XᵀX·w, kept up to date coordinate by coordinate
    double[] h = new double[p];
    for (int j = 0; j < p; j++) {
      if (w[j] != 0) {
        Vectors.axpy(w[j], gram[j], h);
      }
    }
    double gapTol = tol * yNorm2;
    double gap = gapTol + 1;
    double[] xtr = new double[p];
    for (int sweep = 0; sweep < maxSweeps; sweep++) {
      double wMax = 0;
      double dwMax = 0;
      for (int j = 0; j < p; j++) {
        if (gram[j][j] == 0) {
          continue;
        }
        double old = w[j];
        if (old != 0) {
          Vectors.axpy(-old, gram[j], h);
        }
        w[j] = softThreshold(xty[j] - h[j], l1) / gram[j][j];
        if (w[j] != 0) {
          Vectors.axpy(w[j], gram[j], h);
        }
        dwMax = Math.max(dwMax, Math.abs(w[j] - old));
        wMax = Math.max(wMax, Math.abs(w[j]));
      }
      if (wMax == 0 || dwMax / wMax < tol || sweep == maxSweeps - 1) {
        double xtyDotW = Vectors.dot(w, xty);
        for (int j = 0; j < p; j++) {
          xtr[j] = xty[j] - h[j];
        }
        // ||y − Xw||² = yᵀy + wᵀXᵀXw − 2·wᵀXᵀy, and (y − Xw)ᵀy = yᵀy − wᵀXᵀy
        double residualNorm2 = yNorm2 + Vectors.dot(w, h) - 2 * xtyDotW;
        gap = dualityGap(Vectors.absMax(xtr), residualNorm2, yNorm2 - xtyDotW, l1, Vectors.absSum(w));
        if (gap < gapTol) {
          return new Solution(w, gap, sweep + 1, true);
        }
      }
    }
    return new Solution(w, gap, maxSweeps, false);
  }

  /**
   * The LASSO duality gap: the residual scaled into the dual feasible set ({@code |Xᵀθ|∞ ≤ l1}) gives a dual point
   * whose objective bounds the optimum from below.
   */
  private static double dualityGap(
      double dualNorm, double residualNorm2, double residualDotY, double l1, double l1Norm) {
    double scale;
    double gap;
    if (dualNorm > l1) {
      scale = l1 / dualNorm;
      gap = 0.5 * (residualNorm2 + residualNorm2 * scale * scale);
    } else {
      scale = 1.0;
      gap = residualNorm2;
    }
    return gap + l1 * l1Norm - scale * residualDotY;
  }

  private static double softThreshold(double value, double threshold) {
    return Math.signum(value) * Math.max(Math.abs(value) - threshold, 0);
  }
}
