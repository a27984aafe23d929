package io.driftwatch.simulate;

import java.util.SplittableRandom;

/**
 * How two readings move together changes while each keeps its distribution: from {@code driftAfter} on, the second
 * feature is read from another patient drawn at random (with the same measurement noise), so it no longer goes with
 * the first (nor with anything else of this patient), and its marginal distribution is the data set's. In the
 * diabetes data s1 and s2 (total and LDL cholesterol) are correlated 0.9: one-feature-at-a-time tests cannot see this.
 * The patients themselves change (the outcome follows the readings), so this is data drift, not a measurement fault.
 */
public final class CorrelationBreak implements Scenario {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final ClinicalSample sample;
  private final FeatureColumn first;
  private final FeatureColumn second;
  private final long driftAfter;

  /**
   * @param first the feature that keeps its reading (named for the description)
   * @param second the feature read from another patient
   */
  public CorrelationBreak(ClinicalSample sample, FeatureColumn first, FeatureColumn second, long driftAfter) {
    if (first.index() == second.index() || driftAfter < 0) {
      throw new IllegalArgumentException("two different features and driftAfter >= 0 are needed");
    }
    this.sample = sample;
    this.first = first;
    this.second = second;
    this.driftAfter = driftAfter;
  }

  @Override
  public void apply(long index, double[] features) {
    if (index < driftAfter) {
      return;
    }
    // Its own draws, from the event's index: the simulator's own stream of draws stays aligned with other scenarios.
    SplittableRandom random = new SplittableRandom(index * GOLDEN_GAMMA);
    double[] other = sample.row(random.nextInt(sample.size()));
    double noise = second.categorical() ? 0 : nextGaussian(random) * PatientSimulator.JITTER_FRACTION * second.std();
    features[second.index()] = second.categorical() ? other[second.index()] : second.round(other[second.index()] + noise);
  }

  public FeatureColumn first() {
    return first;
  }

  public FeatureColumn second() {
    return second;
  }

  /** Box–Muller: SplittableRandom has no Gaussian on Java 17. */
  private static double nextGaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
