package io.driftwatch.streaming.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.drift.DriftSummaries;
import io.driftwatch.testing.TrainedModels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The window bookkeeping of one task, without Kafka. */
class TaskWindowsTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final SummaryLayout LAYOUT = SummaryLayout.of(MODEL);
  private static final long MINUTE = 60_000;
  private static final long W0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  private static final DriftWindowing WINDOWS = new DriftWindowing(MINUTE, 10_000);
  private static final double[] PATIENT = {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90};

  private final TaskWindows<SummaryLayout, WindowSummary> windows = newWindows();

  private boolean add(long eventTime) {
    return add(windows, eventTime, LAYOUT, PATIENT, 140.0);
  }

  private static TaskWindows<SummaryLayout, WindowSummary> newWindows() {
    return new TaskWindows<>(DriftSummaries.INSTANCE, WINDOWS, 1);
  }

  /** What the drift aggregator does per event: find the summary, update it; false for a late event. */
  private static boolean add(TaskWindows<SummaryLayout, WindowSummary> windows, long eventTime, SummaryLayout layout,
      double[] features, double prediction) {
    WindowSummary summary = windows.summaryFor(eventTime, layout, layout.modelVersion());
    if (summary == null) {
      return false;
    }
    summary.update(features, prediction);
    return true;
  }

  @Test
  void windowsAreAlignedOnTheEpochAndCloseAtEndPlusGrace() {
    assertThat(WINDOWS.startOf(W0)).isEqualTo(W0);
    assertThat(WINDOWS.startOf(W0 + MINUTE - 1)).isEqualTo(W0);
    assertThat(WINDOWS.startOf(W0 + MINUTE)).isEqualTo(W0 + MINUTE);
    assertThat(new DriftWindowing(7_000, 0).startOf(20_000)).isEqualTo(14_000);
    assertThat(WINDOWS.endOf(W0)).isEqualTo(W0 + MINUTE);
    assertThat(WINDOWS.closeTime(W0)).isEqualTo(W0 + 70_000);
  }

  @Test
  void aWindowClosesWhenStreamTimeReachesItsEndPlusGraceAndLaterRecordsForItAreLate() {
    assertThat(add(W0 + 1_000)).isTrue();
    assertThat(add(W0 + 59_999)).isTrue();
    assertThat(add(W0 + MINUTE + 9_999)).isTrue();
    assertThat(windows.hasDue()).isFalse();
    assertThat(add(W0 + 5_000)).as("out of order, within grace").isTrue();

    assertThat(add(W0 + MINUTE + 10_000)).isTrue();
    assertThat(windows.hasDue()).isTrue();
    List<TaskWindows<SummaryLayout, WindowSummary>.Slot> closed = windows.closeDue();

    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).key).isEqualTo(new WindowKey(W0, MODEL.modelVersion()));
    assertThat(closed.get(0).summary.count()).isEqualTo(3);
    assertThat(windows.hasDue()).isFalse();
    assertThat(windows.openWindows()).isEqualTo(1);
    assertThat(add(W0 + 30_000)).as("its window is closed").isFalse();
    assertThat(add(W0 + 2_000)).isFalse();
    assertThat(windows.takeCounters()[TaskWindows.LATE]).isEqualTo(2);
    assertThat(windows.takeCounters()[TaskWindows.LATE]).isZero();
    assertThat(windows.streamTime()).isEqualTo(W0 + MINUTE + 10_000);
  }

  @Test
  void aJumpInStreamTimeClosesEveryPassedWindowOldestFirst() {
    add(W0 + 1_000);
    add(W0 + MINUTE + 1_000);
    add(W0 + 2 * MINUTE + 1_000);
    add(W0 + 10 * MINUTE);

    assertThat(windows.closeDue()).extracting(slot -> slot.key.start())
        .containsExactly(W0, W0 + MINUTE, W0 + 2 * MINUTE);
  }

  @Test
  void drainingForIdlenessHandsOverEveryOpenWindowWithoutClosingIt() {
    add(W0 + 1_000);
    add(W0 + MINUTE + 1_000);

    assertThat(windows.drainAll()).extracting(slot -> slot.summary.count()).containsExactly(1L, 1L);
    assertThat(windows.openWindows()).isZero();
    assertThat(add(W0 + 2_000)).as("not late: window 0 is still open here").isTrue();
    assertThat(windows.drainAll()).extracting(slot -> slot.summary.count()).containsExactly(1L);
  }

  @Test
  void writtenChangesRestoreTheSameWindowsAndStreamTimeMidWindow() {
    add(W0 + 1_000);
    add(W0 + 2_000);
    add(W0 + MINUTE + 10_000);
    windows.closeDue();
    add(W0 + 3_000); // late
    add(W0 + MINUTE + 20_000);
    Map<Bytes, byte[]> store = new TreeMap<>();
    windows.writeChanges((key, value) -> {
      if (value == null) {
        store.remove(key);
      } else {
        store.put(key, value);
      }
    });

    TaskWindows<SummaryLayout, WindowSummary> restored = newWindows();
    store.forEach(restored::restore);

    assertThat(restored.streamTime()).isEqualTo(W0 + MINUTE + 20_000);
    assertThat(restored.takeCounters()[TaskWindows.LATE]).isEqualTo(1);
    assertThat(restored.openWindows()).isEqualTo(1);
    assertThat(add(restored, W0 + 4_000, LAYOUT, PATIENT, 140.0)).as("still late after a restart").isFalse();
    add(restored, W0 + MINUTE + 30_000, LAYOUT, PATIENT, 140.0);
    add(restored, W0 + 2 * MINUTE + 10_000, LAYOUT, PATIENT, 140.0);
    List<TaskWindows<SummaryLayout, WindowSummary>.Slot> closed = restored.closeDue();
    assertThat(closed).hasSize(1);
    WindowSummary expected = LAYOUT.newSummary();
    for (int i = 0; i < 3; i++) {
      expected.update(PATIENT, 140.0);
    }
    assertThat(closed.get(0).summary).isEqualTo(expected);
  }

  @Test
  void stateWrittenWithOnlyTheLateCounterLoadsIntoWindowsThatCountRejectionsToo() {
    // The state of a version that counted late records only (the clock: stream time, then one counter).
    add(W0 + MINUTE + 10_000);
    add(W0 + 1_000); // late
    add(W0 + 2_000); // late
    Map<Bytes, byte[]> store = new TreeMap<>();
    windows.writeChanges(store::put);
    assertThat(store.get(Bytes.wrap(new byte[] {'C'}))).hasSize(16);

    // Late, then one counter per reject reason (the drift windows since rejected records are counted).
    int counters = 1 + io.driftwatch.core.event.RejectReason.values().length;
    TaskWindows<SummaryLayout, WindowSummary> upgraded = new TaskWindows<>(DriftSummaries.INSTANCE, WINDOWS, counters);
    store.forEach(upgraded::restore);

    assertThat(upgraded.streamTime()).isEqualTo(W0 + MINUTE + 10_000);
    assertThat(upgraded.openWindows()).isEqualTo(1);
    upgraded.count(7, 4);
    long[] expected = new long[counters];
    expected[TaskWindows.LATE] = 2;
    expected[7] = 4;
    assertThat(upgraded.takeCounters()).containsExactly(expected);
    Map<Bytes, byte[]> rewritten = new TreeMap<>();
    upgraded.writeChanges(rewritten::put);
    assertThat(rewritten.get(Bytes.wrap(new byte[] {'C'}))).hasSize(8 + 8 * counters);
  }

  @Test
  void aRestoredWindowOfAModelThisTaskHasNotLoadedIsSentAsItsBytes() {
    add(W0 + 1_000);
    Map<Bytes, byte[]> store = new TreeMap<>();
    windows.writeChanges((key, value) -> store.put(key, value));
    TaskWindows<SummaryLayout, WindowSummary> restored = newWindows();
    store.forEach(restored::restore);
    SummaryLayout v2 = SummaryLayout.of(TrainedModels.scaled(MODEL, 2));
    add(restored, W0 + 2_000, v2, PATIENT, 280.0);
    add(restored, W0 + MINUTE + 10_000, v2, PATIENT, 280.0);

    List<TaskWindows<SummaryLayout, WindowSummary>.Slot> closed = restored.closeDue();

    assertThat(closed).hasSize(2);
    assertThat(WindowSummary.modelVersionOf(closed.get(0).bytes())).isIn(MODEL.modelVersion(),
        TrainedModels.scaled(MODEL, 2).modelVersion());
    byte[] first = closed.stream().filter(s -> s.key.modelVersion().equals(MODEL.modelVersion())).findFirst()
        .orElseThrow().bytes();
    assertThat(first).isEqualTo(store.get(TaskWindows.windowKey(new WindowKey(W0, MODEL.modelVersion()))));
  }

  @Test
  void onlyWhatChangedSinceTheLastCommitIsWrittenAndClosedWindowsAreDeleted() {
    add(W0 + 1_000);
    Map<Bytes, byte[]> writes = new TreeMap<>();
    windows.writeChanges(writes::put);
    assertThat(writes).hasSize(2); // the window and the clock

    writes.clear();
    windows.writeChanges(writes::put);
    assertThat(writes).as("nothing changed").isEmpty();

    add(W0 + MINUTE + 10_000);
    windows.closeDue();
    windows.writeChanges(writes::put);
    Bytes window0 = TaskWindows.windowKey(new WindowKey(W0, MODEL.modelVersion()));
    assertThat(writes).containsKey(window0);
    assertThat(writes.get(window0)).as("deleted").isNull();
    assertThat(writes).hasSize(3); // window 0 deleted, window 1 written, the clock
  }

  @Test
  void theEventsOfAnOpenWindowAndLateOnesAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    add(W0 + MINUTE + 10_000); // window 1 open; window 0 closed, so its events are late
    addInWindow1AndLate(10_000); // warm-up
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    addInWindow1AndLate(200_000);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(allocated).as("bytes allocated by 400 000 events").isLessThan(1_000);
    assertThat(windows.takeCounters()[TaskWindows.LATE]).isEqualTo(210_000);
    assertThat(windows.closeDue()).isEmpty();
  }

  private void addInWindow1AndLate(int pairs) {
    for (int i = 0; i < pairs; i++) {
      add(windows, W0 + MINUTE + 10_000 + (i % 50_000), LAYOUT, PATIENT, 140.0 + (i % 7));
      add(windows, W0 + (i % 60_000), LAYOUT, PATIENT, 140.0);
    }
  }
}
