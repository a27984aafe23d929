package io.driftwatch.core.drift;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One batch of records judged as one window, exactly as the stream judges a window: each record's raw features and
 * its prediction ({@link LinearScorer}) go into the same {@link WindowSummary} the stream's tasks fill, and the same
 * {@link DriftDetector} decides. {@code ./driftwatch drift --csv} runs this.
 */
public final class BatchDrift {

  private final ModelArtifact artifact;
  private final DriftDetector detector;
  private final LinearScorer scorer;

  /** Calibrates the detector as the stream does for a new model version (a fraction of a second). */
  public BatchDrift(ModelArtifact artifact, DriftSettings settings) {
    this.artifact = artifact;
    this.detector = DriftDetector.create(artifact, settings);
    this.scorer = new LinearScorer(artifact);
  }

  /**
   * The report on {@code rows}.
   *
   * @param rows raw feature values, each in the artifact's feature order ({@code featureCount} entries), already
   *     validated as the stream validates events (finite, in range, a category's code)
   * @param windowStart the batch's first event time, or null when the batch has none
   * @param windowEnd the batch's last event time, or null
   * @param rejected the batch's rows the stream would have rejected, per reason (its {@code data_quality})
   * @throws IllegalArgumentException if a row has the wrong number of values
   */
  public DriftReport evaluate(List<double[]> rows, Instant windowStart, Instant windowEnd,
      Map<RejectReason, Long> rejected) {
    WindowSummary summary = detector.newSummary();
    for (double[] row : rows) {
      if (row.length != artifact.featureCount()) {
        throw new IllegalArgumentException("a row has " + row.length + " values; the model has "
            + artifact.featureCount() + " features");
      }
      summary.update(row, scorer.predict(row));
    }
    // A batch is judged alone: no earlier run of flagged windows.
    return detector.evaluate(summary, windowStart, windowEnd, 0, rejected, DriftStates.NONE);
  }

  public DriftThresholds thresholds() {
    return detector.thresholds();
  }
}
