package io.driftwatch.core.drift;

import java.util.List;

/**
 * The joint tests of one window (issue 13; {@code docs/drift-methods.md}, "Multivariate tests"): whether the features'
 * mean vector moved (two-sample Hotelling T², and each feature's shift given the others) and whether pairs of features
 * move together differently (Fisher z on normal-score correlations). Their p-values are adjusted in one Holm family
 * with the per-feature tests, at the same calibrated level.
 *
 * @param tested false when the window was not tested jointly; {@link #notTestedReason} says why, and every other
 *     number is NaN, every list empty
 * @param notTestedReason why not, in words (null when tested)
 * @param count events in the joint moments
 * @param hotellingT2 the T² statistic of the standardized mean vector against the reference's
 * @param pValue T²'s p-value (F distribution), unadjusted
 * @param adjustedPValue T²'s Holm-adjusted p-value in the window's family
 * @param mahalanobisSigma effect size of T²: the Mahalanobis distance between the window's and the reference's mean
 *     vectors under the pooled covariance, in σ
 * @param drift at least one joint test (T², a partial shift, a pair) is significant and past its effect floor, in a
 *     window of at least {@code min_samples} records
 * @param partialShifts one per feature, in the model's order
 * @param shiftedFeatures features whose partial shift drifted, most significant first
 * @param pairs every tested pair, most changed first
 * @param changedPairs the pairs that drifted, most changed first
 * @param pairsPValue the pairs as one test: Bonferroni over the pairs, {@code min(1, m · smallest p)}
 * @param pairsAdjustedPValue that p-value Holm-adjusted in the window's family
 * @param features feature names, the rows and columns of the two matrices
 * @param referenceCorrelation the reference's normal-score correlations, p × p (NaN for a constant feature)
 * @param windowCorrelation the window's, p × p
 */
public record MultivariateDrift(
    boolean tested,
    String notTestedReason,
    long count,
    double hotellingT2,
    double fStatistic,
    int dimensions,
    double pValue,
    double adjustedPValue,
    double mahalanobisSigma,
    boolean drift,
    List<PartialShift> partialShifts,
    List<String> shiftedFeatures,
    List<PairChange> pairs,
    List<PairChange> changedPairs,
    double pairsPValue,
    double pairsAdjustedPValue,
    List<String> features,
    double[][] referenceCorrelation,
    double[][] windowCorrelation) {

  /**
   * One feature's mean shift given the others (from the T² solve: {@link HotellingT2#partialZ()}).
   *
   * @param shiftSigma the shift of the feature's mean given the other features' means, in σ of the feature given the
   *     others (a shift of this feature alone by δσ gives δ / sqrt(1 − R²), R² its squared multiple correlation with
   *     the others)
   * @param z the test statistic, N(0, 1) without drift
   * @param pValue two-sided, unadjusted; NaN for a feature left out (constant reference)
   * @param largeEffect the feature's own mean moved by at least the floor, in the direction of the partial shift (its
   *     {@code mean_shift_sigma}): a feature that did not move is not named for following a correlated one that did
   */
  public record PartialShift(String feature, double shiftSigma, double z, double pValue, double adjustedPValue,
      boolean significant, boolean largeEffect, boolean drift) {}

  /**
   * One pair's change of normal-score correlation ({@link CorrelationChange}).
   *
   * @param z Fisher's z, negative when the window's correlation is the weaker
   * @param pValue two-sided, unadjusted
   * @param adjustedPValue Holm within the pairs, scaled as the pairs' test was in the window's family (the most changed
   *     pair's equals {@link MultivariateDrift#pairsAdjustedPValue})
   */
  public record PairChange(String first, String second, double referenceCorrelation, double windowCorrelation,
      double z, double pValue, double adjustedPValue, boolean significant, boolean largeEffect, boolean drift) {

    /** Window minus reference correlation. */
    public double change() {
      return windowCorrelation - referenceCorrelation;
    }
  }

  public MultivariateDrift {
    partialShifts = List.copyOf(partialShifts);
    shiftedFeatures = List.copyOf(shiftedFeatures);
    pairs = List.copyOf(pairs);
    changedPairs = List.copyOf(changedPairs);
    features = List.copyOf(features);
  }

  /** A window not tested jointly, for the reason given. */
  public static MultivariateDrift notTested(String reason, long count) {
    return new MultivariateDrift(false, reason, count, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN,
        Double.NaN, false, List.of(), List.of(), List.of(), List.of(), Double.NaN, Double.NaN, List.of(),
        new double[0][0], new double[0][0]);
  }
}
