package io.driftwatch.core.drift;

import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.util.SplittableRandom;

/**
 * Seeded scored events for detection tests, like the simulator's: patients resampled from the data set with a small
 * Gaussian jitter (5% of each continuous feature's σ, which also breaks the ties of discrete features such as s4), then
 * optionally a scenario applied, then scored by the model.
 */
final class PatientStream {

  static final double JITTER_SIGMA = 0.05;

  /** What happens to the events of a window. */
  record Scenario(String feature, double shiftSigma, Double stuckAt) {
    static Scenario none() {
      return new Scenario(null, 0, null);
    }

    static Scenario shift(String feature, double sigma) {
      return new Scenario(feature, sigma, null);
    }

    static Scenario stuck(String feature, double value) {
      return new Scenario(feature, 0, value);
    }
  }

  private final double[][] population;
  private final LinearScorer scorer;
  private final double[] sigma;
  private final SplittableRandom random;
  private final double[] event;
  private final int sex = NotebookModel.index("sex");

  PatientStream(double[][] population, ModelArtifact artifact, long seed) {
    this.population = population;
    this.scorer = new LinearScorer(artifact);
    this.sigma = artifact.scaler().scale().clone();
    this.random = new SplittableRandom(seed);
    this.event = new double[sigma.length];
  }

  /** Adds {@code events} scored events of {@code scenario} to {@code summary}. */
  void fill(WindowSummary summary, int events, Scenario scenario) {
    int target = scenario.feature() == null ? -1 : NotebookModel.index(scenario.feature());
    for (int i = 0; i < events; i++) {
      double[] row = population[random.nextInt(population.length)];
      for (int j = 0; j < event.length; j++) {
        event[j] = j == sex ? row[j] : row[j] + JITTER_SIGMA * sigma[j] * gaussian();
      }
      if (target >= 0) {
        event[target] = scenario.stuckAt() != null
            ? scenario.stuckAt()
            : event[target] + scenario.shiftSigma() * sigma[target];
      }
      summary.update(event, scorer.predict(event));
    }
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
