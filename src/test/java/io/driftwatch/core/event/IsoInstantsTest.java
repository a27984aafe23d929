package io.driftwatch.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  void formatsExactlyAsInstantToStringAndParsesItBack() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long millis = random.nextLong(IsoInstants.MAX_MILLIS + 1);
      if (i % 3 == 0) {
        millis -= millis % 1000; // whole seconds print without a fraction
      }
      String expected = Instant.ofEpochMilli(millis).toString();

      assertThat(IsoInstants.format(millis)).isEqualTo(expected);
      assertThat(IsoInstants.parse(expected)).isEqualTo(millis);
    }
  }

  @Test
  void formatsTheEdgesOfTheRange() {
    assertThat(IsoInstants.format(0)).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(IsoInstants.format(IsoInstants.MAX_MILLIS)).isEqualTo("9999-12-31T23:59:59.999Z");
    assertThat(IsoInstants.format(951_782_400_000L)).isEqualTo("2000-02-29T00:00:00Z");
    assertThatThrownBy(() -> IsoInstants.format(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesOffsetsTheSameAsJavaTime() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 10_000; i++) {
      long millis = 86_400_000L + random.nextLong(IsoInstants.MAX_MILLIS - 2 * 86_400_000L);
      int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
      String text =
          Instant.ofEpochMilli(millis).atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toString();

      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(millis);
    }
  }

  @Test
  void refusesWhatIsNotAnInstantInRange() {
    for (String text :
        new String[] {
          "", "2026-11-24", "2026-11-24T10:00:00", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
          "2023-02-29T00:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:00:00+1:00",
          "1969-12-31T23:59:59.999Z", "2026-11-24 10:00:00Z", "x026-11-24T10:00:00Z"
        }) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(IsoInstants.INVALID);
    }
  }
}
