package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SimulateCommandTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--rate 0                                  | --rate must be a positive number of events per second, got 0.0",
        "--count -1                                | --count must be 0 (until Ctrl-C) or a positive number of events, got -1",
        "--scenario drift                          | --scenario: unknown scenario 'drift'; accepted: none, covariate-shift, gradual-shift, stuck-sensor, unit-error",
        "--scenario covariate-shift --feature bmx  | --feature: unknown feature 'bmx'; accepted: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6",
        "--scenario stuck-sensor --shift 0.5       | --shift does not apply to scenario stuck-sensor",
        "--scenario gradual-shift --ramp 0         | --ramp must be at least 1 event, got 0",
        "--scenario unit-error --feature bmi       | --feature: unit-error has no wrong unit for bmi; accepted: age, bp, s1, s2, s3, s6",
        "--outcome-delay soon                      | 'soon' is not a duration; use e.g. 30s, 2m, 12h, 7d, 500ms or ISO-8601 (PT30S, P7D)",
        "--features-topic ''                       | --features-topic must name a topic",
      })
  void invalidOptionsFailWithAMessageNamingTheOption(String options, String message) {
    String[] args = ("simulate --bootstrap-servers localhost:1 " + options).trim().split("\\s+");
    for (int i = 0; i < args.length; i++) {
      args[i] = args[i].equals("''") ? "" : args[i];
    }
    assertThat(run(args)).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }

  @Test
  void bootstrapServersAreRequired() {
    assumeTrue(System.getenv("DRIFTWATCH_BOOTSTRAP_SERVERS") == null, "DRIFTWATCH_BOOTSTRAP_SERVERS is set");
    assertThat(run("simulate", "--count", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--bootstrap-servers is required (or set DRIFTWATCH_BOOTSTRAP_SERVERS)");
  }

  @Test
  void durationsAcceptIsoAndShortForms() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("0s")).isEqualTo(Duration.ZERO);
  }
}
