package io.driftwatch.streaming;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifactJson;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the scored events of one stream task (one input partition) into heap window summaries, in the scoring
 * sub-topology: no repartition of events. Per event: a window lookup and {@code WindowSummary.update}, no allocation,
 * no serialization, no store access. At every commit the changed summaries and the task's stream time are written to
 * a changelogged store ({@link WriteAtCommitStore}), inside the transaction; {@link #init} rebuilds the heap from it.
 *
 * <p>Sends to the merge stage: a partial when stream time closes a window (or all open windows when the partition
 * goes idle), followed by a heartbeat; a heartbeat every {@code drift.heartbeat.interval}; and each model artifact
 * before its first summary.
 */
final class DriftWindowAggregator implements Processor<byte[], ScoredEvent, String, DriftSignal> {

  static final String STORE = "drift-task-windows";
  /** All signals share one key: the merge stage has a single partition anyway. */
  static final String SIGNAL_KEY = "drift";

  private static final Logger LOG = LoggerFactory.getLogger(DriftWindowAggregator.class);

  private final DriftWindowing windowing;
  private final long idleTicks;
  private final Duration heartbeatInterval;

  private ProcessorContext<String, DriftSignal> context;
  private TaskWindows windows;
  private int partition;

  // The model of the previous event and its layout (null: the model cannot be monitored), and every version seen in
  // this task's lifetime; a version is announced to the merge stage when first seen.
  private ScoringModel lastModel;
  private SummaryLayout lastLayout;
  private final Map<String, SummaryLayout> layouts = new HashMap<>();

  private long eventsSinceHeartbeat;
  // Heartbeats in a row without an event: counted, not timed, so a paused JVM or a clock jump cannot make a busy
  // partition look idle (a late punctuation fires once).
  private long quietHeartbeats;
  private boolean idle;

  DriftWindowAggregator(DriftConfig config) {
    this.windowing = config.windowing();
    this.idleTicks = config.idleTicks();
    this.heartbeatInterval = config.heartbeatInterval();
  }

  @Override
  public void init(ProcessorContext<String, DriftSignal> context) {
    this.context = context;
    this.partition = context.taskId().partition();
    // init also runs when an exactly-once task is revived after an aborted transaction: start from the store alone.
    this.windows = new TaskWindows(windowing);
    layouts.clear();
    lastModel = null;
    lastLayout = null;
    eventsSinceHeartbeat = 0;
    quietHeartbeats = 0;
    idle = false;

    WriteAtCommitStore store = context.getStateStore(STORE);
    KeyValueStore<Bytes, byte[]> persisted = store.persisted();
    try (KeyValueIterator<Bytes, byte[]> all = persisted.all()) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        windows.restore(entry.key, entry.value);
      }
    }
    TaskWindows current = windows;
    store.beforeCommit(() -> current.writeChanges((key, value) -> {
      if (value == null) {
        persisted.delete(key);
      } else {
        persisted.put(key, value);
      }
    }));
    context.schedule(heartbeatInterval, PunctuationType.WALL_CLOCK_TIME, this::heartbeat);
  }

  @Override
  public void process(Record<byte[], ScoredEvent> record) {
    ScoredEvent event = record.value();
    SummaryLayout layout = event.model() == lastModel ? lastLayout : layoutFor(event.model(), record.timestamp());
    if (layout == null) {
      return;
    }
    eventsSinceHeartbeat++;
    windows.add(event.eventTimeMillis(), layout, event.features(), event.prediction());
    if (windows.hasDue()) {
      for (TaskWindows.Slot slot : windows.closeDue()) {
        sendPartial(slot, record.timestamp());
      }
      sendHeartbeat(record.timestamp());
    }
  }

  private SummaryLayout layoutFor(ScoringModel model, long timestamp) {
    lastModel = model;
    if (!layouts.containsKey(model.version())) {
      SummaryLayout layout;
      try {
        layout = SummaryLayout.of(model.artifact());
        context.forward(new Record<>(SIGNAL_KEY, new DriftSignal.ModelAnnouncement(
            partition, model.version(), ModelArtifactJson.write(model.artifact())), timestamp));
      } catch (IllegalArgumentException | InvalidModelArtifactException e) {
        // e.g. an artifact without a reference profile: scoring goes on, drift is not watched for it.
        LOG.warn("task {}: data drift is not monitored for model {} version {}: {}", context.taskId(), model.name(),
            model.version(), e.getMessage());
        layout = null;
      }
      layouts.put(model.version(), layout);
    }
    lastLayout = layouts.get(model.version());
    return lastLayout;
  }

  private void heartbeat(long nowMs) {
    if (eventsSinceHeartbeat > 0) {
      eventsSinceHeartbeat = 0;
      quietHeartbeats = 0;
      idle = false;
    } else if (!idle && ++quietHeartbeats >= idleTicks) {
      // Hand the open windows over before saying idle: the merge stage may then report them without waiting.
      for (TaskWindows.Slot slot : windows.drainAll()) {
        sendPartial(slot, nowMs);
      }
      idle = true;
    }
    sendHeartbeat(nowMs);
  }

  private void sendHeartbeat(long timestamp) {
    context.forward(new Record<>(SIGNAL_KEY,
        new DriftSignal.Heartbeat(partition, windows.streamTime(), idle, windows.takeLateRecords()), timestamp));
  }

  private void sendPartial(TaskWindows.Slot slot, long timestamp) {
    context.forward(new Record<>(SIGNAL_KEY,
        new DriftSignal.Partial(partition, slot.key.start(), slot.bytes()), timestamp));
  }
}
