package io.driftwatch.streaming.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixedDecimalsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0, 0.0",
    "-0.0, 0.0",
    "1e-17, 0.0",
    "-4e-7, 0.0",
    "5e-7, 0.000001",
    "-0.000123, -0.000123",
    "2, 2.0",
    "150.5, 150.5",
    "-11.2, -11.2",
    "140.04702398182826, 140.047024",
    "0.1, 0.1",
    "0.9999996, 1.0",
    "-71.48781495291873, -71.487815",
    "123456.789, 123456.789",
    "899999999.9999991, 899999999.999999",
    "1e9, 1.0E9",
    "-3.5e300, -3.5E300"
  })
  void roundsToSixDecimalsAndDropsTrailingZeros(double value, String expected) {
    byte[] out = new byte[FixedDecimals.MAX_LENGTH + 3];
    out[0] = 'x';
    int length = FixedDecimals.format(value, out, 1);

    assertThat(new String(out, 1, length, StandardCharsets.US_ASCII)).isEqualTo(expected);
    assertThat(out[0]).isEqualTo((byte) 'x');
  }

  @Test
  void agreesWithJavasOwnFormattingOfTheRoundedValue() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] out = new byte[FixedDecimals.MAX_LENGTH];
    for (int i = 0; i < 100_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(-7, 9));
      double value = (random.nextDouble() * 2 - 1) * magnitude;
      long scaled = Math.round(Math.abs(value) * 1e6);
      String expected;
      if (scaled == 0) {
        expected = "0.0";
      } else {
        String fraction = String.format("%06d", scaled % 1_000_000).replaceAll("0+$", "");
        expected = (value < 0 ? "-" : "") + scaled / 1_000_000 + "." + (fraction.isEmpty() ? "0" : fraction);
      }

      int length = FixedDecimals.format(value, out, 0);

      assertThat(new String(out, 0, length, StandardCharsets.US_ASCII)).as("%s", value).isEqualTo(expected);
    }
  }
}
