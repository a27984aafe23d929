package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.windows.SummaryKind;

/**
 * Data drift's window summaries: features and predictions on the reference's frozen bins, and the features' joint
 * moments when the artifact has reference moments and {@code drift.multivariate} is on ({@link WindowSummary}).
 */
public final class DriftSummaries implements SummaryKind<SummaryLayout, WindowSummary> {

  /** With joint moments (the default). */
  public static final DriftSummaries INSTANCE = new DriftSummaries(true);
  /** Without joint moments ({@code drift.multivariate=false}). */
  public static final DriftSummaries WITHOUT_JOINT_MOMENTS = new DriftSummaries(false);

  private final boolean multivariate;

  private DriftSummaries(boolean multivariate) {
    this.multivariate = multivariate;
  }

  /** The summaries {@code settings} ask for. */
  public static DriftSummaries of(io.driftwatch.core.drift.DriftSettings settings) {
    return settings.multivariate() ? INSTANCE : WITHOUT_JOINT_MOMENTS;
  }

  @Override
  public String name() {
    return "data drift";
  }

  @Override
  public SummaryLayout layoutOf(ModelArtifact artifact) {
    return SummaryLayout.of(artifact, multivariate);
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
