package io.driftwatch.streaming.performance;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.performance.PerformanceSummary;
import io.driftwatch.streaming.windows.SummaryKind;
import io.driftwatch.streaming.windows.TaskWindows;

/**
 * Concept drift's window summaries: labelled predictions (standardized features, residual) of one window and model
 * version ({@link PerformanceSummary}). The layout is per model version, so the window machinery can tell versions
 * apart by identity.
 */
public final class PerformanceSummaries implements SummaryKind<PerformanceSummaries.Layout, PerformanceSummary> {

  /** Per-model: its version and feature count. */
  record Layout(String modelVersion, int featureCount) {}

  /** Counters the task windows keep beside {@link TaskWindows#LATE}, in heartbeats and reports. */
  static final int MATCHED = 1;
  static final int UNMATCHED = 2;
  static final int DUPLICATE = 3;
  static final int EXPIRED = 4;
  static final int COUNTERS = 5;

  static final PerformanceSummaries INSTANCE = new PerformanceSummaries();

  private PerformanceSummaries() {}

  @Override
  public String name() {
    return "model performance";
  }

  @Override
  public Layout layoutOf(ModelArtifact artifact) {
    if (artifact.reference() == null || artifact.reference().residuals() == null) {
      throw new IllegalArgumentException("the artifact has no out-of-fold residual profile (reference.residuals)");
    }
    return new Layout(artifact.modelVersion(), artifact.featureCount());
  }

  @Override
  public PerformanceSummary create(Layout layout) {
    return new PerformanceSummary(layout.featureCount());
  }

  @Override
  public void merge(PerformanceSummary into, PerformanceSummary other) {
    into.merge(other);
  }

  @Override
  public byte[] write(PerformanceSummary summary) {
    return summary.toBytes();
  }

  @Override
  public PerformanceSummary read(byte[] bytes, Layout layout) {
    return PerformanceSummary.fromBytes(bytes);
  }

  @Override
  public long count(PerformanceSummary summary) {
    return summary.count();
  }
}
