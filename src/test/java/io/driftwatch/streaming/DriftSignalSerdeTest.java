package io.driftwatch.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DriftSignalSerdeTest {

  @Test
  void everyKindRoundTrips() {
    DriftSignal.Partial partial = (DriftSignal.Partial) DriftSignalSerde.read(
        DriftSignalSerde.write(new DriftSignal.Partial(3, 1_795_514_400_000L, new byte[] {1, 2, 3})));
    assertThat(partial.partition()).isEqualTo(3);
    assertThat(partial.windowStart()).isEqualTo(1_795_514_400_000L);
    assertThat(partial.summary()).containsExactly(1, 2, 3);

    assertThat(DriftSignalSerde.read(DriftSignalSerde.write(new DriftSignal.Heartbeat(7, DriftSignal.NO_TIME, true, 42))))
        .isEqualTo(new DriftSignal.Heartbeat(7, DriftSignal.NO_TIME, true, 42));

    DriftSignal.ModelAnnouncement model = (DriftSignal.ModelAnnouncement) DriftSignalSerde.read(
        DriftSignalSerde.write(new DriftSignal.ModelAnnouncement(0, "7a4cc39fc8ac", "{}".getBytes())));
    assertThat(model.modelVersion()).isEqualTo("7a4cc39fc8ac");
    assertThat(new String(model.artifactJson())).isEqualTo("{}");
  }

  @Test
  void malformedBytesAreRefusedWithTheReason() {
    byte[] heartbeat = DriftSignalSerde.write(new DriftSignal.Heartbeat(1, 5, false, 0));
    heartbeat[0] = 9;
    assertThatThrownBy(() -> DriftSignalSerde.read(heartbeat)).isInstanceOf(SerializationException.class)
        .hasMessage("drift signal format 9 is not supported (this reader knows 1)");
    assertThatThrownBy(() -> DriftSignalSerde.read(new byte[] {1, 'H', 0})).isInstanceOf(SerializationException.class)
        .hasMessage("truncated drift signal");
    assertThatThrownBy(() -> DriftSignalSerde.read(new byte[] {1, 'X', 0, 0, 0, 0}))
        .hasMessage("unknown drift signal kind 88");
  }
}
