package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.windows.SummaryKind;

/** Data drift's window summaries: features and predictions on the reference's frozen bins ({@link WindowSummary}). */
public final class DriftSummaries implements SummaryKind<SummaryLayout, WindowSummary> {

  public static final DriftSummaries INSTANCE = new DriftSummaries();

  private DriftSummaries() {}

  @Override
  public String name() {
    return "data drift";
  }

  @Override
  public SummaryLayout layoutOf(ModelArtifact artifact) {
    return SummaryLayout.of(artifact);
  }

  @Override
  public WindowSummary create(SummaryLayout layout) {
    return layout.newSummary();
  }

  @Override
  public void merge(WindowSummary into, WindowSummary other) {
    into.merge(other);
  }

  @Override
  public byte[] write(WindowSummary summary) {
    return summary.toBytes();
  }

  @Override
  public WindowSummary read(byte[] bytes, SummaryLayout layout) {
    return WindowSummary.fromBytes(bytes, layout);
  }

  @Override
  public long count(WindowSummary summary) {
    return summary.count();
  }
}
