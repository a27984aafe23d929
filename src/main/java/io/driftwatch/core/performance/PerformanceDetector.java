package io.driftwatch.core.performance;

import io.driftwatch.core.model.ModelArtifact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Judges one window of labelled predictions ({@link PerformanceSummary}) against the artifact's reference residuals.
 * Immutable and thread-safe; build one per model version.
 *
 * <p><b>Error test.</b> One-sided test that the window's mean squared residual exceeds the reference's:
 * Z = (mean r² − RMSE²) / √(V·(1/m + 1/n)), p = P(N(0,1) ≥ Z), with m the window's labels, n the reference's count
 * (353) and V = Var(r²) = RMSE⁴·(κ − 1), κ the kurtosis E r⁴/(E r²)² of the reference residual distribution (the exact
 * moments of its piecewise linear quantile function). The 1/n term is there because the reference RMSE is itself an
 * estimate from n residuals (a two-sample comparison, as for data drift); it makes the test conservative when the live
 * errors come from exactly the reference distribution. Normal approximation by the central limit theorem for mean r²;
 * its size is checked by simulation in {@code PerformanceDetectorTest}.
 *
 * <p><b>Association.</b> Least-squares regression of r on every usable z_j with an intercept, from the summary's sums
 * (normal equations on centred sums, Cholesky). A feature is usable when the model uses it (non-zero coefficient: the
 * stream sends z_j = NaN otherwise) and every label of the window carried a finite z_j. A coefficient is the change of
 * the feature's effect the model misses, in target units per σ. t-test with n − k − 1 degrees of freedom (Commons
 * Statistics {@link TDistribution}), two-sided. Features the model does not use are not tested: a change of their
 * effect still raises the error, which the error test sees.
 *
 * <p><b>Decisions.</b> Holm over the error test and every usable feature's test at {@code falseAlarmRate}.
 * {@code error_drift}: adjusted p ≤ level, RMSE ratio ≥ {@code minRmseRatio}, ≥ {@code minSamples} labels. A feature is
 * attributed when its adjusted p ≤ level, |effect change| ≥ {@code minEffectChange} × reference RMSE and the window has
 * ≥ {@code minSamples} labels. {@code concept_drift}: error drift or any attribution.
 */
public final class PerformanceDetector {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private final String modelVersion;
  private final String[] names;
  private final boolean[] modelUses;
  private final ReferenceResiduals reference;
  private final ConceptSettings settings;
  private final PerformanceThresholds thresholds;

  private PerformanceDetector(ModelArtifact artifact, ReferenceResiduals reference, ConceptSettings settings) {
    this.modelVersion = artifact.modelVersion();
    this.names = artifact.featureNames();
    double[] coefficients = artifact.model().coefficients();
    this.modelUses = new boolean[names.length];
    for (int j = 0; j < names.length; j++) {
      modelUses[j] = coefficients[j] != 0;
    }
    this.reference = reference;
    this.settings = settings;
    this.thresholds = new PerformanceThresholds(settings.minSamples(), settings.falseAlarmRate(),
        settings.minRmseRatio(), settings.minEffectChange() * reference.rmse);
  }

  /**
   * A detector for {@code artifact}'s reference residuals.
   *
   * @throws IllegalArgumentException if the artifact has no {@code reference} or no {@code reference.residuals}
   */
  public static PerformanceDetector create(ModelArtifact artifact, ConceptSettings settings) {
    return new PerformanceDetector(artifact, ReferenceResiduals.of(artifact), settings);
  }

  /** An empty summary with this model's feature count. */
  public PerformanceSummary newSummary() {
    return new PerformanceSummary(names.length);
  }

  public String modelVersion() {
    return modelVersion;
  }

  public PerformanceThresholds thresholds() {
    return thresholds;
  }

  /** The reference residuals' kurtosis E r⁴/(E r²)², which sets Var(r²) in the error test. */
  public double referenceKurtosis() {
    return reference.kurtosis;
  }

  /**
   * The verdict on one window.
   *
   * @throws IllegalArgumentException if the summary was built for another number of features
   */
  public PerformanceReport evaluate(PerformanceSummary window) {
    int p = names.length;
    if (window.featureCount() != p) {
      throw new IllegalArgumentException("summary has " + window.featureCount() + " features, model " + modelVersion
          + " has " + p);
    }
    long n = window.count();
    double sumR = window.sumResidual();
    double sumR2 = window.sumSquaredResidual();
    double mse = n == 0 ? Double.NaN : sumR2 / n;
    double rmse = Math.sqrt(mse);
    double mae = n == 0 ? Double.NaN : window.sumAbsoluteResidual() / n;
    double bias = n == 0 ? Double.NaN : sumR / n;
    double ratio = rmse / reference.rmse;
    double errorP = errorPValue(mse, n);

    int[] usable = usableFeatures(window);
    int k = usable.length;
    double[][] regression = regress(window, usable); // {coefficients, standard errors}, or null
    double[] tests = new double[1 + k];
    tests[0] = errorP;
    double[] t = new double[k];
    for (int i = 0; i < k; i++) {
      if (regression == null) {
        t[i] = Double.NaN;
        tests[1 + i] = Double.NaN;
      } else {
        t[i] = regression[0][i] / regression[1][i];
        tests[1 + i] = Double.isFinite(t[i])
            ? 2 * TDistribution.of(n - k - 1).survivalProbability(Math.abs(t[i])) : Double.NaN;
      }
    }
    double[] adjusted = Holm.adjust(tests);
    double level = settings.falseAlarmRate();
    boolean enough = n >= settings.minSamples();
    boolean errorDrift = adjusted[0] <= level && ratio >= settings.minRmseRatio() && enough;

    List<FeatureAssociation> features = new ArrayList<>(p);
    List<FeatureAssociation> attributed = new ArrayList<>();
    List<Double> attributedT = new ArrayList<>();
    int i = 0;
    for (int j = 0; j < p; j++) {
      if (i < k && usable[i] == j) {
        double effect = regression == null ? Double.NaN : regression[0][i];
        double se = regression == null ? Double.NaN : regression[1][i];
        boolean significant = adjusted[1 + i] <= level;
        boolean large = Math.abs(effect) >= thresholds.minEffectChange();
        FeatureAssociation a = new FeatureAssociation(names[j], true, effect, se, t[i], tests[1 + i], adjusted[1 + i],
            significant, large, significant && large && enough);
        features.add(a);
        if (a.attributed()) {
          attributed.add(a);
          attributedT.add(Math.abs(t[i]));
        }
        i++;
      } else {
        features.add(new FeatureAssociation(names[j], false, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, false, false, false));
      }
    }
    // Most significant first; adjusted p-values can tie (at 0 or by Holm's running maximum): then the larger |t|.
    List<Attribution> attribution = attributed.stream()
        .sorted(Comparator.comparingDouble(FeatureAssociation::adjustedPValue)
            .thenComparingDouble(a -> -Math.abs(a.tStatistic())))
        .map(a -> new Attribution(a.feature(), a.effectChange(), a.adjustedPValue()))
        .toList();
    return new PerformanceReport(n, !enough, rmse, mae, bias, reference.rmse, ratio, errorP, adjusted[0], errorDrift,
        errorDrift || !attribution.isEmpty(), attribution, features, thresholds);
  }

  /** One-sided p-value of the error test; NaN for an empty window. */
  double errorPValue(double mse, long n) {
    if (n == 0 || !(reference.kurtosis > 1)) {
      return Double.NaN;
    }
    double e0 = reference.rmse * reference.rmse;
    double sd = e0 * Math.sqrt((reference.kurtosis - 1) * (1.0 / n + 1.0 / reference.count));
    return STANDARD_NORMAL.survivalProbability((mse - e0) / sd);
  }

  private int[] usableFeatures(PerformanceSummary window) {
    long n = window.count();
    int k = 0;
    int[] out = new int[names.length];
    for (int j = 0; j < names.length; j++) {
      if (modelUses[j] && n > 0 && window.featureCount(j) == n) {
        out[k++] = j;
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /**
   * Coefficients and standard errors of the regression of r on the usable z (with intercept), or null when undefined:
   * too few labels (n ≤ k + 1) or a (numerically) singular design.
   */
  private static double[][] regress(PerformanceSummary w, int[] usable) {
    int k = usable.length;
    long n = w.count();
    if (k == 0 || n <= k + 1) {
      return null;
    }
    double[][] c = new double[k][k];
    double[] rhs = new double[k];
    for (int a = 0; a < k; a++) {
      double za = w.sumZ(usable[a]);
      rhs[a] = w.sumResidualZ(usable[a]) - w.sumResidual() * za / n;
      for (int b = 0; b <= a; b++) {
        c[a][b] = w.sumZZ(usable[a], usable[b]) - za * w.sumZ(usable[b]) / n;
        c[b][a] = c[a][b];
      }
    }
    double[][] l = cholesky(c);
    if (l == null) {
      return null;
    }
    double[] beta = solve(l, rhs);
    double syy = w.sumSquaredResidual() - w.sumResidual() * w.sumResidual() / n;
    double explained = 0;
    for (int a = 0; a < k; a++) {
      explained += beta[a] * rhs[a];
    }
    double sigma2 = Math.max(0, syy - explained) / (n - k - 1);
    double[] se = new double[k];
    double[] unit = new double[k];
    for (int a = 0; a < k; a++) {
      java.util.Arrays.fill(unit, 0);
      unit[a] = 1;
      se[a] = Math.sqrt(sigma2 * solve(l, unit)[a]);
    }
    return new double[][] {beta, se};
  }

  /** Lower Cholesky factor, or null when a pivot is not clearly positive (relative to the diagonal). */
  private static double[][] cholesky(double[][] c) {
    int k = c.length;
    double[][] l = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double s = c[i][j];
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(s > 1e-10 * c[i][i])) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  private static double[] solve(double[][] l, double[] b) {
    int k = b.length;
    double[] y = new double[k];
    for (int i = 0; i < k; i++) {
      double s = b[i];
      for (int m = 0; m < i; m++) {
        s -= l[i][m] * y[m];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[k];
    for (int i = k - 1; i >= 0; i--) {
      double s = y[i];
      for (int m = i + 1; m < k; m++) {
        s -= l[m][i] * x[m];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
