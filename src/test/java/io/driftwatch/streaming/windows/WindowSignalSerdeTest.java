package io.driftwatch.streaming.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowSignalSerdeTest {

  @Test
  void everyKindRoundTrips() {
    WindowSignal.Partial partial = (WindowSignal.Partial) WindowSignalSerde.read(WindowSignalSerde.write(
        new WindowSignal.Partial(3, 1_795_514_400_000L, "bb1548420105", new byte[] {1, 2, 3})));
    assertThat(partial.partition()).isEqualTo(3);
    assertThat(partial.windowStart()).isEqualTo(1_795_514_400_000L);
    assertThat(partial.modelVersion()).isEqualTo("bb1548420105");
    assertThat(partial.summary()).containsExactly(1, 2, 3);

    WindowSignal.Heartbeat heartbeat = (WindowSignal.Heartbeat) WindowSignalSerde.read(
        WindowSignalSerde.write(new WindowSignal.Heartbeat(7, WindowSignal.NO_TIME, true, new long[] {42, 0, 5})));
    assertThat(heartbeat.partition()).isEqualTo(7);
    assertThat(heartbeat.streamTime()).isEqualTo(WindowSignal.NO_TIME);
    assertThat(heartbeat.idle()).isTrue();
    assertThat(heartbeat.counters()).containsExactly(42, 0, 5);
    assertThat(heartbeat.lateRecords()).isEqualTo(42);

    WindowSignal.ModelAnnouncement model = (WindowSignal.ModelAnnouncement) WindowSignalSerde.read(
        WindowSignalSerde.write(new WindowSignal.ModelAnnouncement(0, "bb1548420105", "{}".getBytes())));
    assertThat(model.modelVersion()).isEqualTo("bb1548420105");
    assertThat(new String(model.artifactJson())).isEqualTo("{}");

    WindowSignal.Label label = (WindowSignal.Label) WindowSignalSerde.read(WindowSignalSerde.write(
        new WindowSignal.Label(2, "v1", 1_795_514_400_123L, new double[] {0.5, Double.NaN, -1.25}, -12.5)));
    assertThat(label.partition()).isEqualTo(2);
    assertThat(label.modelVersion()).isEqualTo("v1");
    assertThat(label.eventTime()).isEqualTo(1_795_514_400_123L);
    assertThat(label.z()).containsExactly(0.5, Double.NaN, -1.25);
    assertThat(label.residual()).isEqualTo(-12.5);
  }

  @Test
  void malformedBytesAreRefusedWithTheReason() {
    byte[] heartbeat = WindowSignalSerde.write(new WindowSignal.Heartbeat(1, 5, false, new long[] {0}));
    heartbeat[0] = 1;
    assertThatThrownBy(() -> WindowSignalSerde.read(heartbeat)).isInstanceOf(SerializationException.class)
        .hasMessage("window signal format 1 is not supported (this reader knows 2)");
    assertThatThrownBy(() -> WindowSignalSerde.read(new byte[] {2, 'H', 0})).isInstanceOf(SerializationException.class)
        .hasMessage("truncated window signal");
    assertThatThrownBy(() -> WindowSignalSerde.read(new byte[] {2, 'X', 0, 0, 0, 0}))
        .hasMessage("unknown window signal kind 88");
  }
}
