package io.driftwatch.streaming.windows;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.scoring.ScoringModel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task side of the window machinery, for any {@link SummaryKind}: folds one stream task's records into heap window
 * summaries ({@link TaskWindows}), with no repartition of records. Per record: a window lookup, no allocation, no
 * serialization, no store access. At every commit the changed summaries, the task's stream time and counters are
 * written to a changelogged store ({@link WriteAtCommitStore}), inside the transaction; {@link #init} rebuilds the
 * heap from it.
 *
 * <p>Sends to the merge stage ({@link WindowMerger}): a partial when stream time closes a window (or all open windows
 * when the partition goes idle), followed by a heartbeat; a heartbeat every {@code drift.heartbeat.interval}; and each
 * model artifact before its first summary. Owned by one processor, which forwards {@link WindowSignal}s.
 *
 * @param <L> the kind's per-model layout
 * @param <S> the kind's window summary
 */
public final class TaskWindowing<L, S> {

  /** All signals share one key: the merge stage has a single partition anyway. */
  static final String SIGNAL_KEY = "windows";

  private static final Logger LOG = LoggerFactory.getLogger(TaskWindowing.class);

  private final SummaryKind<L, S> kind;
  private final DriftWindowing windowing;
  private final long idleTicks;
  private final Duration heartbeatInterval;
  private final int counterCount;

  private ProcessorContext<?, ?> context;
  private ProcessorContext<String, WindowSignal> signals;
  private TaskWindows<L, S> windows;
  private int partition;

  // The model of the previous record and its layout (null: the model cannot be monitored), and every version seen
  // in this task's lifetime; a version is announced to the merge stage when first seen.
  private ScoringModel lastModel;
  private L lastLayout;
  private final Map<String, L> layouts = new HashMap<>();
  private final Map<String, Boolean> unmonitored = new HashMap<>();

  private long recordsSinceHeartbeat;
  // Heartbeats in a row without a record: counted, not timed, so a paused JVM or a clock jump cannot make a busy
  // partition look idle (a late punctuation fires once).
  private long quietHeartbeats;
  private boolean idle;

  /** @param counters the kind's counters, {@link TaskWindows#LATE} included */
  public TaskWindowing(SummaryKind<L, S> kind, DriftConfig config, int counters) {
    this.kind = kind;
    this.windowing = config.windowing();
    this.idleTicks = config.idleTicks();
    this.heartbeatInterval = config.heartbeatInterval();
    this.counterCount = counters;
  }

  /**
   * Starts from the store alone (init also runs when an exactly-once task is revived after an aborted transaction)
   * and schedules the heartbeat.
   */
  public void init(ProcessorContext<String, WindowSignal> context, WriteAtCommitStore store) {
    this.context = context;
    this.signals = context;
    this.partition = context.taskId().partition();
    this.windows = new TaskWindows<>(kind, windowing, counterCount);
    layouts.clear();
    unmonitored.clear();
    lastModel = null;
    lastLayout = null;
    recordsSinceHeartbeat = 0;
    quietHeartbeats = 0;
    idle = false;

    KeyValueStore<Bytes, byte[]> persisted = store.persisted();
    try (KeyValueIterator<Bytes, byte[]> all = persisted.all()) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        windows.restore(entry.key, entry.value);
      }
    }
    TaskWindows<L, S> current = windows;
    store.beforeCommit(() -> current.writeChanges((key, value) -> {
      if (value == null) {
        persisted.delete(key);
      } else {
        persisted.put(key, value);
      }
    }));
    context.schedule(heartbeatInterval, PunctuationType.WALL_CLOCK_TIME, this::heartbeat);
  }

  /**
   * The summary a record of {@code model} at {@code eventTimeMs} belongs in, for the caller to update, then to call
   * {@link #afterUpdate}; or null when the record is late (counted) or the model cannot be monitored.
   */
  public S summaryFor(ScoringModel model, long eventTimeMs, long timestamp) {
    L layout = model == lastModel ? lastLayout : layoutFor(model, timestamp);
    if (layout == null) {
      return null;
    }
    recordsSinceHeartbeat++;
    return windows.summaryFor(eventTimeMs, layout, model.version());
  }

  /** Sends the windows the last record's event time closed, if any. */
  public void afterUpdate(long timestamp) {
    if (windows.hasDue()) {
      for (TaskWindows<L, S>.Slot slot : windows.closeDue()) {
        sendPartial(slot, timestamp);
      }
      sendHeartbeat(timestamp);
    }
  }

  /** Adds {@code n} to the kind's counter {@code counter}; the next heartbeat carries it. */
  public void count(int counter, long n) {
    windows.count(counter, n);
  }

  /** Sends any other signal (e.g. a label) in order with this task's partials and heartbeats. */
  public void send(WindowSignal signal, long timestamp) {
    signals.forward(new Record<>(SIGNAL_KEY, signal, timestamp));
  }

  public int partition() {
    return partition;
  }

  private L layoutFor(ScoringModel model, long timestamp) {
    lastModel = model;
    if (!layouts.containsKey(model.version())) {
      L layout;
      try {
        layout = kind.layoutOf(model.artifact());
        send(new WindowSignal.ModelAnnouncement(partition, model.version(),
            ModelArtifactJson.write(model.artifact())), timestamp);
      } catch (IllegalArgumentException | InvalidModelArtifactException e) {
        // e.g. an artifact without a reference profile: scoring goes on, this kind of window is not kept for it.
        LOG.warn("task {}: {} is not monitored for model {} version {}: {}", context.taskId(), kind.name(),
            model.name(), model.version(), e.getMessage());
        layout = null;
      }
      layouts.put(model.version(), layout);
    }
    lastLayout = layouts.get(model.version());
    return lastLayout;
  }

  private void heartbeat(long nowMs) {
    if (recordsSinceHeartbeat > 0) {
      recordsSinceHeartbeat = 0;
      quietHeartbeats = 0;
      idle = false;
    } else if (!idle && ++quietHeartbeats >= idleTicks) {
      // Hand the open windows over before saying idle: the merge stage may then report them without waiting.
      for (TaskWindows<L, S>.Slot slot : windows.drainAll()) {
        sendPartial(slot, nowMs);
      }
      idle = true;
    }
    sendHeartbeat(nowMs);
  }

  private void sendHeartbeat(long timestamp) {
    send(new WindowSignal.Heartbeat(partition, windows.streamTime(), idle, windows.takeCounters()), timestamp);
  }

  private void sendPartial(TaskWindows<L, S>.Slot slot, long timestamp) {
    send(new WindowSignal.Partial(partition, slot.key.start(), slot.key.modelVersion(), slot.bytes()), timestamp);
  }

  /** For tests: the task's windows. */
  TaskWindows<L, S> windows() {
    return windows;
  }
}
