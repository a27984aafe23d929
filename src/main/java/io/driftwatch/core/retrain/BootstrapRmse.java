package io.driftwatch.core.retrain;

import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.train.LegacyRandomState;
import java.util.Arrays;

/**
 * Paired percentile bootstrap of the RMSE difference on the holdout (Efron & Tibshirani 1993, ch. 13): {@code
 * resamples} times, draw n holdout rows with replacement (the same rows for both models, so the pairing is kept),
 * compute both RMSEs on them, and take percentiles of the differences (NumPy's default linear quantile).
 *
 * <p>Row indices are drawn as NumPy's {@code RandomState(seed).randint(0, n, size=n)}, one call per resample, so the
 * resamples can be reproduced in Python ({@code src/test/python/golden_retrain.py} does).
 *
 * @param resamples number of resamples B
 * @param seed seed of the generator
 * @param confidence 1 − α
 * @param difference observed challenger RMSE − champion RMSE (negative: the challenger is better)
 * @param lower the α/2 percentile of the resampled differences: with {@link #upper}, a two-sided {@code confidence}
 *     interval of the difference
 * @param upper the 1 − α/2 percentile
 * @param marginDifference observed challenger RMSE − (1 − margin) × champion RMSE: below 0 when the challenger beats
 *     the champion by the margin
 * @param marginUpperBound the 1 − α percentile of the resampled margin differences: a one-sided {@code confidence}
 *     upper bound. Below 0: the challenger beats the champion by the margin with that confidence
 */
public record BootstrapRmse(
    int resamples,
    long seed,
    double confidence,
    double difference,
    double lower,
    double upper,
    double marginDifference,
    double marginUpperBound) {

  /**
   * @param challenger the challenger's squared error on each holdout row
   * @param champion the champion's, on the same rows in the same order
   * @param margin in [0, 1)
   * @param alpha 1 − confidence, in (0, 0.5)
   */
  public static BootstrapRmse of(
      double[] challenger, double[] champion, double margin, double alpha, int resamples, long seed) {
    int n = challenger.length;
    if (champion.length != n || n < 1) {
      throw new IllegalArgumentException("a paired bootstrap needs two equally long, non-empty samples, got "
          + challenger.length + " and " + champion.length);
    }
    double keep = 1 - margin;
    LegacyRandomState random = new LegacyRandomState(seed);
    double[] differences = new double[resamples];
    double[] marginDifferences = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sumChallenger = 0;
      double sumChampion = 0;
      for (int i = 0; i < n; i++) {
        int row = random.interval(n - 1);
        sumChallenger += challenger[row];
        sumChampion += champion[row];
      }
      double rmseChallenger = Math.sqrt(sumChallenger / n);
      double rmseChampion = Math.sqrt(sumChampion / n);
      differences[b] = rmseChallenger - rmseChampion;
      marginDifferences[b] = rmseChallenger - keep * rmseChampion;
    }
    Arrays.sort(differences);
    Arrays.sort(marginDifferences);
    double rmseChallenger = rmse(challenger);
    double rmseChampion = rmse(champion);
    return new BootstrapRmse(resamples, seed, 1 - alpha, rmseChallenger - rmseChampion,
        DistributionProfiles.quantileOfSorted(differences, alpha / 2),
        DistributionProfiles.quantileOfSorted(differences, 1 - alpha / 2),
        rmseChallenger - keep * rmseChampion,
        DistributionProfiles.quantileOfSorted(marginDifferences, 1 - alpha));
  }

  private static double rmse(double[] squaredErrors) {
    double sum = 0;
    for (double e : squaredErrors) {
      sum += e;
    }
    return Math.sqrt(sum / squaredErrors.length);
  }
}
