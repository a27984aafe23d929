package io.driftwatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LegacyRandomStateTest {

  @Test
  void drawsTheSameDoublesAsNumpyRandomState42() {
    LegacyRandomState random = new LegacyRandomState(42);
    double[] expected = GoldenDiabetes.numbers("random_state.random_sample");
    for (double value : expected) {
      assertThat(random.randomSample()).isEqualTo(value);
    }
  }

  @Test
  void permutesAsNumpyDoes() {
    assertThat(new LegacyRandomState(0).permutation(10))
        .containsExactly(GoldenDiabetes.integers("random_state.permutation_10_seed_0"));
    assertThat(new LegacyRandomState(7).permutation(1000))
        .containsExactly(GoldenDiabetes.integers("random_state.permutation_1000_seed_7"));
  }

  @Test
  void firstOutputOfTheReferenceMt19937SeededWith5489() {
    // Matsumoto and Nishimura's reference genrand_int32 after init_genrand(5489): 3499211612, 581869302
    LegacyRandomState random = new LegacyRandomState(5489);
    assertThat(Integer.toUnsignedLong(random.nextUint32())).isEqualTo(3499211612L);
    assertThat(Integer.toUnsignedLong(random.nextUint32())).isEqualTo(581869302L);
  }

  @Test
  void intervalStaysWithinItsBound() {
    LegacyRandomState random = new LegacyRandomState(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(random.interval(5)).isBetween(0, 5);
    }
    assertThat(random.interval(0)).isZero();
  }

  @Test
  void refusesSeedsNumpyRefuses() {
    assertThatThrownBy(() -> new LegacyRandomState(-1)).hasMessageContaining("between 0 and 2**32 - 1");
    assertThatThrownBy(() -> new LegacyRandomState(1L << 32)).hasMessageContaining("between 0 and 2**32 - 1");
  }
}
