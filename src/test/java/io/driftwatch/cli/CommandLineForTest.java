package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher builds only the subcommand it runs (start-up time), and that command line behaves as the full one. */
class CommandLineForTest {

  @Test
  void aNamedCommandGetsACommandLineWithOnlyThatSubcommand() {
    assertThat(DriftwatchCli.commandLineFor(new String[] {"serve", "--help"}).getSubcommands().keySet())
        .containsExactly("serve");
  }

  @Test
  void helpNoArgumentsAndUnknownNamesGetEveryCommandInUsageOrder() {
    String[] all = {"train", "predict", "drift", "serve", "publish", "retrain", "report", "simulate", "demo", "bench",
        "help"};
    assertThat(DriftwatchCli.commandLineFor(new String[] {"help", "serve"}).getSubcommands().keySet())
        .containsExactly(all);
    assertThat(DriftwatchCli.commandLineFor(new String[0]).getSubcommands().keySet()).containsExactly(all);
    assertThat(DriftwatchCli.commandLineFor(new String[] {"serv"}).getSubcommands().keySet()).containsExactly(all);
  }

  @Test
  void theSingleCommandLinePrintsTheSameHelpAndErrorsAsTheFullOne() {
    for (String[] args : new String[][] {{"serve", "--help"}, {"serve", "--metrics-port", "x"},
        {"predict", "--jsn", "{}"}}) {
      assertThat(output(DriftwatchCli.commandLineFor(args), args)).isEqualTo(output(DriftwatchCli.commandLine(), args));
    }
  }

  @Test
  void everyCommandsVersionOptionPrintsTheBuildsVersion() {
    String version = output(DriftwatchCli.commandLine(), new String[] {"--version"});
    assertThat(version).startsWith("0\ndriftwatch ");
    for (String command : new String[] {"serve", "bench", "train"}) {
      assertThat(output(DriftwatchCli.commandLineFor(new String[] {command, "-V"}), new String[] {command, "-V"}))
          .isEqualTo(version);
    }
  }

  private static String output(CommandLine cli, String[] args) {
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
    int exit = cli.execute(args);
    return exit + "\n" + out;
  }
}
