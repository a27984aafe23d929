package io.driftwatch.cli;

import io.driftwatch.tracking.CodeVersion;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./driftwatch}: one subcommand per job. */
@Command(
    name = "driftwatch",
    mixinStandardHelpOptions = true,
    versionProvider = DriftwatchCli.BuildVersion.class,
    description = "Scores patient events with a saved LASSO model on Kafka Streams and watches data and concept drift.",
    subcommands = {
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
      CommandLine.HelpCommand.class
    })
public final class DriftwatchCli implements Runnable {

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
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == TrainCommand.class) {
          return type.cast(new TrainCommand(env));
        }
        if (type == RetrainCommand.class) {
          return type.cast(new RetrainCommand(env));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
    return new CommandLine(new DriftwatchCli(), factory).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** {@code --version}: the version and commit the build recorded, e.g. {@code driftwatch 0.1.0-SNAPSHOT (commit ...)}. */
  static final class BuildVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"driftwatch " + CodeVersion.ofThisBuild().describe()};
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
