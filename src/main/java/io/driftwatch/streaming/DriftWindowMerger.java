package io.driftwatch.streaming;

import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The single merge stage: adds the partial summaries of every task into one summary per (window, model version), and
 * when the global watermark ({@link PartitionWatermarks}) passes a window's end plus grace, judges it with the model
 * version's {@link DriftDetector} and emits the report to {@code drift-reports}, oldest first, exactly once.
 *
 * <p>Low volume (a partial per task per window, a heartbeat per task per second), so every change is written through
 * to a changelogged store at once; {@link #init} rebuilds the heap from it. A partial for a window already reported
 * counts its records as late, as do the tasks' own late records; the next report carries them in
 * {@code late_records}.
 */
final class DriftWindowMerger implements Processor<String, DriftSignal, String, byte[]> {

  static final String STORE = "drift-merged-windows";
  /** Artifacts kept for summaries still on their way; the oldest without an open window go first. */
  static final int KEPT_ARTIFACTS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(DriftWindowMerger.class);
  private static final long LATE_LOG_INTERVAL_MS = 60_000;
  private static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {'R'});
  private static final byte ARTIFACT = 'A';
  private static final byte PARTITION = 'P';
  private static final byte WINDOW = 'W';

  private record Known(long sequence, ModelArtifact artifact, SummaryLayout layout) {}

  private final DriftWindowing windowing;
  private final DriftSettings settings;
  private final long idleTicks;
  private final Duration tick;
  private final DriftReports reports;
  // Calibrating a detector takes about a second: once per model version for the life of this processor.
  private final Map<String, DriftDetector> detectors = new HashMap<>();

  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<Bytes, byte[]> store;
  private TreeMap<WindowKey, WindowSummary> merged;
  private Map<String, Known> artifacts;
  private PartitionWatermarks watermarks;
  private long reportedWatermark;
  private long pendingLate;
  private long announcements;
  private long lastLateLogMs = Long.MIN_VALUE / 2;

  DriftWindowMerger(DriftConfig config, DriftReports reports) {
    this.windowing = config.windowing();
    this.settings = config.statistics();
    this.idleTicks = config.idleTicks();
    this.tick = config.heartbeatInterval();
    this.reports = reports;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    merged = new TreeMap<>();
    artifacts = new HashMap<>();
    watermarks = new PartitionWatermarks(idleTicks);
    reportedWatermark = DriftSignal.NO_TIME;
    pendingLate = 0;
    announcements = 0;
    restore();
    watermarks.start();
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
      watermarks.tick();
      emitDue(now);
    });
  }

  @Override
  public void process(Record<String, DriftSignal> record) {
    long now = context.currentSystemTimeMs();
    DriftSignal signal = record.value();
    if (signal instanceof DriftSignal.Partial partial) {
      watermarks.heard(partial.partition());
      merge(partial);
    } else if (signal instanceof DriftSignal.Heartbeat heartbeat) {
      int partition = heartbeat.partition();
      boolean changes = !watermarks.knows(partition) || heartbeat.streamTime() > watermarks.streamTime(partition)
          || heartbeat.idle() != watermarks.idle(partition);
      watermarks.heartbeat(partition, heartbeat.streamTime(), heartbeat.idle());
      if (changes) {
        savePartition(partition); // most heartbeats repeat the last one: no changelog write for them
      }
      addLate(heartbeat.lateRecords());
    } else if (signal instanceof DriftSignal.ModelAnnouncement announcement) {
      learn(announcement);
    }
    emitDue(now);
  }

  private void addLate(long records) {
    if (records > 0) {
      pendingLate += records;
      saveProgress();
      // Records outside every report must never pass unseen, even when no report follows for a long time.
      long now = context.currentSystemTimeMs();
      if (now - lastLateLogMs >= LATE_LOG_INTERVAL_MS) {
        lastLateLogMs = now;
        LOG.info("{} scored records fell in windows already closed (late or from a silent partition); the next drift"
            + " report counts them in late_records", pendingLate);
      }
    }
  }

  private void merge(DriftSignal.Partial partial) {
    String version = WindowSummary.modelVersionOf(partial.summary());
    Known known = artifacts.get(version);
    if (known == null) {
      // Cannot happen while tasks announce each version before its first summary; say so loudly if it does.
      LOG.error("a summary of model version {} for window {} arrived without its artifact: it is not reported",
          version, Instant.ofEpochMilli(partial.windowStart()));
      return;
    }
    WindowSummary delta = WindowSummary.fromBytes(partial.summary(), known.layout());
    if (windowing.closeTime(partial.windowStart()) <= reportedWatermark) {
      addLate(delta.count()); // the window was reported while this task was idle or silent
      return;
    }
    WindowKey key = new WindowKey(partial.windowStart(), version);
    WindowSummary sum = merged.merge(key, delta, WindowSummary::merge);
    store.put(windowKey(key), sum.toBytes());
  }

  private void learn(DriftSignal.ModelAnnouncement announcement) {
    if (artifacts.containsKey(announcement.modelVersion())) {
      return;
    }
    ModelArtifact artifact = ModelArtifactJson.read(announcement.artifactJson());
    long sequence = ++announcements;
    artifacts.put(artifact.modelVersion(), new Known(sequence, artifact, SummaryLayout.of(artifact)));
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
      for (Map.Entry<String, Known> entry : artifacts.entrySet()) {
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
      detectors.remove(oldest);
      store.delete(artifactKey(oldest));
    }
  }

  /** Reports every window the global watermark has closed, oldest first; also runs every heartbeat interval. */
  private void emitDue(long nowMs) {
    OptionalLong watermark = watermarks.watermark();
    if (watermark.isEmpty() || watermark.getAsLong() <= reportedWatermark) {
      return;
    }
    reportedWatermark = watermark.getAsLong();
    while (!merged.isEmpty() && windowing.closeTime(merged.firstKey().start()) <= reportedWatermark) {
      Map.Entry<WindowKey, WindowSummary> window = merged.pollFirstEntry();
      store.delete(windowKey(window.getKey()));
      report(window.getKey(), window.getValue(), nowMs);
    }
    saveProgress();
  }

  private void report(WindowKey key, WindowSummary summary, long nowMs) {
    Known known = artifacts.get(key.modelVersion());
    DriftDetector detector =
        detectors.computeIfAbsent(key.modelVersion(), v -> DriftDetector.create(known.artifact(), settings));
    DriftReport report = detector.evaluate(summary, Instant.ofEpochMilli(key.start()),
        Instant.ofEpochMilli(windowing.endOf(key.start())), pendingLate);
    pendingLate = 0;
    context.forward(new Record<>(DriftReportJson.key(report), DriftReportJson.write(report), nowMs));
    reports.publish(report);
    LOG.info("drift report: window {} model {} version {}: {} records, {} late, drifted {}", report.windowStart(),
        report.modelName(), report.modelVersion(), report.count(), report.lateRecords(), report.driftedFeatures());
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
            pendingLate = value.getLong();
            announcements = value.getLong();
          }
          case PARTITION -> watermarks.restore(ByteBuffer.wrap(key, 1, 4).getInt(), value.getLong(), value.get() != 0);
          case ARTIFACT -> {
            long sequence = value.getLong();
            byte[] json = new byte[value.remaining()];
            value.get(json);
            ModelArtifact artifact = ModelArtifactJson.read(json);
            artifacts.put(artifact.modelVersion(), new Known(sequence, artifact, SummaryLayout.of(artifact)));
          }
          case WINDOW -> windows.add(entry);
          default -> throw new IllegalStateException("unexpected key in the drift merge store: " + entry.key);
        }
      }
    }
    for (KeyValue<Bytes, byte[]> entry : windows) {
      byte[] key = entry.key.get();
      long start = ByteBuffer.wrap(key, 1, 8).getLong();
      String version = new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
      merged.put(new WindowKey(start, version), WindowSummary.fromBytes(entry.value, artifacts.get(version).layout()));
    }
  }

  private void saveProgress() {
    store.put(PROGRESS_KEY,
        ByteBuffer.allocate(24).putLong(reportedWatermark).putLong(pendingLate).putLong(announcements).array());
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
