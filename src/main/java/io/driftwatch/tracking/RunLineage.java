package io.driftwatch.tracking;

/**
 * Where a model comes from besides its data and code: the model it replaces and the window of live data it was
 * retrained on. A {@code train} run has neither ({@link #NONE}).
 *
 * @param parentModelVersion {@code model_version} of the model this one replaces, or null
 * @param dataWindow the event-time window of the rows it was trained on, or null
 */
public record RunLineage(String parentModelVersion, DataWindow dataWindow) {

  /** No parent, no window: a model trained from a file. */
  public static final RunLineage NONE = new RunLineage(null, null);

  public RunLineage {
    if (parentModelVersion != null && parentModelVersion.isBlank()) {
      throw new IllegalArgumentException("a parent model version must not be blank");
    }
  }
}
