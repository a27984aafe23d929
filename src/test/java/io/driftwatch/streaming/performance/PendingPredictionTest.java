package io.driftwatch.streaming.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PendingPredictionTest {

  @Test
  void roundTripsWithRawFeatures() {
    PendingPrediction p = new PendingPrediction("p-1", 1_795_000_000_000L, "v1", 140.5, new double[] {0.25, Double.NaN},
        new double[] {61, 25.8}, false);
    PendingPrediction back = PendingPrediction.fromBytes(p.toBytes());
    assertThat(back.patientId()).isEqualTo("p-1");
    assertThat(back.eventTimeMs()).isEqualTo(1_795_000_000_000L);
    assertThat(back.modelVersion()).isEqualTo("v1");
    assertThat(back.prediction()).isEqualTo(140.5);
    assertThat(back.z()).containsExactly(0.25, Double.NaN);
    assertThat(back.raw()).containsExactly(61, 25.8);
    assertThat(back.matched()).isFalse();
    assertThat(PendingPrediction.fromBytes(p.asMatched().toBytes()).raw()).isEmpty();
  }

  /** Stores written before raw features existed (format 1) are still read: their predictions have no features. */
  @Test
  void readsFormatOneWithoutRawFeatures() {
    byte[] patient = "p-1".getBytes(StandardCharsets.UTF_8);
    byte[] version = "v1".getBytes(StandardCharsets.UTF_8);
    ByteBuffer v1 = ByteBuffer.allocate(2 + 4 + 3 + 8 + 4 + 2 + 8 + 4 + 8)
        .put((byte) 1).put((byte) 0).putInt(3).put(patient).putLong(42).putInt(2).put(version).putDouble(99.5)
        .putInt(1).putDouble(-0.5);
    PendingPrediction read = PendingPrediction.fromBytes(v1.array());
    assertThat(read.z()).containsExactly(-0.5);
    assertThat(read.raw()).isEmpty();
    assertThat(read.prediction()).isEqualTo(99.5);
    assertThatThrownBy(() -> PendingPrediction.fromBytes(new byte[] {3, 0}))
        .hasMessage("pending prediction format 3 is not supported");
  }
}
