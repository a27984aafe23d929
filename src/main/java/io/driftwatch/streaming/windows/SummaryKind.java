package io.driftwatch.streaming.windows;

import io.driftwatch.core.model.ModelArtifact;

/**
 * What the window machinery needs to know about one kind of window summary (data drift's {@code WindowSummary},
 * concept drift's {@code PerformanceSummary}): how to lay it out for a model, create, merge and (de)serialize it. The
 * machinery ({@link TaskWindows}, {@link TaskWindowing}, {@link WindowMerger}) is the same for every kind.
 *
 * @param <L> the per-model layout (frozen bins, feature count, ...), built once per model version
 * @param <S> the mutable, mergeable summary of one window of one model version
 */
public interface SummaryKind<L, S> {

  /** For logs and store names, e.g. {@code drift}. */
  String name();

  /**
   * The layout for {@code artifact}.
   *
   * @throws IllegalArgumentException if this kind cannot monitor the model (e.g. no reference profile): it is scored
   *     but not monitored
   */
  L layoutOf(ModelArtifact artifact);

  S create(L layout);

  /** Adds {@code other} (same window, same model version) into {@code into}; exact, associative, commutative. */
  void merge(S into, S other);

  byte[] write(S summary);

  S read(byte[] bytes, L layout);

  /** Records the summary holds (for late counts of partials that arrive after their window was reported). */
  long count(S summary);
}
