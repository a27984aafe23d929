package io.driftwatch.simulate;

import java.time.Instant;
import org.apache.commons.statistics.distribution.NormalDistribution;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic patients, drawn from the data set: each event resamples a row, adds small measurement noise to its
 * continuous readings (keeping each feature's recorded precision, so age stays a whole number and sex stays 1 or 2),
 * then lets the scenario alter it. Its outcome comes from a {@link GroundTruth} (the model's prediction plus a
 * resampled out-of-fold residual, under the scenario's relation) or, without one, is the row's own recorded
 * progression plus the same kind of noise. Seeded: the same seed gives the same stream, and every scenario sees the
 * same patients.
 */
public final class PatientSimulator {

  /** Measurement noise, as a fraction of each column's standard deviation. */
  public static final double JITTER_FRACTION = 0.05;

  private final ClinicalSample sample;
  private final List<FeatureColumn> columns;
  private final Scenario scenario;
  private final GroundTruth truth;
  private final Random random;
  private long generated;

  /** Outcomes are the data set's recorded progression (with noise): the world as it was, not as the model sees it. */
  public PatientSimulator(ClinicalSample sample, Scenario scenario, long seed) {
    this(sample, scenario, null, seed);
  }

  /** Outcomes come from {@code truth} ({@code null}: the recorded progression). */
  public PatientSimulator(ClinicalSample sample, Scenario scenario, GroundTruth truth, long seed) {
    this.sample = sample;
    this.columns = sample.features();
    this.scenario = scenario;
    this.truth = truth;
    this.random = new Random(seed);
  }

  /** The next patient visit, measured at {@code eventTime}. */
  public SimulatedEvent next(Instant eventTime) {
    long index = generated++;
    // A fixed number of draws per event whatever the row, so streams under different scenarios stay aligned.
    int row = random.nextInt(sample.size());
    double[] features = sample.row(row);
    for (FeatureColumn column : columns) {
      double noise = random.nextGaussian();
      if (!column.categorical()) {
        int i = column.index();
        features[i] = column.round(features[i] + noise * JITTER_FRACTION * column.std());
      }
    }
    FeatureColumn outcome = sample.outcomeColumn();
    double draw = random.nextGaussian();
    String eventId = uuid(random.nextLong(), random.nextLong());
    double[] patient = scenario.measurementOnly() ? features.clone() : features;
    scenario.apply(index, features);
    double progression = truth == null
        ? Math.max(0, outcome.round(sample.outcome(row) + draw * JITTER_FRACTION * outcome.std()))
        // The same draw, as a uniform for the residual's quantile function: the stream's other draws stay aligned.
        : FeatureColumn.roundTo(truth.outcome(index, patient, normalCdf(draw)), 6);
    return new SimulatedEvent("p-" + (index + 1), eventId, eventTime, features, progression);
  }

  /** Events generated so far. */
  public long generated() {
    return generated;
  }

  public ClinicalSample sample() {
    return sample;
  }

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private static double normalCdf(double x) {
    return Math.min(STANDARD_NORMAL.cumulativeProbability(x), Math.nextDown(1.0));
  }

  /** A random (version 4) UUID built from the seeded generator, so ids are reproducible too. */
  private static String uuid(long high, long low) {
    high = (high & ~0xF000L) | 0x4000L;
    low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
