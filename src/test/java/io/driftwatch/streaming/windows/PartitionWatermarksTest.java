package io.driftwatch.streaming.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Liveness counts ticks (heartbeat intervals of the merge stage); here an idle timeout is 5 ticks. */
class PartitionWatermarksTest {

  private static final int IDLE_TICKS = 5;

  private final PartitionWatermarks watermarks = new PartitionWatermarks(IDLE_TICKS);

  private void ticks(PartitionWatermarks w, int n) {
    for (int i = 0; i < n; i++) {
      w.tick();
    }
  }

  @BeforeEach
  void startedLongAgo() {
    watermarks.start();
    ticks(watermarks, IDLE_TICKS);
  }

  @Test
  void theWatermarkIsTheSlowestActivePartitionsStreamTime() {
    watermarks.heartbeat(0, 700, false);
    watermarks.heartbeat(1, 300, false);
    watermarks.heartbeat(2, 900, false);

    assertThat(watermarks.watermark()).hasValue(300);
  }

  @Test
  void nothingIsKnownForOneIdleTimeoutAfterStartBecauseUnheardPartitionsMayExist() {
    PartitionWatermarks fresh = new PartitionWatermarks(IDLE_TICKS);
    fresh.start();
    fresh.heartbeat(0, 700, false);
    ticks(fresh, IDLE_TICKS - 1);
    fresh.heartbeat(0, 700, false);
    assertThat(fresh.watermark()).isEmpty();

    fresh.tick();

    assertThat(fresh.watermark()).hasValue(700);
  }

  @Test
  void anActivePartitionWithoutEventsHoldsEverythingBack() {
    watermarks.heartbeat(0, 700, false);
    watermarks.heartbeat(1, WindowSignal.NO_TIME, false);

    assertThat(watermarks.watermark()).isEmpty();
  }

  @Test
  void aPartitionDeclaredIdleNoLongerCountsUntilItIsActiveAgain() {
    watermarks.heartbeat(0, 700, false);
    watermarks.heartbeat(1, 300, true);

    assertThat(watermarks.watermark()).hasValue(700);
    assertThat(watermarks.active(1)).isFalse();
    watermarks.heartbeat(1, 350, false);
    assertThat(watermarks.watermark()).hasValue(350);
  }

  @Test
  void aPartitionNotHeardFromForTheIdleTimeoutNoLongerCounts() {
    watermarks.heartbeat(0, 700, false);
    watermarks.heartbeat(1, 300, false);
    ticks(watermarks, IDLE_TICKS - 1);
    watermarks.heartbeat(0, 700, false);
    assertThat(watermarks.watermark()).hasValue(300);

    watermarks.tick();
    watermarks.heartbeat(0, 700, false);

    assertThat(watermarks.active(1)).isFalse();
    assertThat(watermarks.watermark()).hasValue(700);
  }

  @Test
  void aPartialShowsTheTaskIsAliveButDoesNotMoveItsWatermark() {
    watermarks.heartbeat(0, 700, false);
    watermarks.heartbeat(1, 300, false);
    ticks(watermarks, IDLE_TICKS);
    watermarks.heard(1);
    watermarks.heartbeat(0, 700, false);

    assertThat(watermarks.watermark()).hasValue(300);
  }

  @Test
  void whenEveryPartitionIsIdleTheLargestStreamTimeIsTheWatermark() {
    watermarks.heartbeat(0, 700, true);
    watermarks.heartbeat(1, 300, true);
    watermarks.heartbeat(2, WindowSignal.NO_TIME, true);

    assertThat(watermarks.watermark()).hasValue(700);
  }

  @Test
  void streamTimesNeverGoBackAndARestartRestoresThemWithFreshLiveness() {
    watermarks.heartbeat(0, 700, false);
    watermarks.heartbeat(0, 600, false);
    assertThat(watermarks.streamTime(0)).isEqualTo(700);

    PartitionWatermarks restarted = new PartitionWatermarks(IDLE_TICKS);
    restarted.restore(0, 700, false);
    restarted.restore(1, 300, false);
    restarted.start();
    ticks(restarted, IDLE_TICKS - 1);
    assertThat(restarted.watermark()).isEmpty();
    assertThat(restarted.active(1)).isTrue();

    restarted.tick();

    assertThat(restarted.watermark()).as("both silent since the restart").hasValue(700);
  }
}
