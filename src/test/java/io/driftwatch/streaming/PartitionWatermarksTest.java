package io.driftwatch.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {

  private static final long IDLE = 5_000;
  private static final long NOW = 1_000_000;

  private final PartitionWatermarks watermarks = new PartitionWatermarks(IDLE);

  @Test
  void theWatermarkIsTheSlowestActivePartitionsStreamTime() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, false, NOW);
    watermarks.heartbeat(1, 300, false, NOW);
    watermarks.heartbeat(2, 900, false, NOW);

    assertThat(watermarks.watermark(NOW)).hasValue(300);
  }

  @Test
  void nothingIsKnownForOneIdleTimeoutAfterStartBecauseUnheardPartitionsMayExist() {
    watermarks.start(NOW);
    watermarks.heartbeat(0, 700, false, NOW);

    assertThat(watermarks.watermark(NOW + IDLE - 1)).isEmpty();
    watermarks.heartbeat(0, 700, false, NOW + IDLE - 1);
    assertThat(watermarks.watermark(NOW + IDLE)).hasValue(700);
  }

  @Test
  void anActivePartitionWithoutEventsHoldsEverythingBack() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, false, NOW);
    watermarks.heartbeat(1, DriftSignal.NO_TIME, false, NOW);

    assertThat(watermarks.watermark(NOW)).isEmpty();
  }

  @Test
  void aPartitionDeclaredIdleNoLongerCounts() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, false, NOW);
    watermarks.heartbeat(1, 300, true, NOW);

    assertThat(watermarks.watermark(NOW)).hasValue(700);
    assertThat(watermarks.active(1, NOW)).isFalse();
    watermarks.heartbeat(1, 350, false, NOW + 1);
    assertThat(watermarks.watermark(NOW + 1)).as("active again: it holds reports back again").hasValue(350);
  }

  @Test
  void aPartitionNotHeardFromForTheIdleTimeoutNoLongerCounts() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, false, NOW);
    watermarks.heartbeat(1, 300, false, NOW);
    watermarks.heartbeat(0, 700, false, NOW + IDLE);

    assertThat(watermarks.watermark(NOW + IDLE - 1)).hasValue(300);
    assertThat(watermarks.watermark(NOW + IDLE)).hasValue(700);
  }

  @Test
  void aPartialShowsTheTaskIsAliveButDoesNotMoveItsWatermark() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, false, NOW);
    watermarks.heartbeat(1, 300, false, NOW);
    watermarks.heard(1, NOW + IDLE);
    watermarks.heartbeat(0, 700, false, NOW + IDLE);

    assertThat(watermarks.watermark(NOW + IDLE)).hasValue(300);
  }

  @Test
  void whenEveryPartitionIsIdleTheLargestStreamTimeIsTheWatermark() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, true, NOW);
    watermarks.heartbeat(1, 300, true, NOW);
    watermarks.heartbeat(2, DriftSignal.NO_TIME, true, NOW);

    assertThat(watermarks.watermark(NOW)).hasValue(700);
  }

  @Test
  void streamTimesNeverGoBackAndARestartRestoresThemWithFreshLiveness() {
    watermarks.start(NOW - IDLE);
    watermarks.heartbeat(0, 700, false, NOW);
    watermarks.heartbeat(0, 600, false, NOW);
    assertThat(watermarks.streamTime(0)).isEqualTo(700);

    PartitionWatermarks restarted = new PartitionWatermarks(IDLE);
    restarted.start(NOW + 60_000);
    restarted.restore(0, 700, false);
    restarted.restore(1, 300, false);
    assertThat(restarted.watermark(NOW + 60_000 + IDLE - 1)).isEmpty();
    assertThat(restarted.active(1, NOW + 60_000 + IDLE - 1)).isTrue();
    assertThat(restarted.watermark(NOW + 60_000 + IDLE)).as("both silent since the restart").hasValue(700);
  }
}
