package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.testing.TrainedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code retrain}'s options and configuration are checked before it connects, naming the option; exit codes. */
class RetrainCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run retrain(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "retrain";
    all[1] = "--bootstrap-servers";
    all[2] = "localhost:9";
    System.arraycopy(args, 0, all, 3, args.length);
    return run(all);
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    assertThat(retrain("--holdout", "1").err())
        .startsWith("retrain: --holdout must be a fraction strictly between 0 and 1, got 1.0");
    assertThat(retrain("--margin", "-0.1").err())
        .startsWith("retrain: --margin must be a fraction in [0, 1), got -0.1");
    assertThat(retrain("--min-labels", "0").err()).startsWith("retrain: --min-labels must be at least 1, got 0");
    assertThat(retrain("--since", "PT0S").err()).startsWith("retrain: --since must be a positive duration, got PT0S");
    assertThat(retrain("--since", "a week").err()).startsWith("retrain: Invalid value for option '--since': 'a week' is"
        + " not a duration; use e.g. 30s, 2m, 12h, 7d, 500ms or ISO-8601 (PT30S, P7D)");
    assertThat(retrain("--until", "2026-11-30").err()).startsWith("retrain: Invalid value for option '--until':"
        + " '2026-11-30' is not an ISO-8601 instant with an offset, e.g. 2026-11-30T04:00:00Z");
    for (String[] args : new String[][] {{"--holdout", "1"}, {"--margin", "-0.1"}, {"--min-labels", "0"},
        {"--since", "PT0S"}, {"--until", "2026-11-30"}}) {
      assertThat(retrain(args).exit()).as(String.join(" ", args)).isEqualTo(RetrainCommand.BAD_OPTIONS);
    }
  }

  @Test
  void badConfigurationAndABadChampionFileExitWithTwo() throws Exception {
    Run typo = retrain("--set", "topics.labelled-event=x");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).startsWith("retrain: invalid configuration: unknown key 'topics.labelled-event' (did you"
        + " mean 'topics.labelled-events'?)");

    Path missing = dir.resolve("missing.json");
    Run absent = retrain("--champion", missing.toString());
    assertThat(absent.exit()).isEqualTo(2);
    assertThat(absent.err()).isEqualTo("retrain: --champion: " + missing + ": no such file" + System.lineSeparator());

    Path other = dir.resolve("other.json");
    ModelArtifactJson.write(TrainedModels.diabetes(), other);
    Run name = retrain("--champion", other.toString(), "--model-name", "heart-lasso");
    assertThat(name.exit()).isEqualTo(2);
    assertThat(name.err()).isEqualTo("retrain: --champion: " + other + " is model 'diabetes-lasso', not model.name"
        + " 'heart-lasso' (set --model-name diabetes-lasso)" + System.lineSeparator());
  }

  @Test
  void anUnreachableBrokerIsARuntimeFailure() {
    Run down = retrain("--set", "default.api.timeout.ms=500", "--set", "request.timeout.ms=400");

    assertThat(down.exit()).isEqualTo(RetrainCommand.FAILED);
    assertThat(down.err()).startsWith("retrain: could not read from localhost:9: ");
    assertThat(down.out()).isEmpty();
  }

  @Test
  void helpListsTheExitCodes() {
    Run help = run("retrain", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out().replaceAll("\\s+", " ")).contains("Exit status: 0 the challenger is better (published"
        + " with --publish-if-better); 3 it is not better (nothing published); 4 refused: too few labelled outcomes;"
        + " 2 bad options or configuration; 1 failure (broker unreachable, missing topic, no champion, artifact not"
        + " written, publishing failed).");
  }
}
