package io.driftwatch.core.train;

import java.util.List;

/**
 * Cross-validation as the notebook uses it, always on unshuffled {@link KFold} folds: a model's RMSE
 * ({@code cross_val_score}), ridge's alpha by mean R² ({@code RidgeCV(cv=k)}), the LASSO's alpha by mean squared error
 * along the regularisation path ({@code LassoCV(cv=k)}), and out-of-fold predictions ({@code cross_val_predict}).
 */
public final class CrossValidation {

  /** Fits a model to standardized rows and their targets. */
  @FunctionalInterface
  public interface Fitter {
    LinearFit fit(double[][] z, double[] y);
  }

  /**
   * Ridge's search: mean held-out R² for each alpha (in the order given) and the first alpha with the highest.
   */
  public record RidgeSearch(double[] alphas, double[] meanR2, int best) {
    public double bestAlpha() {
      return alphas[best];
    }
  }

  /**
   * The LASSO's search: alphas in descending order (the path's order), the mean over folds of each alpha's held-out
   * MSE, the first alpha with the lowest, and how many path fits hit the sweep limit before converging.
   */
  public record LassoSearch(double[] alphasDescending, double[] meanMse, int best, int unconverged) {
    public double bestAlpha() {
      return alphasDescending[best];
    }

    public double bestMse() {
      return meanMse[best];
    }
  }

  private CrossValidation() {}

  /** Held-out RMSE of each fold ({@code -cross_val_score(..., scoring='neg_root_mean_squared_error')}). */
  public static double[] foldRmse(double[][] z, double[] y, List<KFold.Fold> folds, Fitter fitter) {
    double[] rmse = new double[folds.size()];
    for (int f = 0; f < folds.size(); f++) {
      KFold.Fold fold = folds.get(f);
      LinearFit fit = fitter.fit(rows(z, fold.train()), values(y, fold.train()));
      rmse[f] = Math.sqrt(
          Scores.meanSquaredError(values(y, fold.test()), fit.predict(rows(z, fold.test()))));
    }
    return rmse;
  }

  public static RidgeSearch ridgeByR2(double[][] z, double[] y, double[] alphas, List<KFold.Fold> folds) {
    double[] meanR2 = new double[alphas.length];
    for (KFold.Fold fold : folds) {
      LinearRegressions.NormalEquations equations =
          new LinearRegressions.NormalEquations(CenteredData.of(rows(z, fold.train()), values(y, fold.train())));
      double[][] testRows = rows(z, fold.test());
      double[] testY = values(y, fold.test());
      for (int a = 0; a < alphas.length; a++) {
        meanR2[a] += Scores.r2(testY, equations.solve(alphas[a]).predict(testRows));
      }
    }
    divide(meanR2, folds.size());
    int best = 0;
    for (int a = 1; a < alphas.length; a++) {
      if (meanR2[a] > meanR2[best]) {
        best = a;
      }
    }
    return new RidgeSearch(alphas.clone(), meanR2, best);
  }

  public static LassoSearch lassoByMse(
      double[][] z, double[] y, double[] alphas, List<KFold.Fold> folds, int maxSweeps, double tol) {
    double[] descending = LassoRegression.descending(alphas);
    double[] meanMse = new double[descending.length];
    int unconverged = 0;
    for (KFold.Fold fold : folds) {
      CenteredData train = CenteredData.of(rows(z, fold.train()), values(y, fold.train()));
      double[][] testRows = rows(z, fold.test());
      double[] testY = values(y, fold.test());
      LassoRegression.Fitted[] path = LassoRegression.path(train, descending, maxSweeps, tol);
      for (int a = 0; a < descending.length; a++) {
        meanMse[a] += Scores.meanSquaredError(testY, path[a].model().predict(testRows));
        if (!path[a].solution().converged()) {
          unconverged++;
        }
      }
    }
    divide(meanMse, folds.size());
    int best = 0;
    for (int a = 1; a < descending.length; a++) {
      if (meanMse[a] < meanMse[best]) {
        best = a;
      }
    }
    return new LassoSearch(descending, meanMse, best, unconverged);
  }

  /** Each row's prediction by the model fitted on the folds that do not hold it, in row order. */
  public static double[] outOfFoldPredictions(double[][] z, double[] y, List<KFold.Fold> folds, Fitter fitter) {
    double[] predictions = new double[y.length];
    for (KFold.Fold fold : folds) {
      LinearFit fit = fitter.fit(rows(z, fold.train()), values(y, fold.train()));
      for (int i : fold.test()) {
        predictions[i] = fit.predict(z[i]);
      }
    }
    return predictions;
  }

  private static void divide(double[] sums, int count) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= count;
    }
  }

  static double[][] rows(double[][] z, int[] indices) {
    double[][] picked = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      picked[i] = z[indices[i]];
    }
    return picked;
  }

  static double[] values(double[] y, int[] indices) {
    double[] picked = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      picked[i] = y[indices[i]];
    }
    return picked;
  }
}
