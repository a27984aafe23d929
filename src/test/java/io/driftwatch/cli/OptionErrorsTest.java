package io.driftwatch.cli;

import static io.driftwatch.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.TrainCommandTest.Run;
import org.junit.jupiter.api.Test;

/** An option error is one line, picocli's suggestions, and where the options are: never the whole usage. */
class OptionErrorsTest {

  @Test
  void anUnknownOptionIsNamedWithPicoclisSuggestionAndAHint() {
    Run run = run("predict", "--jsn", "{}");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("""
        predict: Unknown options: '--jsn', '{}'
        Possible solutions: --json
        Try './driftwatch predict --help' for the options.
        """);
  }

  @Test
  void aMissingInputIsOneLineWithoutPicoclisErrorPrefix() {
    Run run = run("predict");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        predict: Missing required argument (specify one of these): (--json=OBJECT | --csv=FILE)
        Try './driftwatch predict --help' for the options.
        """);
  }

  @Test
  void aValueACommandRefusesItselfLooksTheSame() {
    Run run = run("train", "--test-size", "1.5");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        train: --test-size must be a fraction strictly between 0 and 1, was 1.5
        Try './driftwatch train --help' for the options.
        """);
  }

  @Test
  void anInvalidValueForAConvertedOption() {
    Run run = run("retrain", "--since", "a week");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        retrain: Invalid value for option '--since': 'a week' is not a duration; use e.g. 30s, 2m, 12h, 7d, 500ms or \
        ISO-8601 (PT30S, P7D)
        Try './driftwatch retrain --help' for the options.
        """);
  }

  @Test
  void numbersAndInstantsAreRefusedInTheUsersWordsNotJavasTypes() {
    assertThat(run("simulate", "--csv", "x.csv", "--count", "abc").err()).startsWith(
        "simulate: Invalid value for option '--count': 'abc' is not a whole number\n");
    assertThat(run("predict", "--digits", "2.5", "--json", "{}").err()).startsWith(
        "predict: Invalid value for option '--digits': '2.5' is not a whole number\n");
    assertThat(run("simulate", "--csv", "x.csv", "--count", "5", "--start", "yesterday").err()).startsWith(
        "simulate: Invalid value for option '--start': 'yesterday' is not an ISO-8601 instant with an offset, e.g."
            + " 2026-11-30T04:00:00Z\n");
    assertThat(run("drift", "--csv", "x.csv", "--set", "foo").err()).startsWith(
        "drift: Value for option '--set' (KEY=VALUE) should be in KEY=VALUE format but was foo\n");
  }

  @Test
  void anUnknownTopLevelOptionNamesTheProgram() {
    Run run = run("--verbose");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        driftwatch: Unknown option: '--verbose'
        Possible solutions: --version
        Try './driftwatch --help' for the options.
        """);
  }

  @Test
  void aMistypedSubcommandGetsPicoclisSuggestion() {
    Run run = run("predcit");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        driftwatch: Unmatched argument at index 0: 'predcit'
        Did you mean: driftwatch predict or driftwatch report or driftwatch retrain?
        Try './driftwatch --help' for the options.
        """);
  }

  @Test
  void theDeployedBenchmarksOptionsNeedItAndSayWhatTheyAccept() {
    assertThat(run("bench", "--serve-variant", "x=-Xmx1g").err()).startsWith(
        "bench: --serve-variant, --python, --model and --logs need --deployed\n");
    assertThat(run("bench", "--deployed", "--topology", "scoring").err()).startsWith(
        "bench: --topology and --set are for the in-JVM benchmark; with --deployed, use --serve-variant\n");
    Run variant = run("bench", "--deployed", "--python", "none", "--serve-variant", "c1=-XX:TieredStopAtLevel=1 fast");
    assertThat(variant.exit()).isEqualTo(2);
    assertThat(variant.err()).startsWith("bench: --serve-variant c1: 'fast' is neither a JVM option (starting with '-')"
        + " nor a setting KEY=VALUE\n");
    assertThat(run("bench", "--deployed", "--serve-variant", "Python scorer=-Xmx1g").err()).startsWith(
        "bench: --serve-variant: 'Python scorer' is taken\n");
    Run python = run("bench", "--deployed", "--python", "/no/such/python3");
    assertThat(python.exit()).isEqualTo(2);
    assertThat(python.err()).startsWith("bench: --python: /no/such/python3 cannot run the Python scorer (")
        .contains("install Debian's python3-confluent-kafka and python3-sklearn, or pass --python none");
    // An interpreter that exits 0 without importing anything is no Python scorer either.
    assertThat(run("bench", "--deployed", "--python", "/bin/true").err()).startsWith(
        "bench: --python: /bin/true cannot run the Python scorer (exit 0, no output);");
  }

  @Test
  void aServeVariantNeedsANameOfItsOwnAndSomethingTheJvmAccepts() {
    assertThat(run("bench", "--deployed", "--python", "none", "--serve-variant", "bad").err()).startsWith(
        "bench: --serve-variant: 'bad' is not NAME=ARGS (a name, '=', then JVM options and serve settings)\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--serve-variant", "=-Xmx1g").err()).startsWith(
        "bench: --serve-variant: '=-Xmx1g' has no name before '='\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--serve-variant", "Kafka Streams pass-through=-Xmx1g")
        .err()).startsWith("bench: --serve-variant: 'Kafka Streams pass-through' is taken\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--serve-variant", "a=-Xmx1g", "--serve-variant",
        "a=-Xmx2g").err()).startsWith("bench: --serve-variant: 'a' is taken\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--serve-variant", "x=").err()).startsWith(
        "bench: --serve-variant x: no JVM option or setting (it would be serve as shipped, which always runs)\n");
    Run refused = run("bench", "--deployed", "--python", "none", "--serve-variant", "x=-XX:NoSuchFlag");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).startsWith(
        "bench: --serve-variant x: the JVM refuses its options (Unrecognized VM option 'NoSuchFlag')\n");
  }

  @Test
  void theDeployedBenchmarksNumbersAndLogDirectoryAreCheckedBeforeAnythingStarts() {
    assertThat(run("bench", "--deployed", "--python", "none", "--events", "10", "--warmup", "20").err()).startsWith(
        "bench: --warmup must be at least 1 and below --events (20 and 10)\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--warmup-rounds", "1").err()).startsWith(
        "bench: --warmup-rounds is for the in-JVM benchmark; --deployed starts every subject cold and measures no"
            + " latency run\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--rounds", "0").err()).startsWith(
        "bench: --rounds must be at least 1, was 0\n");
    assertThat(run("bench", "--deployed", "--python", "none", "--partitions", "0").err()).startsWith(
        "bench: --partitions must be at least 1, was 0\n");
    Run logs = run("bench", "--deployed", "--python", "none", "--logs", "/proc/driftwatch-logs");
    assertThat(logs.exit()).isEqualTo(2);
    assertThat(logs.err()).startsWith("bench: --logs: cannot create /proc/driftwatch-logs (");
  }
}
