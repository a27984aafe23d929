package io.driftwatch.streaming.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.drift.DriftSummaries;
import io.driftwatch.testing.TrainedModels;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The merge stage started on the store of a version that kept one counter (late records) and fed heartbeats of such
 * tasks during a rolling upgrade: what was pending is reported, and the new counters start at zero.
 */
class WindowMergerUpgradeTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final long W0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  private static final long W0_CLOSES = W0 + 60_000 + 10_000;
  private static final int COUNTERS = 1 + RejectReason.values().length;

  @Test
  void progressWrittenWithOnlyTheLateCounterIsReadAndOldAndNewHeartbeatsBothCount() {
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(Instant.parse("2026-11-24T12:00:00Z").toEpochMilli());
    KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("merged"),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    // The old progress record: reported watermark (none yet), announcements, then 5 late records pending.
    store.put(Bytes.wrap(new byte[] {'R'}),
        ByteBuffer.allocate(24).putLong(WindowSignal.NO_TIME).putLong(0).putLong(5).array());

    List<long[]> reported = new ArrayList<>();
    DriftConfig config = new DriftConfig(true, Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
        Duration.ofSeconds(1), DriftSettings.defaults().withCalibration(500, 0));
    WindowMerger<SummaryLayout, WindowSummary> merger = new WindowMerger<>(DriftSummaries.INSTANCE, "merged", config,
        COUNTERS, (key, end, artifact, summary, counters, ctx, now) -> reported.add(counters));
    merger.init(context);

    send(merger, new WindowSignal.ModelAnnouncement(0, MODEL.modelVersion(), ModelArtifactJson.write(MODEL)));
    send(merger, new WindowSignal.Heartbeat(0, WindowSignal.NO_TIME, false, new long[] {0}));
    send(merger, new WindowSignal.Heartbeat(1, WindowSignal.NO_TIME, false, new long[] {0}));
    for (int tick = 0; tick < 5; tick++) { // the start-up wait: one idle timeout
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(tick * 1_000L);
    }
    send(merger, new WindowSignal.Heartbeat(1, WindowSignal.NO_TIME, false, new long[] {0})); // alive, no event yet
    WindowSummary events = SummaryLayout.of(MODEL).newSummary();
    events.update(new double[] {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90}, 140);
    send(merger, new WindowSignal.Partial(0, W0, MODEL.modelVersion(), events.toBytes()));
    long[] upgraded = new long[COUNTERS];
    upgraded[1 + RejectReason.OUT_OF_RANGE.ordinal()] = 3;
    send(merger, new WindowSignal.Heartbeat(0, W0_CLOSES, false, upgraded)); // an upgraded task
    assertThat(reported).as("partition 1 still holds the window back").isEmpty();
    send(merger, new WindowSignal.Heartbeat(1, W0_CLOSES, false, new long[] {2})); // a task not yet upgraded

    long[] expected = new long[COUNTERS];
    expected[TaskWindows.LATE] = 5 + 2;
    expected[1 + RejectReason.OUT_OF_RANGE.ordinal()] = 3;
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0)).containsExactly(expected);
    assertThat(store.get(Bytes.wrap(new byte[] {'R'}))).as("progress now has every counter")
        .hasSize(16 + 8 * COUNTERS);
  }

  private static void send(WindowMerger<SummaryLayout, WindowSummary> merger, WindowSignal signal) {
    merger.process(new Record<>("windows", signal, 0L));
  }
}
