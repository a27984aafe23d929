package io.driftwatch.streaming;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The open windows of one stream task: a heap summary per (window, model version), the task's stream time (the
 * largest event time it has seen) and the records that came too late. Adding an event is a field comparison and a
 * {@link WindowSummary#update}; nothing is serialized until {@link #writeChanges}, which the task calls at commit.
 * Not thread-safe: one per task.
 *
 * <p>A window closes here when stream time reaches its end plus grace; an event for a closed window is late: counted,
 * not summarized. Closing depends only on this task's events, so it is the same on every run.
 */
final class TaskWindows {

  private static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {'C'});
  private static final byte WINDOW_PREFIX = 'W';

  /** One open window of one model version on this task; the summary holds the events not yet sent. */
  static final class Slot {
    final WindowKey key;
    SummaryLayout layout;
    WindowSummary summary;
    /** A restored summary of a model version this task has not loaded (yet): kept as bytes, sent as such. */
    byte[] restored;
    boolean dirty;

    Slot(WindowKey key, SummaryLayout layout, WindowSummary summary, byte[] restored) {
      this.key = key;
      this.layout = layout;
      this.summary = summary;
      this.restored = restored;
    }

    byte[] bytes() {
      return summary != null ? summary.toBytes() : restored;
    }
  }

  private final DriftWindowing windowing;
  private final TreeMap<WindowKey, Slot> open = new TreeMap<>();
  private long streamTime = DriftSignal.NO_TIME;
  private long lateRecords;
  private long nextCloseAt = Long.MAX_VALUE;
  private Slot last;

  private final List<Slot> dirty = new ArrayList<>();
  private final List<WindowKey> removed = new ArrayList<>();
  private boolean clockDirty;

  TaskWindows(DriftWindowing windowing) {
    this.windowing = windowing;
  }

  /**
   * Adds one scored event to its window, or counts it as late when this task has closed that window.
   *
   * @return false for a late event
   */
  boolean add(long eventTimeMs, SummaryLayout layout, double[] features, double prediction) {
    if (eventTimeMs > streamTime) {
      streamTime = eventTimeMs;
      clockDirty = true;
    }
    long start = windowing.startOf(eventTimeMs);
    if (windowing.closeTime(start) <= streamTime) {
      lateRecords++;
      clockDirty = true;
      return false;
    }
    Slot slot = last;
    if (slot == null || slot.key.start() != start || slot.layout != layout) {
      slot = slotFor(start, layout);
      last = slot;
    }
    slot.summary.update(features, prediction);
    if (!slot.dirty) {
      slot.dirty = true;
      dirty.add(slot);
    }
    return true;
  }

  private Slot slotFor(long start, SummaryLayout layout) {
    WindowKey key = new WindowKey(start, layout.modelVersion());
    Slot slot = open.get(key);
    if (slot == null) {
      slot = new Slot(key, layout, layout.newSummary(), null);
      open.put(key, slot);
      nextCloseAt = Math.min(nextCloseAt, windowing.closeTime(start));
    } else if (slot.summary == null) {
      slot.summary = WindowSummary.fromBytes(slot.restored, layout);
      slot.restored = null;
    }
    slot.layout = layout;
    return slot;
  }

  /** True when stream time has closed at least one open window. */
  boolean hasDue() {
    return streamTime >= nextCloseAt;
  }

  /** Removes and returns the windows stream time has closed, oldest first. */
  List<Slot> closeDue() {
    List<Slot> closed = new ArrayList<>();
    while (!open.isEmpty() && windowing.closeTime(open.firstKey().start()) <= streamTime) {
      closed.add(remove(open.pollFirstEntry().getValue()));
    }
    nextCloseAt = open.isEmpty() ? Long.MAX_VALUE : windowing.closeTime(open.firstKey().start());
    return closed;
  }

  /**
   * Removes and returns every open window, oldest first, without closing it: a partition going idle hands its
   * events over early. Later events for those windows start new summaries, sent as further partials.
   */
  List<Slot> drainAll() {
    List<Slot> drained = new ArrayList<>();
    while (!open.isEmpty()) {
      drained.add(remove(open.pollFirstEntry().getValue()));
    }
    nextCloseAt = Long.MAX_VALUE;
    return drained;
  }

  private Slot remove(Slot slot) {
    removed.add(slot.key);
    if (last == slot) {
      last = null;
    }
    return slot;
  }

  long streamTime() {
    return streamTime;
  }

  /** Late records since the previous call. */
  long takeLateRecords() {
    long n = lateRecords;
    if (n > 0) {
      lateRecords = 0;
      clockDirty = true;
    }
    return n;
  }

  int openWindows() {
    return open.size();
  }

  // --- persistence ---------------------------------------------------------------------------------------------

  /** Writes what changed since the previous call: {@code put(key, null)} deletes. Called at commit. */
  void writeChanges(BiConsumer<Bytes, byte[]> put) {
    for (WindowKey key : removed) {
      if (!open.containsKey(key)) {
        put.accept(windowKey(key), null);
      }
    }
    removed.clear();
    for (Slot slot : dirty) {
      slot.dirty = false;
      if (open.get(slot.key) == slot) {
        put.accept(windowKey(slot.key), slot.bytes());
      }
    }
    dirty.clear();
    if (clockDirty) {
      put.accept(CLOCK_KEY, ByteBuffer.allocate(16).putLong(streamTime).putLong(lateRecords).array());
      clockDirty = false;
    }
  }

  /** Rebuilds the state from what {@link #writeChanges} wrote; call on an empty instance. */
  void restore(Bytes key, byte[] value) {
    byte[] k = key.get();
    if (key.equals(CLOCK_KEY)) {
      ByteBuffer in = ByteBuffer.wrap(value);
      streamTime = in.getLong();
      lateRecords = in.getLong();
    } else if (k.length > 9 && k[0] == WINDOW_PREFIX) {
      ByteBuffer in = ByteBuffer.wrap(k, 1, 8);
      long start = in.getLong();
      String version = new String(k, 9, k.length - 9, StandardCharsets.UTF_8);
      WindowKey windowKey = new WindowKey(start, version);
      open.put(windowKey, new Slot(windowKey, null, null, value));
      nextCloseAt = Math.min(nextCloseAt, windowing.closeTime(start));
    } else {
      throw new IllegalStateException("unexpected key in the drift window store: " + key);
    }
  }

  static Bytes windowKey(WindowKey key) {
    byte[] version = key.modelVersion().getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(9 + version.length).put(WINDOW_PREFIX).putLong(key.start()).put(version)
        .array());
  }
}
