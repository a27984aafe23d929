package io.driftwatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.Metrics;
import io.driftwatch.core.model.Standardizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each estimator against scikit-learn 1.2.1 on the notebook's standardized training rows. */
class SklearnParityTest {

  private static double[][] train;
  private static double[] trainY;
  private static double[][] test;
  private static double[] testY;
  private static Standardizer scaler;

  @BeforeAll
  static void standardizeTheNotebooksSplit() {
    Dataset data = Dataset.loadBundledDiabetes();
    TrainTestSplit split = TrainTestSplit.shuffled(data.size(), 0.2, 42);
    double[][] rows = data.rows();
    scaler = StandardScaler.fit(CrossValidation.rows(rows, split.train()));
    train = StandardScaler.transform(scaler, CrossValidation.rows(rows, split.train()));
    test = StandardScaler.transform(scaler, CrossValidation.rows(rows, split.test()));
    trainY = CrossValidation.values(data.target(), split.train());
    testY = CrossValidation.values(data.target(), split.test());
  }

  @Test
  void standardScalerUsesThePopulationStandardDeviation() {
    assertClose(scaler.mean(), GoldenDiabetes.numbers("scaler_mean"), 1e-10);
    assertClose(scaler.scale(), GoldenDiabetes.numbers("scaler_scale"), 1e-10);
  }

  @Test
  void standardScalerGivesAConstantColumnScaleOne() {
    Standardizer constant = StandardScaler.fit(new double[][] {{0.1, 1}, {0.1, 3}, {0.1, 5}});
    assertThat(constant.scale()[0]).isEqualTo(1.0);
    assertThat(constant.scale()[1]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-15));
  }

  @Test
  void ordinaryLeastSquaresWithin1e6() {
    LinearFit ols = LinearRegressions.ordinaryLeastSquares(train, trainY);
    assertClose(ols.coefficients(), GoldenDiabetes.numbers("ols.coef"), 1e-6);
    assertThat(ols.intercept()).isCloseTo(GoldenDiabetes.number("ols.intercept"), within(1e-6));
    Metrics metrics = Scores.of(testY, ols.predict(test));
    assertThat(metrics.rmse()).isCloseTo(GoldenDiabetes.number("ols.test_rmse"), within(1e-8));
    assertThat(metrics.r2()).isCloseTo(GoldenDiabetes.number("ols.test_r2"), within(1e-10));
  }

  @Test
  void ordinaryLeastSquaresOnCollinearColumnsGivesTheMinimumNormSolution() {
    // y = 2·a with a duplicated column: lstsq splits the weight equally
    double[][] z = {{-1, -1}, {0, 0}, {1, 1}};
    LinearFit fit = LinearRegressions.ordinaryLeastSquares(z, new double[] {8, 10, 12});
    assertThat(fit.coefficients()).containsExactly(new double[] {1, 1}, within(1e-12));
    assertThat(fit.intercept()).isCloseTo(10, within(1e-12));
  }

  @Test
  void ridgeAtAlphaOneWithin1e6AndItsFiveFoldRmse() {
    LinearFit ridge = LinearRegressions.ridge(train, trainY, 1.0);
    assertClose(ridge.coefficients(), GoldenDiabetes.numbers("ridge_alpha1.coef"), 1e-6);
    assertThat(ridge.intercept()).isCloseTo(GoldenDiabetes.number("ridge_alpha1.intercept"), within(1e-6));
    double[] foldRmse = CrossValidation.foldRmse(
        train, trainY, KFold.split(train.length, 5), (z, y) -> LinearRegressions.ridge(z, y, 1.0));
    assertClose(foldRmse, GoldenDiabetes.numbers("ridge_alpha1.cv5_fold_rmse"), 1e-8);
  }

  @Test
  void lassoStopsWhereScikitLearnStops() {
    LassoRegression.Fitted lasso = LassoRegression.fit(train, trainY, 0.1, 10_000, 1e-4);
    assertClose(lasso.model().coefficients(), GoldenDiabetes.numbers("lasso_alpha01.coef"), 1e-4);
    // Same stopping rule, same sweep: the coefficients agree far beyond the tolerance.
    assertClose(lasso.model().coefficients(), GoldenDiabetes.numbers("lasso_alpha01.coef"), 1e-9);
    assertThat(lasso.solution().sweeps()).isEqualTo(GoldenDiabetes.at("lasso_alpha01.n_iter").intValue());
    assertThat(lasso.solution().converged()).isTrue();
    assertThat(lasso.model().intercept()).isCloseTo(GoldenDiabetes.number("lasso_alpha01.intercept"), within(1e-9));
  }

  @Test
  void lassoIsNotTheExactOptimumButScikitLearnsStoppingPoint() {
    LassoRegression.Fitted tight = LassoRegression.fit(train, trainY, 0.1, 100_000, 1e-12);
    double[] notebook = GoldenDiabetes.numbers("lasso_alpha01.coef");
    double largest = 0;
    for (int j = 0; j < notebook.length; j++) {
      largest = Math.max(largest, Math.abs(tight.model().coefficients()[j] - notebook[j]));
    }
    assertThat(largest).isGreaterThan(0.01);
  }

  @Test
  void ridgeCvChoosesTheNotebooksAlphaByMeanR2() {
    CrossValidation.RidgeSearch search = CrossValidation.ridgeByR2(
        train, trainY, TrainingOptions.logspace(-3, 2, 100), KFold.split(train.length, 10));
    assertThat(search.bestAlpha()).isCloseTo(GoldenDiabetes.number("ridge_cv.alpha"), within(1e-12));
    assertThat(search.best()).isEqualTo(94);
    assertClose(search.meanR2(), GoldenDiabetes.numbers("ridge_cv.mean_r2"), 1e-9);
  }

  @Test
  void lassoCvChoosesTheNotebooksAlphaByMeanMseAlongTheWarmStartedPath() {
    CrossValidation.LassoSearch search = CrossValidation.lassoByMse(
        train, trainY, TrainingOptions.logspace(-3, 0, 100), KFold.split(train.length, 10), 10_000, 1e-4);
    assertThat(search.bestAlpha()).isCloseTo(GoldenDiabetes.number("lasso_cv.alpha"), within(1e-15));
    assertClose(search.alphasDescending(), GoldenDiabetes.numbers("lasso_cv.alphas_descending"), 1e-15);
    assertClose(search.meanMse(), GoldenDiabetes.numbers("lasso_cv.mean_mse_descending"), 1e-7);
    assertThat(search.unconverged()).isZero();

    LassoRegression.Fitted refit = LassoRegression.fit(train, trainY, search.bestAlpha(), 10_000, 1e-4);
    assertClose(refit.model().coefficients(), GoldenDiabetes.numbers("lasso_cv.coef"), 1e-4);
    assertThat(refit.model().zeroCount()).isEqualTo(GoldenDiabetes.at("lasso_cv.zeroed").intValue()).isEqualTo(1);
    assertClose(refit.model().predict(test), GoldenDiabetes.numbers("test_predictions"), 1e-4);
  }

  @Test
  void outOfFoldPredictionsMatchCrossValPredict() {
    double alpha = GoldenDiabetes.number("lasso_cv.alpha");
    double[] predictions = CrossValidation.outOfFoldPredictions(
        train, trainY, KFold.split(train.length, 10),
        (z, y) -> LassoRegression.fit(z, y, alpha, 10_000, 1e-4).model());
    assertClose(predictions, GoldenDiabetes.numbers("oof_predictions"), 1e-4);
  }

  @Test
  void logspaceMatchesNumpyToTheLastBitOrTwo() {
    double[] alphas = TrainingOptions.logspace(-3, 2, 100);
    double[] numpy = GoldenDiabetes.numbers("ridge_cv.alphas");
    for (int i = 0; i < alphas.length; i++) {
      assertThat(Math.abs(alphas[i] - numpy[i])).isLessThanOrEqualTo(2 * Math.ulp(numpy[i]));
    }
  }

  @Test
  void lassoReportsReachingTheSweepLimitBeforeConverging() {
    LassoRegression.Fitted capped = LassoRegression.fit(train, trainY, 0.1, 3, 1e-4);
    assertThat(capped.solution().sweeps()).isEqualTo(3);
    assertThat(capped.solution().converged()).isFalse();
  }

  @Test
  void gramAndDataDescentsAgree() {
    CenteredData data = CenteredData.of(train, trainY);
    double[] zero = new double[data.features()];
    CoordinateDescent.Solution onData =
        CoordinateDescent.onData(data.columns(), data.y(), 0.1 * data.rows(), zero, 10_000, 1e-4);
    CoordinateDescent.Solution onGram = CoordinateDescent.onGram(
        data.gram(), data.xty(), dot(data.y(), data.y()), 0.1 * data.rows(), zero, 10_000, 1e-4);
    assertThat(onGram.sweeps()).isEqualTo(onData.sweeps());
    assertClose(onGram.coefficients(), onData.coefficients(), 1e-9);
    assertThat(onData.converged()).isTrue();
    assertThat(onGram.converged()).isTrue();
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static void assertClose(double[] actual, double[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
    }
  }
}
