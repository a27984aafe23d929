package io.driftwatch.streaming.windows;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
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
 * The single merge stage of one {@link SummaryKind}: adds the partial summaries of every task into one summary per
 * (window, model version), and when the global watermark ({@link PartitionWatermarks}) passes a window's end plus
 * grace, hands it to the kind's {@link Reporter}, oldest first, exactly once.
 *
 * <p>Low volume (a partial per task per window, a heartbeat per task per second), so every change is written through
 * to a changelogged store at once; {@link #init} rebuilds the heap from it. A partial for a window already reported
 * counts its records as late, as do the tasks' own late records; the next report carries them, with the kind's other
 * counters, summed since the previous report.
 *
 * @param <L> the kind's per-model layout
 * @param <S> the kind's window summary
 */
public final class WindowMerger<L, S> implements Processor<String, WindowSignal, String, byte[]> {

  /**
   * Turns a merged window into output records (and in-process listeners); and handles any signal that is not part of
   * the window machinery (labels for the sequential alarm).
   */
  public interface Reporter<L, S> {

    /** Called from the stage's {@code init}, before any artifact is learned (e.g. to open the reporter's stores). */
    default void init(ProcessorContext<String, byte[]> context) {}

    /** Called once per model version before its first window (and on restore), with its artifact. */
    default void learn(ModelArtifact artifact) {}

    /**
     * Emits the report of one closed window.
     *
     * @param counters the kind's counters since the previous report ({@link TaskWindows#LATE} first)
     */
    void report(WindowKey key, long windowEndMs, ModelArtifact artifact, S summary, long[] counters,
        ProcessorContext<String, byte[]> context, long nowMs);

    /** The stage no longer keeps {@code version}'s artifact: drop what was built for it. */
    default void forget(String version) {}

    /** A signal other than partials, heartbeats and announcements; the default ignores it. */
    default void other(WindowSignal signal, ProcessorContext<String, byte[]> context, long nowMs) {}
  }

  /** Artifacts kept for summaries still on their way; the oldest without an open window go first. */
  static final int KEPT_ARTIFACTS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(WindowMerger.class);
  private static final long LATE_LOG_INTERVAL_MS = 60_000;
  private static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {'R'});
  private static final byte ARTIFACT = 'A';
  private static final byte PARTITION = 'P';
  private static final byte WINDOW = 'W';

  private record Known<L>(long sequence, ModelArtifact artifact, L layout) {}

  private final SummaryKind<L, S> kind;
  private final String storeName;
  private final DriftWindowing windowing;
  private final long idleTicks;
  private final Duration tick;
  private final Reporter<L, S> reporter;
  private final int counterCount;

  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<Bytes, byte[]> store;
  private TreeMap<WindowKey, S> merged;
  private Map<String, Known<L>> artifacts;
  private PartitionWatermarks watermarks;
  private long reportedWatermark;
  private long[] pending;
  private long announcements;
  private long lastLateLogMs = Long.MIN_VALUE / 2;

  public WindowMerger(SummaryKind<L, S> kind, String storeName, DriftConfig config, int counters, Reporter<L, S> reporter) {
    this.kind = kind;
    this.storeName = storeName;
    this.windowing = config.windowing();
    this.idleTicks = config.idleTicks();
    this.tick = config.heartbeatInterval();
    this.counterCount = counters;
    this.reporter = reporter;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    merged = new TreeMap<>();
    artifacts = new HashMap<>();
    watermarks = new PartitionWatermarks(idleTicks);
    reportedWatermark = WindowSignal.NO_TIME;
    pending = new long[counterCount];
    announcements = 0;
    reporter.init(context);
    restore();
    watermarks.start();
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
      watermarks.tick();
      emitDue(now);
    });
  }

  @Override
  public void process(Record<String, WindowSignal> record) {
    long now = context.currentSystemTimeMs();
    WindowSignal signal = record.value();
    if (signal instanceof WindowSignal.Partial partial) {
      watermarks.heard(partial.partition());
      merge(partial);
    } else if (signal instanceof WindowSignal.Heartbeat heartbeat) {
      int partition = heartbeat.partition();
      boolean changes = !watermarks.knows(partition) || heartbeat.streamTime() > watermarks.streamTime(partition)
          || heartbeat.idle() != watermarks.idle(partition);
      watermarks.heartbeat(partition, heartbeat.streamTime(), heartbeat.idle());
      if (changes) {
        savePartition(partition); // most heartbeats repeat the last one: no changelog write for them
      }
      addCounters(heartbeat.counters());
    } else if (signal instanceof WindowSignal.ModelAnnouncement announcement) {
      learn(announcement);
    } else {
      reporter.other(signal, context, now);
    }
    emitDue(now);
  }

  private void addCounters(long[] counters) {
    boolean any = false;
    for (int i = 0; i < Math.min(counters.length, pending.length); i++) {
      if (counters[i] != 0) {
        pending[i] += counters[i];
        any = true;
      }
    }
    if (any) {
      saveProgress();
      if (counters[TaskWindows.LATE] > 0) {
        logLate();
      }
    }
  }

  private void addLate(long records) {
    if (records > 0) {
      pending[TaskWindows.LATE] += records;
      saveProgress();
      logLate();
    }
  }

  // Records outside every report must never pass unseen, even when no report follows for a long time.
  private void logLate() {
    long now = context.currentSystemTimeMs();
    if (now - lastLateLogMs >= LATE_LOG_INTERVAL_MS) {
      lastLateLogMs = now;
      LOG.info("{}: {} records fell in windows already closed (late or from a silent partition); the next report"
          + " counts them in late_records", kind.name(), pending[TaskWindows.LATE]);
    }
  }

  private void merge(WindowSignal.Partial partial) {
    String version = partial.modelVersion();
    Known<L> known = artifacts.get(version);
    if (known == null) {
      // Cannot happen while tasks announce each version before its first summary; say so loudly if it does.
      LOG.error("{}: a summary of model version {} for window {} arrived without its artifact: it is not reported",
          kind.name(), version, Instant.ofEpochMilli(partial.windowStart()));
      return;
    }
    S delta = kind.read(partial.summary(), known.layout());
    if (windowing.closeTime(partial.windowStart()) <= reportedWatermark) {
      addLate(kind.count(delta)); // the window was reported while this task was idle or silent
      return;
    }
    WindowKey key = new WindowKey(partial.windowStart(), version);
    S sum = merged.get(key);
    if (sum == null) {
      merged.put(key, delta);
      sum = delta;
    } else {
      kind.merge(sum, delta);
    }
    store.put(windowKey(key), kind.write(sum));
  }

  private void learn(WindowSignal.ModelAnnouncement announcement) {
    if (artifacts.containsKey(announcement.modelVersion())) {
      return;
    }
    ModelArtifact artifact = ModelArtifactJson.read(announcement.artifactJson());
    long sequence = ++announcements;
    artifacts.put(artifact.modelVersion(), new Known<>(sequence, artifact, kind.layoutOf(artifact)));
    reporter.learn(artifact);
    store.put(artifactKey(artifact.modelVersion()),
        ByteBuffer.allocate(8 + announcement.artifactJson().length).putLong(sequence)
            .put(announcement.artifactJson()).array());
    saveProgress();
    forgetOldArtifacts();
  }

  private void forgetOldArtifacts() {
    while (artifacts.size() > KEPT_ARTIFACTS) {
      String oldest = null;
      long oldestSequence = Long.MAX_VALUE;
      for (Map.Entry<String, Known<L>> entry : artifacts.entrySet()) {
        String version = entry.getKey();
        boolean inUse = merged.keySet().stream().anyMatch(k -> k.modelVersion().equals(version));
        if (!inUse && entry.getValue().sequence() < oldestSequence) {
          oldest = version;
          oldestSequence = entry.getValue().sequence();
        }
      }
      if (oldest == null) {
        return;
      }
      artifacts.remove(oldest);
      reporter.forget(oldest);
      store.delete(artifactKey(oldest));
    }
  }

  /** The artifact of a version this stage has learned, or null. */
  ModelArtifact artifact(String version) {
    Known<L> known = artifacts.get(version);
    return known == null ? null : known.artifact();
  }

  /** Reports every window the global watermark has closed, oldest first; also runs every heartbeat interval. */
  private void emitDue(long nowMs) {
    OptionalLong watermark = watermarks.watermark();
    if (watermark.isEmpty() || watermark.getAsLong() <= reportedWatermark) {
      return;
    }
    reportedWatermark = watermark.getAsLong();
    while (!merged.isEmpty() && windowing.closeTime(merged.firstKey().start()) <= reportedWatermark) {
      Map.Entry<WindowKey, S> window = merged.pollFirstEntry();
      store.delete(windowKey(window.getKey()));
      WindowKey key = window.getKey();
      long[] counters = pending.clone();
      Arrays.fill(pending, 0);
      reporter.report(key, windowing.endOf(key.start()), artifacts.get(key.modelVersion()).artifact(),
          window.getValue(), counters, context, nowMs);
    }
    saveProgress();
  }

  // --- the store ---------------------------------------------------------------------------------------------------

  private void restore() {
    List<KeyValue<Bytes, byte[]>> windows = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        byte[] key = entry.key.get();
        ByteBuffer value = ByteBuffer.wrap(entry.value);
        switch (key[0]) {
          case 'R' -> {
            reportedWatermark = value.getLong();
            announcements = value.getLong();
            for (int i = 0; i < pending.length && value.hasRemaining(); i++) {
              pending[i] = value.getLong();
            }
          }
          case PARTITION -> watermarks.restore(ByteBuffer.wrap(key, 1, 4).getInt(), value.getLong(), value.get() != 0);
          case ARTIFACT -> {
            long sequence = value.getLong();
            byte[] json = new byte[value.remaining()];
            value.get(json);
            ModelArtifact artifact = ModelArtifactJson.read(json);
            artifacts.put(artifact.modelVersion(), new Known<>(sequence, artifact, kind.layoutOf(artifact)));
            reporter.learn(artifact);
          }
          case WINDOW -> windows.add(entry);
          default -> throw new IllegalStateException("unexpected key in the " + storeName + " store: " + entry.key);
        }
      }
    }
    for (KeyValue<Bytes, byte[]> entry : windows) {
      byte[] key = entry.key.get();
      long start = ByteBuffer.wrap(key, 1, 8).getLong();
      String version = new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
      merged.put(new WindowKey(start, version), kind.read(entry.value, artifacts.get(version).layout()));
    }
  }

  private void saveProgress() {
    ByteBuffer progress = ByteBuffer.allocate(16 + 8 * pending.length).putLong(reportedWatermark)
        .putLong(announcements);
    for (long c : pending) {
      progress.putLong(c);
    }
    store.put(PROGRESS_KEY, progress.array());
  }

  private void savePartition(int partition) {
    store.put(Bytes.wrap(ByteBuffer.allocate(5).put(PARTITION).putInt(partition).array()),
        ByteBuffer.allocate(9).putLong(watermarks.streamTime(partition))
            .put((byte) (watermarks.idle(partition) ? 1 : 0)).array());
  }

  private static Bytes artifactKey(String version) {
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(1 + v.length).put(ARTIFACT).put(v).array());
  }

  private static Bytes windowKey(WindowKey key) {
    return TaskWindows.windowKey(key);
  }
}
