package io.driftwatch.core.drift;

import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks, by resampling the reference, how often the decision rule would flag a window that has no drift, and lowers
 * the significance level if that happens more often than the target false-alarm rate.
 *
 * <p>Each round simulates what really happens in production: the reference is itself a finite sample (of the
 * reference's size) of the population, and a window is another, independent one. Both are drawn from the reference
 * profile (its quantile function, or category shares); the pseudo-reference is profiled and binned exactly as a model
 * artifact is, the window is summarised and judged by the same code as live windows. The significance level is the
 * largest level, at most the target rate, at which no more than the target share of rounds flags anything.
 */
final class NullCalibration {

  record Result(double significanceLevel, double simulatedFalseAlarmRate) {}

  /** Larger references are resampled at this size: beyond it the reference's own noise no longer matters. */
  private static final int MAX_PSEUDO_REFERENCE = 20_000;
  /**
   * Larger windows are simulated at this size, which keeps calibration under a few seconds. Beyond it the two-sample
   * tests' effective size is already close to the reference's, and the effect floors only remove more false alarms.
   */
  static final int MAX_SIMULATED_WINDOW = 5_000;

  private NullCalibration() {}

  static Result run(List<DistributionProfile> features, DistributionProfile prediction, DriftSettings settings) {
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
    double[] event = new double[features.size()];
    for (int round = 0; round < critical.length; round++) {
      DistributionProfile[] pseudo = new DistributionProfile[quantities];
      for (int q = 0; q < quantities; q++) {
        DistributionProfile p = profiles.get(q);
        double[] values = new double[(int) Math.min(p.count(), MAX_PSEUDO_REFERENCE)];
        for (int i = 0; i < values.length; i++) {
          values[i] = draw(p, random);
        }
        pseudo[q] = DistributionProfiles.of(p.name(), p.kind(), values);
      }
      SummaryLayout layout = SummaryLayout.of("calibration",
          Arrays.asList(pseudo).subList(0, features.size()), pseudo[quantities - 1]);
      WindowSummary window = layout.newSummary();
      for (int i = 0; i < windowEvents; i++) {
        for (int j = 0; j < event.length; j++) {
          event[j] = draw(features.get(j), random);
        }
        window.update(event, draw(prediction, random));
      }
      QuantityStatistics[] stats = DriftDetector.measureAll(layout, window, ksSkipBelow);
      double[] adjusted = DriftDetector.adjustedPValues(stats);
      double smallest = Double.POSITIVE_INFINITY;
      for (int q = 0; q < quantities; q++) {
        if (DriftDetector.largeEffect(stats[q], settings)) {
          smallest = Math.min(smallest, adjusted[q]);
        }
      }
      // The window would be flagged at every level >= smallest (min_samples aside).
      critical[round] = smallest;
    }
    return choose(critical, target);
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
    double u = random.nextDouble();
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
