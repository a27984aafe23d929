package io.driftwatch.core.train;

import io.driftwatch.core.model.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The notebook's Phase 1 results, as {@code train} prints them: each model's test scores and standardized
 * coefficients, the cross-validated alphas, the LASSO's sparsity and the final model.
 *
 * @param dataSource where the rows came from
 * @param rows rows in the data set
 * @param features feature names, in coefficient order
 * @param target name of the predicted column
 * @param options the options trained with
 * @param trainRows rows used for fitting
 * @param testRows rows held out
 * @param ols least squares
 * @param ridge Ridge at {@code options.ridgeAlpha()}
 * @param ridgeFoldRmse that Ridge's held-out RMSE on each of {@code options.ridgeFolds()} folds
 * @param lasso LASSO at {@code options.lassoAlpha()}
 * @param ridgeSearch RidgeCV's search
 * @param ridgeCv Ridge refitted at RidgeCV's alpha
 * @param lassoSearch LassoCV's search
 * @param lassoCv the final model: the LASSO refitted at LassoCV's alpha
 * @param lassoCvTrain the final model's scores on the training rows
 * @param outOfFold the final alpha's out-of-fold scores on the training rows
 * @param warnings anything the user should know (e.g. a fit that reached the sweep limit)
 */
public record TrainingReport(
    String dataSource,
    int rows,
    List<String> features,
    String target,
    TrainingOptions options,
    int trainRows,
    int testRows,
    Estimate ols,
    Estimate ridge,
    double[] ridgeFoldRmse,
    Estimate lasso,
    CrossValidation.RidgeSearch ridgeSearch,
    Estimate ridgeCv,
    CrossValidation.LassoSearch lassoSearch,
    Estimate lassoCv,
    Metrics lassoCvTrain,
    Metrics outOfFold,
    List<String> warnings) {

  /** One fitted model: its name, alpha (NaN for OLS), coefficients and held-out scores. */
  public record Estimate(String name, double alpha, LinearFit fit, Metrics test) {}

  /** Mean of the per-fold RMSEs, as the notebook prints it ({@code -cross_val_score(...).mean()}). */
  public double ridgeCvRmse() {
    double sum = 0;
    for (double r : ridgeFoldRmse) {
      sum += r;
    }
    return sum / ridgeFoldRmse.length;
  }

  /** Names of the features the final LASSO dropped (coefficient exactly zero). */
  public List<String> zeroedFeatures() {
    List<String> zeroed = new ArrayList<>();
    double[] coefficients = lassoCv.fit().coefficients();
    for (int j = 0; j < coefficients.length; j++) {
      if (coefficients[j] == 0.0) {
        zeroed.add(features.get(j));
      }
    }
    return zeroed;
  }

  /** The report as a plain-text table. */
  public String render() {
    StringBuilder out = new StringBuilder();
    line(out, "Data: %s, %d rows, %d features, target %s", dataSource, rows, features.size(), target);
    line(out, "Split: %d train / %d test rows (seed %d, test size %s); StandardScaler fitted on the train rows",
        trainRows, testRows, options.seed(), plain(options.testSize()));
    out.append('\n');
    line(out, "%-28s %9s %10s %8s  %s", "Model", "alpha", "Test RMSE", "Test R2", "CV RMSE");
    row(out, ols, "");
    row(out, ridge, String.format(Locale.ROOT, "%.2f (%d-fold mean)", ridgeCvRmse(), ridgeFoldRmse.length));
    row(out, lasso, "");
    row(out, ridgeCv, "");
    row(out, lassoCv, String.format(Locale.ROOT, "%.2f (%d-fold, sqrt of mean MSE)",
        Math.sqrt(lassoSearch.bestMse()), options.cvFolds()));
    out.append('\n');
    line(out, "Alpha optimal Ridge : %.4f  (%d alphas in [%s, %s], %d-fold CV, highest mean R2 %.4f)",
        ridgeSearch.bestAlpha(), ridgeSearch.alphas().length, plain(min(ridgeSearch.alphas())),
        plain(max(ridgeSearch.alphas())), options.cvFolds(), ridgeSearch.meanR2()[ridgeSearch.best()]);
    line(out, "Alpha optimal LASSO : %.4f  (%d alphas in [%s, %s], %d-fold CV, lowest mean MSE %.2f)",
        lassoSearch.bestAlpha(), lassoSearch.alphasDescending().length, plain(min(lassoSearch.alphasDescending())),
        plain(max(lassoSearch.alphasDescending())), options.cvFolds(), lassoSearch.bestMse());
    List<String> zeroed = zeroedFeatures();
    line(out, "Coefficients zeroed by the LASSO: %d of %d%s", zeroed.size(), features.size(),
        zeroed.isEmpty() ? "" : " (" + String.join(", ", zeroed) + ")");
    out.append('\n');
    line(out, "Standardized coefficients");
    line(out, "%-12s %9s %9s %9s %9s %9s", "Feature", "OLS", label(ridge), label(lasso), label(ridgeCv),
        label(lassoCv));
    for (int j = 0; j < features.size(); j++) {
      // + 0.0 prints a dropped coefficient (scikit-learn's -0.0) as 0.00
      line(out, "%-12s %9.2f %9.2f %9.2f %9.2f %9.2f", features.get(j), ols.fit().coefficients()[j] + 0.0,
          ridge.fit().coefficients()[j] + 0.0, lasso.fit().coefficients()[j] + 0.0,
          ridgeCv.fit().coefficients()[j] + 0.0, lassoCv.fit().coefficients()[j] + 0.0);
    }
    line(out, "%-12s %9.2f %9.2f %9.2f %9.2f %9.2f", "(intercept)", ols.fit().intercept(), ridge.fit().intercept(),
        lasso.fit().intercept(), ridgeCv.fit().intercept(), lassoCv.fit().intercept());
    out.append('\n');
    line(out, "Final model: LASSO alpha=%.4f; train RMSE=%.2f R2=%.2f; test RMSE=%.2f R2=%.2f; "
            + "out-of-fold RMSE=%.2f",
        lassoCv.alpha(), lassoCvTrain.rmse(), lassoCvTrain.r2(), lassoCv.test().rmse(), lassoCv.test().r2(),
        outOfFold.rmse());
    for (String warning : warnings) {
      line(out, "Warning: %s", warning);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Estimate e, String cv) {
    String alpha = Double.isNaN(e.alpha()) ? "-" : String.format(Locale.ROOT, "%.4f", e.alpha());
    line(out, "%-28s %9s %10.2f %8.2f  %s", e.name(), alpha, e.test().rmse(), e.test().r2(), cv.isEmpty() ? "-" : cv);
  }

  private static String label(Estimate e) {
    return e.name().split(" ")[0];
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static double min(double[] values) {
    double m = values[0];
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] values) {
    double m = values[0];
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
