package io.driftwatch.streaming.windows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The open windows of one stream task: a heap summary per (window, model version), the task's stream time (the
 * largest event time it has seen) and its counters: the records that came too late (counter 0) and whatever else the
 * summary kind counts (outcomes without a prediction, ...). Finding an event's summary is a field comparison; the
 * caller updates it; nothing is serialized until {@link #writeChanges}, which the task calls at commit. Not
 * thread-safe: one per task.
 *
 * <p>A window closes here when stream time reaches its end plus grace; an event for a closed window is late: counted,
 * not summarized. Closing depends only on this task's events, so it is the same on every run.
 *
 * @param <L> the summary kind's per-model layout
 * @param <S> the summary kind's window summary
 */
public final class TaskWindows<L, S> {

  /** Counter 0: records that arrived for a window this task had already closed. */
  public static final int LATE = 0;

  private static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {'C'});
  private static final byte WINDOW_PREFIX = 'W';

  /** One open window of one model version on this task; the summary holds the events not yet sent. */
  final class Slot {
    final WindowKey key;
    L layout;
    S summary;
    /** A restored summary of a model version this task has not loaded (yet): kept as bytes, sent as such. */
    byte[] restored;
    boolean dirty;

    Slot(WindowKey key, L layout, S summary, byte[] restored) {
      this.key = key;
      this.layout = layout;
      this.summary = summary;
      this.restored = restored;
    }

    byte[] bytes() {
      return summary != null ? kind.write(summary) : restored;
    }
  }

  private final SummaryKind<L, S> kind;
  private final DriftWindowing windowing;
  private final TreeMap<WindowKey, Slot> open = new TreeMap<>();
  private long streamTime = WindowSignal.NO_TIME;
  private final long[] counters;
  private long nextCloseAt = Long.MAX_VALUE;
  private Slot last;

  private final List<Slot> dirty = new ArrayList<>();
  private final List<WindowKey> removed = new ArrayList<>();
  private boolean clockDirty;

  /** @param counters how many counters the kind keeps, {@link #LATE} included (at least 1) */
  TaskWindows(SummaryKind<L, S> kind, DriftWindowing windowing, int counters) {
    this.kind = kind;
    this.windowing = windowing;
    this.counters = new long[Math.max(1, counters)];
  }

  /**
   * The summary of the window {@code eventTimeMs} falls in, for the model version of {@code layout}, for the caller to
   * update; or null, counting the record as late, when this task has closed that window.
   */
  S summaryFor(long eventTimeMs, L layout, String modelVersion) {
    if (eventTimeMs > streamTime) {
      streamTime = eventTimeMs;
      clockDirty = true;
    }
    long start = windowing.startOf(eventTimeMs);
    if (windowing.closeTime(start) <= streamTime) {
      counters[LATE]++;
      clockDirty = true;
      return null;
    }
    Slot slot = last;
    if (slot == null || slot.key.start() != start || slot.layout != layout) {
      slot = slotFor(start, layout, modelVersion);
      last = slot;
    }
    if (!slot.dirty) {
      slot.dirty = true;
      dirty.add(slot);
    }
    return slot.summary;
  }

  private Slot slotFor(long start, L layout, String modelVersion) {
    WindowKey key = new WindowKey(start, modelVersion);
    Slot slot = open.get(key);
    if (slot == null) {
      slot = new Slot(key, layout, kind.create(layout), null);
      open.put(key, slot);
      nextCloseAt = Math.min(nextCloseAt, windowing.closeTime(start));
    } else if (slot.summary == null) {
      slot.summary = kind.read(slot.restored, layout);
      slot.restored = null;
    }
    slot.layout = layout;
    return slot;
  }

  /** Adds {@code n} to counter {@code counter} (not {@link #LATE}: the windows count those themselves). */
  void count(int counter, long n) {
    if (n != 0) {
      counters[counter] += n;
      clockDirty = true;
    }
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

  /** The counters since the previous call ({@link #LATE} first), then zero. */
  long[] takeCounters() {
    long[] taken = counters.clone();
    for (long c : counters) {
      if (c != 0) {
        java.util.Arrays.fill(counters, 0);
        clockDirty = true;
        break;
      }
    }
    return taken;
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
      ByteBuffer clock = ByteBuffer.allocate(8 + 8 * counters.length).putLong(streamTime);
      for (long c : counters) {
        clock.putLong(c);
      }
      put.accept(CLOCK_KEY, clock.array());
      clockDirty = false;
    }
  }

  /** Rebuilds the state from what {@link #writeChanges} wrote; call on an empty instance. */
  void restore(Bytes key, byte[] value) {
    byte[] k = key.get();
    if (key.equals(CLOCK_KEY)) {
      ByteBuffer in = ByteBuffer.wrap(value);
      streamTime = in.getLong();
      for (int i = 0; i < counters.length && in.hasRemaining(); i++) {
        counters[i] = in.getLong();
      }
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

  public static Bytes windowKey(WindowKey key) {
    byte[] version = key.modelVersion().getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(9 + version.length).put(WINDOW_PREFIX).putLong(key.start()).put(version)
        .array());
  }
}
