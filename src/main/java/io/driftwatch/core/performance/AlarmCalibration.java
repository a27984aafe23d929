package io.driftwatch.core.performance;

import io.driftwatch.core.model.ModelArtifact;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Fits the alarm thresholds of {@link ConceptAlarmDetector} by simulating stable runs.
 *
 * <p><b>Simulation.</b> Each run draws r from the reference residual distribution (inverse CDF of the 101-quantile
 * grid, rescaled to the profile's RMSE, see {@link ReferenceResiduals}) and every usable z_j independently from its
 * feature's reference distribution standardized with the scaler, and feeds them through {@link ConceptCusum}. Drawing
 * the features independently gets every feature CUSUM's own distribution right (r is independent of z under the null,
 * and z_j has its training marginal); it only ignores the dependence between feature CUSUMs. For the probability that
 * any of them crosses a common threshold that is conservative up to second order: the union bound Σp_j holds under any
 * dependence, and independence gives 1 − Π(1 − p_j) = Σp_j − O(p²), the largest value the union can take for small p_j.
 *
 * <p><b>Extrapolation.</b> A run records the maximum of each group (all association CUSUMs together; the error CUSUM)
 * over {@code simulatedLabels} labels. CUSUMs of clipped, light-tailed scores renew often and their excursions have
 * exponential tails, so a run's maximum is Gumbel distributed with location growing as β·ln(labels) (extreme-value
 * theory for regenerative processes; Siegmund 1985, ch. II). The Gumbel location μ and scale β are fitted by
 * L-moments (Hosking 1990: β = λ₂/ln 2, μ = λ₁ − 0.5772·β), the location is moved to the horizon,
 * μ_H = μ + β·ln(H / simulatedLabels), and each group's threshold is set for probability a/2 of exceeding it within the
 * horizon (a = the target rate): for the error CUSUM h = μ_H − β·ln(−ln(1 − a/2)); for the association group, whose
 * features have different tails (a product with a heavy-tailed feature has a larger β, so it dominates the maximum
 * more and more as runs get longer), each feature's maximum is fitted separately and the common threshold solves
 * Σ_j exp(−(h − μ_Hj)/β_j) = −ln(1 − a/2), the Gumbel probability that none of them crosses under independence.
 *
 * <p><b>Cost.</b> Runs of a quarter of the horizon ({@value #SIMULATED_FRACTION}: 15 000 labels by default), 200 of
 * them: 3 million simulated labels, spread over the common fork-join pool (each run has its own generator, split in
 * run order, so the thresholds do not depend on the threads). A tenth of the horizon was tried first and gave a
 * false-alarm rate of 0.7–0.8 % for the association group against a target of 0.5 %: the Gumbel scale still grows
 * with the run length at these levels (1.9 at 6 000 labels, 2.05 at 60 000), so shorter runs underestimate it. With a
 * quarter (160 runs in that comparison), the rate implied by a fit to 400 full-length runs was 0.42–0.61 % over three
 * seeds. The Gumbel fit uses every
 * run, where a direct 99.5 % quantile of 200 runs would rest on its one or two largest values. The resulting false-alarm rate is measured directly, on full-length runs, in
 * {@code ConceptAlarmDetectorTest}.
 */
final class AlarmCalibration {

  /** The simulated runs are this fraction of the horizon (at least {@value #MIN_SIMULATED_LABELS} labels). */
  static final int SIMULATED_FRACTION = 4;
  static final long MIN_SIMULATED_LABELS = 2_000;
  private static final double EULER_GAMMA = 0.5772156649015329;

  private AlarmCalibration() {}

  /** Per-run maxima over the simulated labels: {@code association[i][run]} for usable feature i, {@code error[run]}. */
  record Maxima(double[][] association, double[] error) {}

  static AlarmThresholds fit(ModelArtifact artifact, int[] usable, ReferenceResiduals reference,
      ConceptSettings settings) {
    long horizon = settings.alarmHorizonLabels();
    long labels = Math.min(horizon, Math.max(MIN_SIMULATED_LABELS, horizon / SIMULATED_FRACTION));
    Maxima maxima = simulate(artifact, usable, reference, settings.calibrationRuns(), labels, settings.seed());
    double shift = Math.log((double) horizon / labels);
    // Each group may use half the rate: P(group alarms within the horizon) = 1 - exp(-budget).
    double budget = -Math.log1p(-settings.alarmFalseAlarmRate() / 2);
    double[] location = new double[usable.length];
    double[] scale = new double[usable.length];
    double largestScale = 0;
    for (int i = 0; i < usable.length; i++) {
      double[] g = gumbel(maxima.association()[i]);
      location[i] = g[0] + g[1] * shift;
      scale[i] = g[1];
      largestScale = Math.max(largestScale, g[1]);
    }
    double association = usable.length == 0 ? Double.POSITIVE_INFINITY : commonThreshold(location, scale, budget);
    double[] e = gumbel(maxima.error());
    double error = e[0] + e[1] * (shift - Math.log(budget));
    return new AlarmThresholds(association, error, ConceptCusum.ASSOCIATION_K, ConceptCusum.ERROR_K,
        settings.alarmFalseAlarmRate(), horizon, settings.calibrationRuns(), labels, largestScale, e[1]);
  }

  /**
   * The threshold h at which independent Gumbel maxima (μ_i, β_i) stay below h together with probability
   * exp(−budget): Σ_i exp(−(h − μ_i)/β_i) = budget, by bisection (the left side decreases in h).
   */
  static double commonThreshold(double[] location, double[] scale, double budget) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < location.length; i++) {
      double alone = location[i] - scale[i] * Math.log(budget);
      lo = Math.min(lo, alone);
      hi = Math.max(hi, location[i] - scale[i] * Math.log(budget / location.length));
    }
    for (int iteration = 0; iteration < 200 && hi - lo > 1e-12 * Math.abs(hi); iteration++) {
      double mid = 0.5 * (lo + hi);
      double sum = 0;
      for (int i = 0; i < location.length; i++) {
        sum += Math.exp(-(mid - location[i]) / scale[i]);
      }
      if (sum > budget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** Simulates {@code runs} stable runs of {@code labels} labels and records each CUSUM's maximum per run. */
  static Maxima simulate(ModelArtifact artifact, int[] usable, ReferenceResiduals reference, int runs, long labels,
      long seed) {
    int p = artifact.featureCount();
    int k = usable.length;
    double[][] grids = new double[p][];
    boolean[] step = new boolean[p];
    for (int j : usable) {
      grids[j] = ReferenceResiduals.standardizedQuantiles(artifact, j);
      step[j] = ReferenceResiduals.isStep(artifact, j);
    }
    double sd0 = reference.squaredSd();
    // One generator per run, split in run order: the result does not depend on how runs are spread over threads.
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] generators = new SplittableRandom[runs];
    for (int run = 0; run < runs; run++) {
      generators[run] = root.split();
    }
    double[][] association = new double[k][runs];
    double[] error = new double[runs];
    IntStream.range(0, runs).parallel().forEach(run -> {
      SplittableRandom random = generators[run];
      double[] z = new double[p];
      Arrays.fill(z, Double.NaN);
      double[] max = new double[k];
      ConceptCusum cusum = new ConceptCusum(usable, reference.rmse, sd0, false);
      double maxE = 0;
      for (long t = 0; t < labels; t++) {
        double r = reference.draw(random);
        for (int j : usable) {
          z[j] = ReferenceResiduals.draw(grids[j], step[j], random.nextDouble());
        }
        cusum.step(z, r, true);
        for (int i = 0; i < k; i++) {
          double a = cusum.association(i);
          max[i] = a > max[i] ? a : max[i];
        }
        maxE = cusum.error > maxE ? cusum.error : maxE;
      }
      for (int i = 0; i < k; i++) {
        association[i][run] = max[i];
      }
      error[run] = maxE;
    });
    return new Maxima(association, error);
  }

  /** Gumbel {location, scale} fitted by L-moments (Hosking 1990). */
  static double[] gumbel(double[] sample) {
    double[] x = sample.clone();
    Arrays.sort(x);
    int n = x.length;
    double b0 = 0;
    double b1 = 0;
    for (int i = 0; i < n; i++) {
      b0 += x[i];
      b1 += x[i] * i / (n - 1.0);
    }
    b0 /= n;
    b1 /= n;
    double l2 = 2 * b1 - b0;
    double scale = l2 / Math.log(2);
    return new double[] {b0 - EULER_GAMMA * scale, scale};
  }
}
