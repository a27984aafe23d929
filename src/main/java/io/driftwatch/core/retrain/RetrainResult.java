package io.driftwatch.core.retrain;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.TrainingReport;

/** What {@link Retrainer#retrain} did: refused (too few labels), or trained a challenger and compared it. */
public sealed interface RetrainResult {

  /** Counts of the labelled outcomes read. */
  LabelCounts counts();

  /**
   * @param labelsRead records read, duplicates included
   * @param duplicatesDropped records dropped for an event id read before
   * @param trainRows rows the challenger was trained on (0 when refused)
   * @param holdoutRows rows both models were compared on (0 when refused)
   */
  record LabelCounts(int labelsRead, int duplicatesDropped, int trainRows, int holdoutRows) {
    /** Distinct labelled outcomes. */
    public int labelled() {
      return labelsRead - duplicatesDropped;
    }
  }

  /**
   * Nothing trained.
   *
   * @param reason why, with the numbers, e.g. {@code have 120 labelled outcomes, need 500 (--min-labels)}
   */
  record Refused(String reason, LabelCounts counts) implements RetrainResult {}

  /**
   * A challenger, trained and compared.
   *
   * @param challenger the challenger's artifact (schema 3, with lineage), ready to write and, if {@code
   *     comparison.decision().publish()}, to publish
   * @param report {@code train}'s report of the challenger's training (its own split of the training slice)
   * @param options the options it was trained with and what they took from the defaults
   * @param comparison champion and challenger on the holdout, and the decision
   */
  record Compared(ModelArtifact challenger, TrainingReport report, InheritedOptions options, Comparison comparison,
      LabelCounts counts) implements RetrainResult {}
}
