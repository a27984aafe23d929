package io.driftwatch.streaming.windows;

/**
 * What each task tells the single merge stage of a kind of window (data drift, performance), over one internal
 * partition: its partial window summaries, heartbeats carrying its stream time and counters, the model artifacts its
 * summaries refer to, and (performance only) each labelled prediction for the sequential alarm. A task's signals
 * travel in order through one producer, so the merge stage sees a task's partials before any heartbeat that passes
 * them.
 */
public sealed interface WindowSignal
    permits WindowSignal.Partial, WindowSignal.Heartbeat, WindowSignal.ModelAnnouncement, WindowSignal.Label {

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
   * @param modelVersion the version of the model whose layout the summary has
   * @param summary the summary kind's bytes
   */
  record Partial(int partition, long windowStart, String modelVersion, byte[] summary) implements WindowSignal {}

  /**
   * A task's progress: every {@code drift.heartbeat.interval}, whether or not events arrive, and after every batch of
   * partials. The task has sent its partials of every window that {@code streamTime} closes.
   *
   * @param streamTime the largest event time the task has seen, or {@link #NO_TIME}
   * @param idle no event for {@code drift.idle.timeout}; the task has then sent all its open windows as partials
   * @param counters since the task's previous heartbeat: records that arrived for windows it had closed (index 0),
   *     then the kind's own counts
   */
  record Heartbeat(int partition, long streamTime, boolean idle, long[] counters) implements WindowSignal {

    /** Records that arrived for windows the task had closed, since its previous heartbeat. */
    long lateRecords() {
      return counters[TaskWindows.LATE];
    }
  }

  /**
   * The artifact of a model version, sent by a task before its first summary of that version, so that the merge
   * stage can read and judge summaries of any version, also one its own instance never loaded.
   */
  record ModelAnnouncement(int partition, String modelVersion, byte[] artifactJson) implements WindowSignal {}

  /**
   * One prediction joined with its outcome, for the sequential concept-drift alarm (which needs every label, in one
   * place, as it comes).
   *
   * @param eventTime the outcome's event time, epoch milliseconds
   * @param z the prediction's standardized features (NaN where the model's coefficient is zero)
   * @param residual outcome − prediction
   */
  record Label(int partition, String modelVersion, long eventTime, double[] z, double residual)
      implements WindowSignal {}
}
