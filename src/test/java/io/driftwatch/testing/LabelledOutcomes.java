package io.driftwatch.testing;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.retrain.LabelledRecord;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded labelled outcomes for retrain tests: patients drawn at random from the 442 diabetes rows, their outcome from
 * the simulator's world ({@link GroundTruth}: the model's prediction plus a residual drawn from its own out-of-fold
 * residuals), changed or not by a relation. Event {@code i} is {@code e-i} at {@code startMs + i · stepMs}.
 */
public final class LabelledOutcomes {

  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();

  private LabelledOutcomes() {}

  /** The world of {@code model} unchanged: no concept drift. */
  public static List<LabelledRecord> stable(ModelArtifact model, int count, long seed, long startMs, long stepMs) {
    return draw(model, GroundTruth.Relation.UNCHANGED, count, seed, startMs, stepMs);
  }

  /** {@code feature}'s effect on the outcome multiplied by {@code factor} for every event (the model's is not). */
  public static List<LabelledRecord> effect(ModelArtifact model, String feature, double factor, int count, long seed,
      long startMs, long stepMs) {
    int target = GroundTruth.modelIndex(model, feature);
    GroundTruth.Relation relation = new GroundTruth.Relation() {
      @Override
      public double effectFactor(long index, int modelFeature) {
        return modelFeature == target ? factor : 1;
      }

      @Override
      public double noiseFactor(long index) {
        return 1;
      }
    };
    return draw(model, relation, count, seed, startMs, stepMs);
  }

  public static List<LabelledRecord> draw(ModelArtifact model, GroundTruth.Relation relation, int count, long seed,
      long startMs, long stepMs) {
    GroundTruth truth = GroundTruth.of(model, SAMPLE.features(), relation);
    SplittableRandom random = new SplittableRandom(seed);
    List<LabelledRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double[] row = SAMPLE.row(random.nextInt(SAMPLE.size())); // sample order = the diabetes model's order
      double outcome = truth.outcome(i, row, random.nextDouble());
      records.add(new LabelledRecord("e-" + i, startMs + i * stepMs, row, outcome));
    }
    return records;
  }
}
