package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.Readme.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README and the help texts name only options that exist, with the defaults the code has: docs cannot drift from
 * the program again.
 */
class ReadmeOptionsTest {

  /** Options of other programs the README shows ({@code mlflow server --host 127.0.0.1 --port 5000 ...}). */
  static final Set<String> OTHER_PROGRAMS_OPTIONS = Set.of("--host", "--port", "--no-serve-artifacts");

  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");

  private final CommandLine cli = DriftwatchCli.commandLine();

  /**
   * Every {@code --option} on a {@code ./driftwatch <command>} line of README.md or docs/*.md, in any code block (bash,
   * text transcripts and the commands shown inside outputs, templates included) or inline code span
   * ({@code `./driftwatch demo --no-simulator`}, {@code `retrain --json`}), is an option of that command.
   */
  @Test
  void everyOptionOnAReadmeCommandLineExistsOnThatCommand() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Readme.FILE));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      checked += check(file, wrong);
    }
    assertThat(checked).as("options checked").isGreaterThan(80);
    assertThat(wrong).isEmpty();
  }

  private int check(Path file, List<String> wrong) {
    List<String> lines = Readme.lines(file);
    List<Command> commands = new ArrayList<>(Readme.inlineCommands(lines, cli.getSubcommands().keySet()));
    for (Readme.Block block : Readme.blocks(lines)) {
      for (int i = 0; i < block.lines().size(); i++) {
        String line = block.lines().get(i).strip();
        line = line.startsWith("$ ") ? line.substring(2) : line;
        if (line.contains("./driftwatch")) {
          commands.add(Readme.parse(block.first() + i + 1, line.substring(line.indexOf("./driftwatch"))));
        }
      }
    }
    int checked = 0;
    for (Command command : commands) {
      CommandLine target = command.subcommand().isEmpty() ? cli : cli.getSubcommands().get(command.subcommand());
      if (target == null) {
        wrong.add(file + " line " + command.line() + ": no command '" + command.subcommand() + "': " + command.text());
        continue;
      }
      for (String word : command.args()) {
        Matcher m = OPTION.matcher(word);
        // [--seed 42], --set=key=value: the option is the word's leading --name
        if (m.lookingAt() || (word.startsWith("[") && m.find(1) && m.start() == 1)) {
          checked++;
          if (target.getCommandSpec().findOption(m.group()) == null) {
            wrong.add(file + " line " + command.line() + ": " + command.subcommand() + " has no option " + m.group());
          }
        }
      }
    }
    return checked;
  }

  /** Every {@code --option} anywhere in the README (prose, tables) is an option of some driftwatch command. */
  @Test
  void everyOptionTheReadmeNamesIsOneOfDriftwatchs() {
    Set<String> known = new TreeSet<>(OTHER_PROGRAMS_OPTIONS);
    for (CommandLine command : allCommands()) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        known.addAll(List.of(option.names()));
      }
    }
    Set<String> unknown = new TreeSet<>();
    List<String> lines = Readme.lines();
    for (String line : lines) {
      Matcher m = OPTION.matcher(line);
      while (m.find()) {
        // "--" inside a word (e.g. a ---- rule, or text like a--b) is not an option
        if (m.start() > 0 && Character.isLetterOrDigit(line.charAt(m.start() - 1))) {
          continue;
        }
        if (!known.contains(m.group())) {
          unknown.add(m.group());
        }
      }
    }
    assertThat(unknown).isEmpty();
  }

  /**
   * A help text that states a default states the one the option has: for every option with a default value, a
   * description that says "default" shows that value.
   */
  @Test
  void everyDefaultAHelpTextStatesIsTheOptionsDefault() {
    List<String> wrong = new ArrayList<>();
    for (CommandLine command : allCommands()) {
      CommandSpec spec = command.getCommandSpec();
      for (OptionSpec option : spec.options()) {
        String description = String.join(" ", option.description())
            .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
        if (option.defaultValue() != null && description.contains("default")
            && !description.contains(option.defaultValue())) {
          wrong.add(spec.qualifiedName() + " " + option.longestName() + ": default " + option.defaultValue()
              + ", help says: " + description);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  private List<CommandLine> allCommands() {
    List<CommandLine> all = new ArrayList<>();
    all.add(cli);
    for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
      all.add(sub.getValue());
    }
    return all;
  }
}
