package io.driftwatch.core.drift;

import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.ReferenceMoments;
import io.driftwatch.core.train.SymmetricEigen;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Checks, by resampling the reference, how often the decision rule would flag a window that has no drift, and lowers
 * the significance level if that happens more often than the target false-alarm rate.
 *
 * <p>Each round simulates what really happens in production: the reference is itself a finite sample (of the
 * reference's size) of the population, and a window is another, independent one. Both are drawn from the reference
 * profile (its quantile function, or category shares); the pseudo-reference is profiled and binned exactly as a model
 * artifact is, the window is summarised and judged by the same code as live windows. The significance level is the
 * largest level, at most the target rate, at which no more than the target share of rounds flags anything.
 *
 * <p>With reference moments (the joint tests on), features are drawn <em>together</em> from a Gaussian copula: a
 * normal vector with the reference's normal-score correlation, each coordinate mapped through Φ to its feature's
 * quantile function. Independent draws would make every correlation test fire (the reference's are not 0), and the
 * per-feature tests see the same marginals either way. The pseudo-reference's moments are fitted from its rows as
 * {@code train} fits them, and the whole family ({@link TestFamily}) is judged. The prediction is drawn from its own
 * profile, independently of the features.
 */
final class NullCalibration {

  record Result(double significanceLevel, double simulatedFalseAlarmRate) {}

  /**
   * Version of this procedure, stored with a calibration computed where the model is made ({@link
   * ArtifactCalibration}); a detector uses a stored calibration only of this version. Raise it with any change that
   * can change the level for the same reference and settings: the draws, the simulated window, {@link TestFamily}'s
   * tests or its rule ({@code ConstantFeatureDriftTest} and {@code DriftDetectorTest} pin calibrated values).
   */
  static final int METHOD_VERSION = 1;

  /** Larger references are resampled at this size: beyond it the reference's own noise no longer matters. */
  private static final int MAX_PSEUDO_REFERENCE = 20_000;
  /**
   * Larger windows are simulated at this size, which keeps calibration under a few seconds. Beyond it the two-sample
   * tests' effective size is already close to the reference's, and the effect floors only remove more false alarms.
   */
  static final int MAX_SIMULATED_WINDOW = 5_000;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private NullCalibration() {}

  /**
   * @param moments the reference's joint moments, or null: features are then drawn independently and the joint tests
   *     are not simulated (they are not run on live windows either)
   */
  static Result run(List<DistributionProfile> features, DistributionProfile prediction, ReferenceMoments moments,
      DriftSettings settings) {
    List<DistributionProfile> profiles = DriftDetector.quantityProfiles(features, prediction);
    int quantities = profiles.size();
    int windowEvents = Math.min(settings.calibrationWindowEvents(), MAX_SIMULATED_WINDOW);
    double target = settings.falseAlarmRate();
    SplittableRandom random = new SplittableRandom(settings.seed());

    // A KS statistic below this cannot reach p <= target, so its exact p-value cannot change a decision we count.
    double[] ksSkipBelow = new double[quantities];
    for (int q = 0; q < quantities; q++) {
      long referenceSize = Math.min(profiles.get(q).count(), MAX_PSEUDO_REFERENCE);
      ksSkipBelow[q] = profiles.get(q).kind() == FeatureKind.CATEGORICAL ? 0
          : KolmogorovSmirnov.criticalValue(target, KolmogorovSmirnov.effectiveSize(referenceSize, windowEvents));
    }

    double[] critical = new double[settings.calibrationRounds()];
    int p = features.size();
    Copula copula = moments == null ? null : new Copula(moments.scoreCorrelation());
    double[] event = new double[p];
    for (int round = 0; round < critical.length; round++) {
      DistributionProfile[] pseudo = new DistributionProfile[quantities];
      double[][] rows = null;
      if (copula == null) {
        for (int q = 0; q < p; q++) {
          DistributionProfile f = profiles.get(q);
          double[] values = new double[(int) Math.min(f.count(), MAX_PSEUDO_REFERENCE)];
          for (int i = 0; i < values.length; i++) {
            values[i] = draw(f, random);
          }
          pseudo[q] = DistributionProfiles.of(f.name(), f.kind(), values);
        }
      } else {
        rows = new double[(int) Math.min(moments.count(), MAX_PSEUDO_REFERENCE)][];
        for (int i = 0; i < rows.length; i++) {
          rows[i] = new double[p];
          copula.draw(features, random, rows[i]);
        }
        for (int q = 0; q < p; q++) {
          double[] values = new double[rows.length];
          for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][q];
          }
          pseudo[q] = DistributionProfiles.of(features.get(q).name(), features.get(q).kind(), values);
        }
      }
      double[] predictions = new double[(int) Math.min(prediction.count(), MAX_PSEUDO_REFERENCE)];
      for (int i = 0; i < predictions.length; i++) {
        predictions[i] = draw(prediction, random);
      }
      pseudo[p] = DistributionProfiles.of(prediction.name(), prediction.kind(), predictions);
      List<DistributionProfile> pseudoFeatures = Arrays.asList(pseudo).subList(0, p);
      SummaryLayout layout = SummaryLayout.of("calibration", pseudoFeatures, pseudo[p]);
      if (rows != null) {
        MultivariateLayout transforms = MultivariateLayout.of(layout);
        layout = layout.withJointMoments(transforms, transforms.referenceMoments(rows));
      }
      WindowSummary window = layout.newSummary();
      for (int i = 0; i < windowEvents; i++) {
        if (copula == null) {
          for (int j = 0; j < p; j++) {
            event[j] = draw(features.get(j), random);
          }
        } else {
          copula.draw(features, random, event);
        }
        window.update(event, draw(prediction, random));
      }
      // The window would be flagged at every level >= this (min_samples aside).
      critical[round] = TestFamily.run(layout, window, ksSkipBelow).criticalLevel(settings);
    }
    return choose(critical, target);
  }

  /** A Gaussian copula with a given correlation matrix (undefined entries: independent), sampled by its factor. */
  static final class Copula {
    private final double[][] factor;
    private final double[] normal;

    Copula(double[][] correlation) {
      int p = correlation.length;
      double[][] r = new double[p][p];
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < p; k++) {
          double v = correlation[j][k];
          r[j][k] = j == k ? 1 : Double.isNaN(v) ? 0 : v;
        }
      }
      // R = V Λ Vᵀ; the factor V √Λ (negative eigenvalues of a rounded matrix clamped to 0), rows rescaled to unit
      // variance so every marginal stays exactly standard normal.
      SymmetricEigen eigen = SymmetricEigen.of(r);
      factor = new double[p][p];
      for (int j = 0; j < p; j++) {
        double norm = 0;
        for (int c = 0; c < p; c++) {
          factor[j][c] = eigen.vectors()[j][c] * Math.sqrt(Math.max(0, eigen.values()[c]));
          norm += factor[j][c] * factor[j][c];
        }
        double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (int c = 0; c < p; c++) {
          factor[j][c] *= scale;
        }
      }
      normal = new double[p];
    }

    /** One event: feature j's value is its profile's quantile at Φ(z_j), z the correlated normal vector. */
    void draw(List<DistributionProfile> features, SplittableRandom random, double[] out) {
      int p = normal.length;
      for (int c = 0; c < p; c++) {
        normal[c] = random.nextGaussian();
      }
      for (int j = 0; j < p; j++) {
        double z = 0;
        for (int c = 0; c < p; c++) {
          z += factor[j][c] * normal[c];
        }
        out[j] = drawAt(features.get(j), STANDARD_NORMAL.cumulativeProbability(z));
      }
    }
  }

  /**
   * The largest level, at most {@code target}, at which at most {@code floor(target * rounds)} of the simulated windows
   * would be flagged; {@code critical[r]} is the smallest level at which round r flags.
   */
  static Result choose(double[] critical, double target) {
    double[] sorted = critical.clone();
    Arrays.sort(sorted);
    int allowed = (int) Math.floor(target * sorted.length);
    double level = Math.min(target, Math.nextDown(sorted[allowed]));
    int flagged = 0;
    for (double c : sorted) {
      flagged += c <= level ? 1 : 0;
    }
    return new Result(level, (double) flagged / sorted.length);
  }

  /** One value from a profile: inverse-CDF sampling of its quantile grid, or a category by its share. */
  static double draw(DistributionProfile p, SplittableRandom random) {
    return drawAt(p, random.nextDouble());
  }

  /** The profile's value at probability {@code u} in [0, 1). */
  static double drawAt(DistributionProfile p, double u) {
    u = Math.min(u, Math.nextDown(1.0));
    if (p.kind() == FeatureKind.CATEGORICAL) {
      double[] share = p.categoryProportions();
      double cumulative = 0;
      for (int i = 0; i < share.length - 1; i++) {
        cumulative += share[i];
        if (u < cumulative) {
          return p.categories()[i];
        }
      }
      return p.categories()[share.length - 1];
    }
    double[] q = p.quantiles();
    double position = u * (q.length - 1);
    int below = (int) position;
    return q[below] + (q[below + 1] - q[below]) * (position - below);
  }
}
