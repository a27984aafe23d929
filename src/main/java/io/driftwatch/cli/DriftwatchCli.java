package io.driftwatch.cli;

import io.driftwatch.tracking.CodeVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./driftwatch}: one subcommand per job. */
@Command(
    name = "driftwatch",
    mixinStandardHelpOptions = true,
    versionProvider = DriftwatchCli.BuildVersion.class,
    description = "Scores patient events with a saved LASSO model on Kafka Streams and watches data and concept drift.")
public final class DriftwatchCli implements Runnable {

  /**
   * The subcommands, in the order the usage lists them. Added in code rather than in the annotation so that
   * {@link #main} can build only the one it runs: picocli reads every option of every command it is given by
   * reflection, about 0.3 s of a service's start-up for commands it does not run (docs/benchmarks.md).
   */
  static final List<Class<?>> COMMANDS = List.of(
      TrainCommand.class,
      PredictCommand.class,
      DriftCommand.class,
      ServeCommand.class,
      PublishCommand.class,
      RetrainCommand.class,
      ReportCommand.class,
      SimulateCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    return commandLine(System::getenv);
  }

  /** The command line with the commands that read environment variables reading them through {@code env} (tests). */
  public static CommandLine commandLine(Function<String, String> env) {
    return commandLine(env, Path.of(""));
  }

  /**
   * The command line as if started in {@code workingDirectory} (tests that run the README's commands in a temporary
   * directory): every relative path given to a {@link Path} option, or defaulted by one, and {@code train}'s default
   * {@code models/<name>.json} are resolved against it. The run log's default directory is not: set
   * {@code DRIFTWATCH_RUNS_DIR} through {@code env}. {@code Path.of("")} is the process's own working directory.
   */
  public static CommandLine commandLine(Function<String, String> env, Path workingDirectory) {
    return commandLine(env, workingDirectory, COMMANDS);
  }

  /**
   * The command line for {@code args}: with only the subcommand {@code args[0]} names, when it names one (the help
   * command excepted, which lists the others), otherwise with all of them. The one built behaves as in the full command
   * line: the same name, options, help and errors.
   */
  static CommandLine commandLineFor(String[] args) {
    if (args.length > 0) {
      for (Class<?> command : COMMANDS) {
        String name = command.getAnnotation(Command.class).name();
        if (name.equals(args[0]) && command != CommandLine.HelpCommand.class) {
          return commandLine(System::getenv, Path.of(""), List.of(command));
        }
      }
    }
    return commandLine();
  }

  private static CommandLine commandLine(Function<String, String> env, Path workingDirectory,
      List<Class<?>> commands) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == TrainCommand.class) {
          return type.cast(new TrainCommand(env, workingDirectory));
        }
        if (type == RetrainCommand.class) {
          return type.cast(new RetrainCommand(env));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine cli = new CommandLine(new DriftwatchCli(), factory);
    commands.forEach(cli::addSubcommand);
    // Every command's --version (from mixinStandardHelpOptions) says what the top level's does.
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new BuildVersion()));
    cli.setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(DriftwatchCli::optionError);
    if (!workingDirectory.toString().isEmpty()) {
      cli.registerConverter(Path.class, workingDirectory::resolve);
    }
    return cli;
  }

  /**
   * An option error (unknown, missing, invalid or refused by a command's own checks) prints one line, picocli's "did
   * you mean" suggestions for an unknown option, and where to find the options, not the whole usage:
   * <pre>
   * predict: Unknown option: '--jsn'
   * Possible solutions: --json
   * Try './driftwatch predict --help' for the options.
   * </pre>
   * and exits with status 2 (picocli's code for invalid input).
   */
  static int optionError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String path = command.getCommandSpec().qualifiedName(" ");
    String name = command.getParent() == null ? path : command.getCommandName();
    String message = plainWords(e.getMessage());
    // picocli starts some messages (a missing argument group) with its own "Error: ": the command name says that.
    err.println(name + ": " + (message.startsWith("Error: ") ? message.substring("Error: ".length()) : message));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try './" + path + " --help' for the options.");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** picocli names Java types and repeats a word; users typed numbers, not longs. */
  static String plainWords(String message) {
    return message
        .replaceAll("' is not an? (long|int|short|byte)$", "' is not a whole number")
        .replaceAll("' is not a (double|float)$", "' is not a number")
        .replace("option option", "option");
  }

  /** {@code --version}: the version and commit the build recorded, e.g. {@code driftwatch 0.1.0-SNAPSHOT (commit ...)}. */
  static final class BuildVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"driftwatch " + CodeVersion.ofThisBuild().describe()};
    }
  }

  public static void main(String[] args) {
    System.exit(commandLineFor(args).execute(args));
  }
}
