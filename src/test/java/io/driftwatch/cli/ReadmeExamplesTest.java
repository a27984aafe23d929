package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.Readme.Command;
import io.driftwatch.tracking.RunLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ./driftwatch} command of README.md that can run offline does run, and prints what the README shows.
 *
 * <p><b>What runs.</b> The README's fenced code blocks are read top to bottom, and each command runs in turn, in
 * process ({@link DriftwatchCli#commandLine(java.util.function.Function, Path)}), in one temporary working directory
 * that holds a copy of {@code examples/}: so {@code train} writes {@code models/diabetes-lasso.json} there and a later
 * {@code predict} reads it, as on a fresh clone. The run log goes to {@code runs/} there too, and no MLflow variable
 * is set. A command is <b>skipped</b> only by one of these rules:
 * <ol>
 *   <li>a <b>template</b>: the line holds a {@code <placeholder>} such as {@code --data <file.csv>} (the rule for
 *       synopsis lines: write placeholders in angle brackets; every other file a line names must exist, in the
 *       repository or as written by an earlier command);
 *   <li>it needs a <b>service</b>: its subcommand is one of {@link #NEEDS_A_SERVICE} (a broker, or running until
 *       stopped) — except {@code simulate --csv}, which writes a file — or it has {@code --bootstrap-servers};
 *   <li>it sets <b>environment variables</b> before {@code ./driftwatch} (e.g. {@code MLFLOW_TRACKING_URI=...}: an
 *       outside service).
 * </ol>
 * Any other subcommand runs, including ones added later (e.g. {@code drift --model M --csv F}). A command with shell
 * operators ({@code |}, {@code >}, {@code &&}, ...) cannot run here and fails the test.
 *
 * <p><b>What is required.</b> In a {@code bash} block, each such command exits 0, or the status its comment names
 * ({@code # exits 1}). In a {@code text} block, a line {@code $ ./driftwatch ...} is followed by its output (stdout and
 * stderr as a terminal interleaves them) up to the next {@code $ } line or the block's end, and the output must equal
 * it, line by line, after exactly these normalisations: the temporary directory is removed from paths
 * ({@code /tmp/junit.../models/x.json} reads {@code models/x.json}); 32-hex-digit run ids (new each run) compare
 * equal; trailing spaces are ignored (Markdown does not show them). A shown line {@code ...} stands for any lines
 * (an abridged output). The exit status is not checked there (refusals are shown on purpose).
 *
 * <p><b>Regenerating.</b> {@code mvn -o -q test -Dtest=ReadmeExamplesTest -Dreadme.update=true} rewrites, in place,
 * the output of each {@code $} command whose output differs (abridged ones excepted), with the temporary directory
 * removed, and passes; review the diff. Outputs that match are left as they are, run ids included.
 */
class ReadmeExamplesTest {

  /** Subcommands that need Kafka (or MLflow) or run until stopped: skipped. */
  static final Set<String> NEEDS_A_SERVICE = Set.of("serve", "demo", "simulate", "publish", "retrain", "bench");

  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][^<>]*>");
  private static final Pattern RUN_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");
  private static final Pattern EXPECTED_EXIT = Pattern.compile("\\bexits? (\\d+)\\b");

  @TempDir Path work;

  @Test
  void everyOfflineCommandRunsAndPrintsWhatTheReadmeShows() throws IOException {
    copyExamples();
    boolean update = Boolean.getBoolean("readme.update");
    List<String> lines = Readme.lines();
    List<String> rewritten = new ArrayList<>(lines);
    List<String> failures = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    int shift = 0; // lines added to (or removed from) rewritten so far, before the current block
    for (Readme.Block block : Readme.blocks(lines)) {
      if (block.language().equals("bash")) {
        for (int i = 0; i < block.lines().size(); i++) {
          Command command = Readme.parse(block.first() + i + 1, block.lines().get(i));
          if (runs(command, failures)) {
            Result result = execute(command);
            ran.add(command.text());
            int expected = expectedExit(command);
            if (result.exit() != expected) {
              failures.add("README line " + command.line() + ": `" + command.text() + "` exited " + result.exit()
                  + ", expected " + expected + ":\n" + result.output());
            }
          }
        }
      } else if (block.language().equals("text")) {
        List<String> text = block.lines();
        for (int i = 0; i < text.size(); i++) {
          if (!text.get(i).startsWith("$ ")) {
            continue;
          }
          int end = i + 1;
          while (end < text.size() && !text.get(end).startsWith("$ ")) {
            end++;
          }
          Command command = Readme.parse(block.first() + i + 1, text.get(i).substring(2));
          if (runs(command, failures)) {
            List<String> shown = text.subList(i + 1, end);
            List<String> actual = outputLines(execute(command).output());
            ran.add(command.text());
            if (!matches(shown, actual)) {
              if (update && !shown.contains("...")) {
                int from = block.first() + i + 1 + shift;
                for (int k = 0; k < shown.size(); k++) {
                  rewritten.remove(from);
                }
                rewritten.addAll(from, actual);
                shift += actual.size() - shown.size();
              } else {
                failures.add("README line " + command.line() + ": `" + command.text() + "` printed\n"
                    + String.join("\n", actual) + "\nbut the README shows\n" + String.join("\n", shown));
              }
            }
          }
          i = end - 1;
        }
      }
    }
    if (update && !rewritten.equals(lines)) {
      Files.write(Readme.FILE, rewritten);
      System.out.println("README.md: outputs regenerated; review the diff");
    }
    assertThat(ran).as("commands run").hasSizeGreaterThanOrEqualTo(8);
    assertThat(failures).as("README commands").isEmpty();
  }

  /** Whether the command is one to run; a driftwatch command that cannot run here is recorded as a failure. */
  private static boolean runs(Command command, List<String> failures) {
    if (!command.isDriftwatch() || PLACEHOLDER.matcher(command.text()).find()) {
      return false; // not ours, or a template: rule 1
    }
    boolean offlineSimulation = "simulate".equals(command.subcommand()) && command.args().contains("--csv");
    if (!command.environment().isEmpty() || NEEDS_A_SERVICE.contains(command.subcommand()) && !offlineSimulation
        || command.args().contains("--bootstrap-servers")
        || command.args().stream().anyMatch(a -> a.startsWith("--bootstrap-servers="))) {
      return false; // rules 2 and 3
    }
    if (!command.operators().isEmpty()) {
      failures.add("README line " + command.line() + ": `" + command.text() + "` uses shell operators "
          + command.operators() + ": an offline example must be one plain command");
      return false;
    }
    return true;
  }

  private static int expectedExit(Command command) {
    Matcher m = EXPECTED_EXIT.matcher(command.comment());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  record Result(int exit, String output) {}

  private Result execute(Command command) {
    StringWriter output = new StringWriter();
    PrintWriter writer = new PrintWriter(output, true);
    CommandLine cli = DriftwatchCli.commandLine(
        Map.of(RunLog.DIRECTORY_VARIABLE, work.resolve("runs").toString())::get, work);
    cli.setOut(writer);
    cli.setErr(writer);
    int exit = cli.execute(command.args().toArray(String[]::new));
    writer.flush();
    String text = output.toString().replace(work + "/", "").replace(work.toString(), ".");
    return new Result(exit, text);
  }

  private static List<String> outputLines(String output) {
    List<String> lines = new ArrayList<>(List.of(output.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines.stream().map(ReadmeExamplesTest::stripTrailing).toList();
  }

  /** Equal after normalising run ids and trailing spaces; a shown {@code ...} line matches any lines. */
  static boolean matches(List<String> shown, List<String> actual) {
    StringBuilder regex = new StringBuilder();
    for (String line : shown) {
      if (line.equals("...")) {
        regex.append("(?:[^\\n]*\\n)*?");
      } else {
        regex.append(Pattern.quote(normalise(line))).append("\\n");
      }
    }
    String text = actual.stream().map(l -> normalise(l) + "\n").reduce("", String::concat);
    return Pattern.compile(regex.toString()).matcher(text).matches();
  }

  private static String normalise(String line) {
    return RUN_ID.matcher(stripTrailing(line)).replaceAll("<run id>");
  }

  private static String stripTrailing(String line) {
    return line.stripTrailing();
  }

  private void copyExamples() throws IOException {
    Path examples = Path.of("examples");
    try (Stream<Path> files = Files.walk(examples)) {
      files.forEach(file -> {
        try {
          Path target = work.resolve(examples.relativize(file).toString().isEmpty()
              ? "examples" : "examples/" + examples.relativize(file));
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
