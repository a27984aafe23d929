package io.driftwatch.streaming;

/**
 * What each scoring task tells the single merge stage, over one internal partition: its partial window summaries,
 * heartbeats carrying its stream time, and the model artifacts its summaries refer to. A task's signals travel in
 * order through one producer, so the merge stage sees a task's partials before any heartbeat that passes them.
 */
sealed interface DriftSignal permits DriftSignal.Partial, DriftSignal.Heartbeat, DriftSignal.ModelAnnouncement {

  /** No event seen yet. */
  long NO_TIME = Long.MIN_VALUE;

  /** The input partition (= stream task) that sent it. */
  int partition();

  /**
   * The events of one window that a task saw since its last partial for that window: a delta, so the merge stage
   * adds it to what it has. Sent when the task's stream time closes the window, or earlier when the partition goes
   * idle; a heartbeat always follows a batch of partials, and only heartbeats move the task's watermark (a model
   * switch closes two summaries of one window at once: the first must not let the window be reported alone).
   *
   * @param summary {@code WindowSummary.toBytes()}; the model version is inside
   */
  record Partial(int partition, long windowStart, byte[] summary) implements DriftSignal {}

  /**
   * A task's progress: every {@code drift.heartbeat.interval}, whether or not events arrive, and after every batch of
   * partials. The task has sent its partials of every window that {@code streamTime} closes.
   *
   * @param streamTime the largest event time the task has seen, or {@link #NO_TIME}
   * @param idle no event for {@code drift.idle.timeout}; the task has then sent all its open windows as partials
   * @param lateRecords records that arrived for windows the task had closed, since its previous heartbeat
   */
  record Heartbeat(int partition, long streamTime, boolean idle, long lateRecords) implements DriftSignal {}

  /**
   * The artifact of a model version, sent by a task before its first summary of that version, so that the merge
   * stage can read and judge summaries of any version, also one its own instance never loaded.
   */
  record ModelAnnouncement(int partition, String modelVersion, byte[] artifactJson) implements DriftSignal {}
}
