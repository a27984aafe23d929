package io.driftwatch.core.train;

/**
 * What {@code train} does, by default exactly the notebook's Phase 1.
 *
 * @param seed {@code random_state} of the train/test split
 * @param testSize fraction of rows held out for testing
 * @param cvFolds folds of {@code RidgeCV}, {@code LassoCV} and the out-of-fold residuals
 * @param ridgeAlphas alphas {@code RidgeCV} searches
 * @param lassoAlphas alphas {@code LassoCV} searches
 * @param ridgeAlpha the notebook's first Ridge
 * @param ridgeFolds folds of that Ridge's cross-validated RMSE
 * @param lassoAlpha the notebook's first LASSO
 * @param maxSweeps coordinate-descent sweep limit ({@code max_iter})
 * @param tol coordinate-descent tolerance ({@code tol})
 */
public record TrainingOptions(
    long seed,
    double testSize,
    int cvFolds,
    double[] ridgeAlphas,
    double[] lassoAlphas,
    double ridgeAlpha,
    int ridgeFolds,
    double lassoAlpha,
    int maxSweeps,
    double tol) {

  public TrainingOptions {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("seed must be between 0 and 4294967295, was " + seed);
    }
    if (!(testSize > 0 && testSize < 1)) {
      throw new IllegalArgumentException("test size must be strictly between 0 and 1, was " + testSize);
    }
    if (cvFolds < 2 || ridgeFolds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds");
    }
    requirePositive("ridge alphas", ridgeAlphas);
    requirePositive("lasso alphas", lassoAlphas);
    if (!(ridgeAlpha > 0 && lassoAlpha > 0 && tol > 0) || maxSweeps < 1) {
      throw new IllegalArgumentException("alphas, tol and max sweeps must be positive");
    }
    ridgeAlphas = ridgeAlphas.clone();
    lassoAlphas = lassoAlphas.clone();
  }

  /** The notebook: seed 42, test size 0.2, 10 folds, {@code logspace(-3, 2, 100)} and {@code logspace(-3, 0, 100)}. */
  public static TrainingOptions defaults() {
    return new TrainingOptions(42, 0.2, 10, logspace(-3, 2, 100), logspace(-3, 0, 100), 1.0, 5, 0.1, 10_000, 1e-4);
  }

  public TrainingOptions withSeed(long newSeed) {
    return new TrainingOptions(
        newSeed, testSize, cvFolds, ridgeAlphas, lassoAlphas, ridgeAlpha, ridgeFolds, lassoAlpha, maxSweeps, tol);
  }

  public TrainingOptions withTestSize(double newTestSize) {
    return new TrainingOptions(
        seed, newTestSize, cvFolds, ridgeAlphas, lassoAlphas, ridgeAlpha, ridgeFolds, lassoAlpha, maxSweeps, tol);
  }

  @Override
  public double[] ridgeAlphas() {
    return ridgeAlphas.clone();
  }

  @Override
  public double[] lassoAlphas() {
    return lassoAlphas.clone();
  }

  /** NumPy's {@code logspace(start, stop, num)}: 10 to the powers {@code start + i·(stop − start)/(num − 1)}. */
  public static double[] logspace(double start, double stop, int num) {
    double[] values = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      double exponent = i == num - 1 ? stop : i * step + start;
      values[i] = Math.pow(10, exponent);
    }
    return values;
  }

  private static void requirePositive(String what, double[] alphas) {
    if (alphas == null || alphas.length == 0) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (double a : alphas) {
      if (!(a > 0) || Double.isInfinite(a)) {
        throw new IllegalArgumentException(what + " must be positive and finite, got " + a);
      }
    }
  }
}
