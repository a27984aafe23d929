package io.driftwatch.core.train;

import static io.driftwatch.core.train.SklearnParityTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.model.ResidualProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole notebook, end to end: what {@code train} prints and the artifact it writes. */
class ModelTrainerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-18T19:27:35.123Z"), ZoneOffset.UTC);

  private static Dataset data;
  private static TrainingResult result;
  private static ModelArtifact artifact;
  private static TrainingReport report;

  @BeforeAll
  static void trainTheNotebook() {
    data = Dataset.loadBundledDiabetes();
    result = ModelTrainer.train(data, TrainingOptions.defaults(), CLOCK);
    artifact = result.artifact();
    report = result.report();
  }

  @Test
  void printsTheNotebooksNumbersAsTheNotebookPrintedThem() {
    assertThat(twoDecimals(report.ols().test().rmse())).isEqualTo("53.85");
    assertThat(twoDecimals(report.ols().test().r2())).isEqualTo("0.45");
    assertThat(Arrays.stream(report.ols().fit().coefficients()).mapToObj(ModelTrainerTest::twoDecimals))
        .containsExactly("1.75", "-11.51", "25.61", "16.83", "-44.45", "24.64", "7.68", "13.14", "35.16", "2.35");
    assertThat(twoDecimals(report.ridgeCvRmse())).isEqualTo("55.92");
    assertThat(twoDecimals(report.lasso().test().rmse())).isEqualTo("53.71");
    assertThat(twoDecimals(report.lasso().test().r2())).isEqualTo("0.46");
    assertThat(String.format(Locale.ROOT, "%.4f", report.ridgeSearch().bestAlpha())).isEqualTo("55.9081");
    assertThat(String.format(Locale.ROOT, "%.4f", report.lassoSearch().bestAlpha())).isEqualTo("0.1417");
    assertThat(report.zeroedFeatures()).containsExactly("s3");
  }

  @Test
  void ridgeAndLassoCoefficientsAreThoseTheNotebookPrintedToEightDecimals() {
    // The notebook's own output (it printed these with NumPy's 8 decimals).
    assertClose(report.ridge().fit().coefficients(), new double[] {
        1.80734179, -11.44818951, 25.73269892, 16.73429974, -34.67195409,
        17.05307485, 3.36991411, 11.76426044, 31.3783838, 2.45813922}, 5e-9);
    assertClose(report.lasso().fit().coefficients(), new double[] {
        1.73045056, -11.31635911, 25.82462699, 16.64425156, -29.35841191,
        13.27584411, 0.5479479, 10.23616805, 29.63282611, 2.39347521}, 5e-9);
  }

  @Test
  void theReportTableShowsEveryPrintedNumber() {
    String text = report.render();
    assertThat(text)
        .contains("Split: 353 train / 89 test rows (seed 42, test size 0.2)")
        .containsPattern("OLS +- +53\\.85 +0\\.45")
        .containsPattern("Ridge +1\\.0000 +\\d+\\.\\d\\d +0\\.\\d\\d +55\\.92 \\(5-fold mean\\)")
        .containsPattern("LASSO +0\\.1000 +53\\.71 +0\\.46")
        .contains("Alpha optimal Ridge : 55.9081")
        .contains("Alpha optimal LASSO : 0.1417")
        .contains("Coefficients zeroed by the LASSO: 1 of 10 (s3)")
        .containsPattern("s3 +7\\.68 +3\\.37 +0\\.55 +-?\\d+\\.\\d\\d +0\\.00\\n")
        .contains("Final model: LASSO alpha=0.1417")
        .doesNotContain("Warning");
  }

  @Test
  void theArtifactIsTheFinalLassoWithItsScaler() {
    assertThat(artifact.modelName()).isEqualTo("diabetes-lasso");
    assertThat(artifact.target()).isEqualTo("progression");
    assertThat(artifact.createdAt()).isEqualTo("2026-01-18T19:27:35Z");
    assertThat(artifact.featureNames()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
    assertThat(artifact.model().type()).isEqualTo("lasso");
    assertThat(artifact.model().alpha()).isCloseTo(GoldenDiabetes.number("lasso_cv.alpha"), within(1e-15));
    assertClose(artifact.model().coefficients(), GoldenDiabetes.numbers("lasso_cv.coef"), 1e-4);
    // scikit-learn left -0.0 there; the artifact stores a plain 0
    assertThat(Double.doubleToRawLongBits(artifact.model().coefficients()[6])).isZero();
    assertThat(artifact.model().intercept()).isCloseTo(GoldenDiabetes.number("lasso_cv.intercept"), within(1e-4));
    assertClose(artifact.scaler().mean(), GoldenDiabetes.numbers("scaler_mean"), 1e-10);
    assertClose(artifact.scaler().scale(), GoldenDiabetes.numbers("scaler_scale"), 1e-10);
    assertThat(artifact.training().test().rows()).isEqualTo(89);
    assertThat(artifact.training().test().rmse())
        .isCloseTo(GoldenDiabetes.number("lasso_cv.test_rmse"), within(1e-6));
    assertThat(artifact.training().train().r2()).isCloseTo(GoldenDiabetes.number("lasso_cv.train_r2"), within(1e-8));
    assertClose(artifact.training().cvMse(), GoldenDiabetes.numbers("lasso_cv.mean_mse_descending"), 1e-7);
  }

  @Test
  void scoringRawUnitsWithTheArtifactGivesScikitLearnsTestPredictions() {
    LinearScorer scorer = new LinearScorer(artifact);
    int[] testRows = GoldenDiabetes.integers("test_index");
    double[] expected = GoldenDiabetes.numbers("test_predictions");
    for (int i = 0; i < testRows.length; i++) {
      assertThat(scorer.predict(data.row(testRows[i]))).as("test row %d", i).isCloseTo(expected[i], within(1e-4));
    }
    // The notebook's first test patient (task 2.1): 140.05
    assertThat(data.row(testRows[0])).containsExactly(61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90);
    assertThat(twoDecimals(scorer.predict(data.row(testRows[0])))).isEqualTo("140.05");
  }

  @Test
  void featureSpecsCarryClinicalUnitsAndRanges() {
    assertThat(artifact.features().get(3)).isEqualTo(FeatureSpec.continuous("bp", "mm Hg", 40, 250));
    assertThat(artifact.features().get(1)).isEqualTo(FeatureSpec.categorical("sex", "code", 1, 2));
    // Blood pressure sent in kPa is refused
    assertThat(artifact.features().get(3).accepts(12)).isFalse();
  }

  @Test
  void referenceProfileDescribesTheRawTrainingRows() {
    List<DistributionProfile> features = artifact.reference().features();
    assertThat(features).extracting(DistributionProfile::name).containsExactly(artifact.featureNames());
    DistributionProfile bmi = features.get(2);
    assertThat(bmi.count()).isEqualTo(353);
    assertThat(bmi.mean()).isCloseTo(GoldenDiabetes.numbers("scaler_mean")[2], within(1e-10));
    assertThat(bmi.std()).isCloseTo(GoldenDiabetes.numbers("scaler_scale")[2], within(1e-10));
    assertThat(bmi.quantiles()).hasSize(101);
    assertThat(bmi.quantiles()[0]).isEqualTo(bmi.min());
    assertThat(bmi.quantiles()[100]).isEqualTo(bmi.max());
    DistributionProfile sex = features.get(1);
    assertThat(sex.kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(sex.categories()).containsExactly(1, 2);
    assertThat(sex.categoryProportions()[0] + sex.categoryProportions()[1]).isCloseTo(1, within(1e-12));
    assertThat(sex.categoryProportions()[1]).isCloseTo(sex.mean() - 1, within(1e-12));

    DistributionProfile prediction = artifact.reference().prediction();
    assertThat(prediction.name()).isEqualTo("prediction");
    assertThat(prediction.count()).isEqualTo(353);
    // Least squares with an intercept: fitted values average to the target's mean
    assertThat(prediction.mean()).isCloseTo(artifact.model().intercept(), within(1e-9));
  }

  @Test
  void residualsAreOutOfFoldOnTheCrossValidationFolds() {
    double[] oof = GoldenDiabetes.numbers("oof_predictions");
    double[] y = CrossValidation.values(data.target(), GoldenDiabetes.integers("train_index"));
    double squares = 0;
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      squares += (y[i] - oof[i]) * (y[i] - oof[i]);
      sum += y[i] - oof[i];
    }
    ResidualProfile residuals = artifact.reference().residuals();
    assertThat(residuals.folds()).isEqualTo(10);
    assertThat(residuals.count()).isEqualTo(353);
    assertThat(residuals.rmse()).isCloseTo(Math.sqrt(squares / y.length), within(1e-6));
    assertThat(residuals.bias()).isCloseTo(sum / y.length, within(1e-6));
    assertThat(residuals.quantiles()).hasSize(101);
    // Out of fold is the honest error: worse than on the rows the final model was fitted to
    assertThat(residuals.rmse()).isGreaterThan(artifact.training().train().rmse());
  }

  @Test
  void modelVersionIsAHashOfTheContentNotOfTheTime() {
    TrainingResult later = ModelTrainer.train(
        data, TrainingOptions.defaults(), Clock.fixed(Instant.parse("2027-05-01T00:00:00Z"), ZoneOffset.UTC));
    assertThat(artifact.modelVersion()).matches("[0-9a-f]{12}");
    assertThat(later.artifact().modelVersion()).isEqualTo(artifact.modelVersion());
    assertThat(ModelArtifactJson.contentVersion(artifact)).isEqualTo(artifact.modelVersion());
    TrainingResult otherSplit = ModelTrainer.train(data, TrainingOptions.defaults().withSeed(7), CLOCK);
    assertThat(otherSplit.artifact().modelVersion()).isNotEqualTo(artifact.modelVersion());
  }

  @Test
  void otherDataGetsInferredRangesAndCategoricalColumns() {
    // 40 rows: y = 3·x + 2·flag, flag in {0, 1}
    int n = 40;
    double[][] rows = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = 10 + i;
      rows[i][1] = i % 2;
      y[i] = 3 * rows[i][0] + 2 * rows[i][1] + (i % 3);
    }
    Dataset toy = new Dataset("toy", "toy.csv", List.of("x", "flag"), "y", rows, y);
    ModelArtifact model = ModelTrainer.train(toy, TrainingOptions.defaults(), CLOCK).artifact();
    assertThat(model.modelName()).isEqualTo("toy-lasso");
    FeatureSpec x = model.features().get(0);
    assertThat(x.kind()).isEqualTo(FeatureKind.CONTINUOUS);
    assertThat(x.unit()).isEmpty();
    double min = x.min();
    double max = x.max();
    // training rows span some of [10, 49]; the accepted range widens it by its width, not below 0
    assertThat(min).isGreaterThanOrEqualTo(0).isLessThan(10);
    assertThat(max).isGreaterThan(49);
    assertThat(model.features().get(1)).isEqualTo(FeatureSpec.categorical("flag", "", 0, 1));
    assertThat(model.reference().features().get(1).categories()).containsExactly(0, 1);
  }

  @Test
  void refusesDataTooSmallToCrossValidate() {
    Dataset tiny = new Dataset("tiny", "tiny.csv", List.of("x"), "y",
        new double[][] {{1}, {2}, {3}, {4}, {5}}, new double[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> ModelTrainer.train(tiny, TrainingOptions.defaults(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tiny.csv has too few rows: 4 training rows, at least 20 are needed");
  }

  @Test
  void inferredSpecsForEdgeCases() {
    assertThat(FeatureCatalog.inferred("c", new double[] {-5, 5}))
        .isEqualTo(FeatureSpec.categorical("c", "", -5, 5));
    assertThat(FeatureCatalog.inferred("t", new double[] {-1.5, 0.5}))
        .isEqualTo(FeatureSpec.continuous("t", "", -3.5, 2.5));
    assertThat(FeatureCatalog.inferred("k", new double[] {3, 3, 3}))
        .isEqualTo(FeatureSpec.continuous("k", "", 0, 6));
    assertThat(FeatureCatalog.inferred("many", new double[] {1, 2, 3, 4, 5, 6}).kind())
        .isEqualTo(FeatureKind.CONTINUOUS);
  }

  @Test
  void trainingTheWholeNotebookIsFast() {
    long start = System.nanoTime();
    ModelTrainer.train(data, TrainingOptions.defaults(), CLOCK);
    // generous: it takes tens of milliseconds; guards against an accidental quadratic blow-up only
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
  }

  private static String twoDecimals(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
