package io.driftwatch.core.train;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.drift.ArtifactCalibration;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.MultivariateLayout;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.Metrics;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.model.ReferenceMoments;
import io.driftwatch.core.model.ReferenceProfile;
import io.driftwatch.core.model.ResidualProfile;
import io.driftwatch.core.model.Standardizer;
import io.driftwatch.core.model.TrainingSummary;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The notebook's Phase 1 in Java: split, standardize on the training rows, fit OLS, Ridge and LASSO, choose both
 * alphas by cross-validation, and package the final LASSO (LassoCV's alpha refitted on all training rows) as a
 * {@link ModelArtifact} with its scaler and the reference profile drift monitoring compares live traffic with.
 */
public final class ModelTrainer {

  private ModelTrainer() {}

  /**
   * Trains and packages the model, its reference calibrated for the default drift settings ({@link
   * DriftSettings#defaults()}, stored in {@code reference.calibration}).
   */
  public static TrainingResult train(Dataset data, TrainingOptions options) {
    return train(data, options, Clock.systemUTC());
  }

  /** As {@link #train(Dataset, TrainingOptions)}, stamping {@code created_at} from {@code clock}. */
  public static TrainingResult train(Dataset data, TrainingOptions options, Clock clock) {
    return train(data, options, clock, DriftSettings.defaults());
  }

  /**
   * As {@link #train(Dataset, TrainingOptions)}, stamping {@code created_at} from {@code clock} and calibrating the
   * reference for {@code drift} (the settings the services that will monitor it run with): the resampling a service
   * would otherwise repeat at every start (a few seconds of CPU) is done once, here ({@link ArtifactCalibration}).
   * With {@code drift.calibrationRounds() == 0} the artifact carries no calibration.
   *
   * @throws io.driftwatch.core.data.CsvFormatException a declared categorical column holds a value that is none of
   *     its codes ({@link FeatureCatalog#checkDeclaredCategories})
   * @throws IllegalArgumentException too few rows to cross-validate
   */
  public static TrainingResult train(Dataset data, TrainingOptions options, Clock clock, DriftSettings drift) {
    FeatureCatalog.checkDeclaredCategories(data);
    TrainTestSplit split = TrainTestSplit.shuffled(data.size(), options.testSize(), options.seed());
    int minimumTrainRows = Math.max(options.cvFolds(), options.ridgeFolds()) * 2;
    if (split.train().length < minimumTrainRows) {
      throw new IllegalArgumentException(data.source() + " has too few rows: " + split.train().length
          + " training rows, at least " + minimumTrainRows + " are needed for " + options.cvFolds()
          + "-fold cross-validation");
    }
    double[][] rows = data.rows();
    double[] y = data.target();
    double[][] trainRaw = CrossValidation.rows(rows, split.train());
    double[] trainY = CrossValidation.values(y, split.train());
    double[][] testRaw = CrossValidation.rows(rows, split.test());
    double[] testY = CrossValidation.values(y, split.test());

    Standardizer scaler = StandardScaler.fit(trainRaw);
    double[][] train = StandardScaler.transform(scaler, trainRaw);
    double[][] test = StandardScaler.transform(scaler, testRaw);
    List<String> warnings = new ArrayList<>();

    LinearFit ols = LinearRegressions.ordinaryLeastSquares(train, trainY);
    LinearFit ridge = LinearRegressions.ridge(train, trainY, options.ridgeAlpha());
    double[] ridgeFoldRmse = CrossValidation.foldRmse(
        train, trainY, KFold.split(train.length, options.ridgeFolds()),
        (z, target) -> LinearRegressions.ridge(z, target, options.ridgeAlpha()));
    LinearFit lasso = lasso(train, trainY, options.lassoAlpha(), options, warnings);

    List<KFold.Fold> folds = KFold.split(train.length, options.cvFolds());
    CrossValidation.RidgeSearch ridgeSearch =
        CrossValidation.ridgeByR2(train, trainY, options.ridgeAlphas(), folds);
    LinearFit ridgeCv = LinearRegressions.ridge(train, trainY, ridgeSearch.bestAlpha());
    CrossValidation.LassoSearch lassoSearch = CrossValidation.lassoByMse(
        train, trainY, options.lassoAlphas(), folds, options.maxSweeps(), options.tol());
    if (lassoSearch.unconverged() > 0) {
      warnings.add(lassoSearch.unconverged() + " LassoCV path fits reached " + options.maxSweeps()
          + " sweeps before the duality gap fell below the tolerance");
    }
    double alpha = lassoSearch.bestAlpha();
    LinearFit chosen = lasso(train, trainY, alpha, options, warnings);
    double[] outOfFold = CrossValidation.outOfFoldPredictions(
        train, trainY, folds, (z, target) -> lasso(z, target, alpha, options, warnings));

    double[] trainPredictions = chosen.predict(train);
    Metrics trainMetrics = Scores.of(trainY, trainPredictions);
    Metrics testMetrics = Scores.of(testY, chosen.predict(test));
    TrainingReport report = new TrainingReport(
        data.source(), data.size(), data.featureNames(), data.targetName(), options,
        split.train().length, split.test().length,
        new TrainingReport.Estimate("OLS", Double.NaN, ols, Scores.of(testY, ols.predict(test))),
        new TrainingReport.Estimate("Ridge", options.ridgeAlpha(), ridge, Scores.of(testY, ridge.predict(test))),
        ridgeFoldRmse,
        new TrainingReport.Estimate("LASSO", options.lassoAlpha(), lasso, Scores.of(testY, lasso.predict(test))),
        ridgeSearch,
        new TrainingReport.Estimate(
            "RidgeCV", ridgeSearch.bestAlpha(), ridgeCv, Scores.of(testY, ridgeCv.predict(test))),
        lassoSearch,
        new TrainingReport.Estimate("LassoCV (final model)", alpha, chosen, testMetrics),
        trainMetrics,
        Scores.of(trainY, outOfFold),
        List.copyOf(warnings));

    List<FeatureSpec> features = FeatureCatalog.forColumns(data.featureNames(), trainRaw);
    TrainingSummary summary = new TrainingSummary(
        data.source(), options.seed(), options.testSize(), options.cvFolds(), trainMetrics, testMetrics,
        lassoSearch.alphasDescending(), lassoSearch.meanMse());
    ReferenceProfile reference = new ReferenceProfile(
        featureProfiles(features, trainRaw),
        DistributionProfiles.of("prediction", FeatureKind.CONTINUOUS, trainPredictions),
        residuals(trainY, outOfFold, options.cvFolds()));
    ModelArtifact unversioned = new ModelArtifact(
        ModelArtifact.SCHEMA_VERSION, data.name() + "-lasso", "",
        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), data.targetName(), features, scaler,
        new LinearModel("lasso", alpha, withoutNegativeZeros(chosen.coefficients()), chosen.intercept()), summary, reference);
    unversioned = withReference(unversioned, reference.withMoments(referenceMoments(unversioned, trainRaw)));
    // The calibration is not part of the content hash: the version is the same with or without it.
    ModelArtifact artifact =
        ArtifactCalibration.with(withVersion(unversioned, ModelArtifactJson.contentVersion(unversioned)), drift);
    return new TrainingResult(artifact, report);
  }

  /** The training rows' joint moments on the transforms the multivariate drift tests use (from the profiles above). */
  private static ReferenceMoments referenceMoments(ModelArtifact profiled, double[][] trainRaw) {
    return MultivariateLayout.of(SummaryLayout.of(profiled)).referenceMoments(trainRaw);
  }

  private static ModelArtifact withReference(ModelArtifact a, ReferenceProfile reference) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        a.features(), a.scaler(), a.model(), a.training(), reference, a.lineage());
  }

  private static LinearFit lasso(
      double[][] z, double[] y, double alpha, TrainingOptions options, List<String> warnings) {
    LassoRegression.Fitted fitted = LassoRegression.fit(z, y, alpha, options.maxSweeps(), options.tol());
    if (!fitted.solution().converged()) {
      String warning = String.format(java.util.Locale.ROOT,
          "LASSO alpha=%.4f reached %d sweeps before converging (duality gap %.3g)",
          alpha, options.maxSweeps(), fitted.solution().gap() / y.length);
      if (!warnings.contains(warning)) {
        warnings.add(warning);
      }
    }
    return fitted.model();
  }

  private static List<DistributionProfile> featureProfiles(List<FeatureSpec> features, double[][] trainRaw) {
    List<DistributionProfile> profiles = new ArrayList<>();
    for (int j = 0; j < features.size(); j++) {
      double[] column = new double[trainRaw.length];
      for (int i = 0; i < trainRaw.length; i++) {
        column[i] = trainRaw[i][j];
      }
      profiles.add(DistributionProfiles.of(features.get(j).name(), features.get(j).kind(), column));
    }
    return profiles;
  }

  /** Residuals {@code actual − predicted} of the out-of-fold predictions. */
  static ResidualProfile residuals(double[] actual, double[] predicted, int folds) {
    int n = actual.length;
    double[] residuals = new double[n];
    double sum = 0;
    double squares = 0;
    double absolute = 0;
    for (int i = 0; i < n; i++) {
      residuals[i] = actual[i] - predicted[i];
      sum += residuals[i];
      squares += residuals[i] * residuals[i];
      absolute += Math.abs(residuals[i]);
    }
    Arrays.sort(residuals);
    double[] quantiles = new double[DistributionProfile.QUANTILE_COUNT];
    for (int q = 0; q < quantiles.length; q++) {
      quantiles[q] = DistributionProfiles.quantileOfSorted(residuals, q / (double) (quantiles.length - 1));
    }
    return new ResidualProfile(folds, n, Math.sqrt(squares / n), sum / n, absolute / n, quantiles);
  }

  /** scikit-learn leaves −0.0 for some dropped coefficients; the artifact says plainly 0. */
  private static double[] withoutNegativeZeros(double[] values) {
    double[] cleaned = values.clone();
    for (int j = 0; j < cleaned.length; j++) {
      cleaned[j] += 0.0;
    }
    return cleaned;
  }

  private static ModelArtifact withVersion(ModelArtifact a, String version) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), version, a.createdAt(), a.target(), a.features(),
        a.scaler(), a.model(), a.training(), a.reference());
  }
}
