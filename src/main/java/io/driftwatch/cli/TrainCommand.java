package io.driftwatch.cli;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.model.ReferenceCalibration;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.core.train.TrainingResult;
import io.driftwatch.tracking.CodeVersion;
import io.driftwatch.tracking.ExperimentTracker;
import io.driftwatch.tracking.RunLineage;
import io.driftwatch.tracking.RunKind;
import io.driftwatch.tracking.RunRecord;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the notebook's models (OLS, Ridge, LASSO, RidgeCV, LassoCV) as scikit-learn 1.2 does, prints their "
          + "scores and coefficients, and writes the final LASSO as a model artifact with its scaler and reference "
          + "profile.",
      "Each run is appended to the run log (DIR/runs.jsonl) and, when MLFLOW_TRACKING_URI is set, logged to that MLflow "
          + "tracking server; tracking never fails the training."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  private final Function<String, String> env;
  private final Path workingDirectory;
  private final Clock clock = Clock.systemUTC();

  /** Reads MLflow's and driftwatch's variables from the process environment. */
  public TrainCommand() {
    this(System::getenv);
  }

  /** Reads them through {@code env} (tests). */
  TrainCommand(Function<String, String> env) {
    this(env, Path.of(""));
  }

  /** Also writes the default artifact, {@code models/<name>.json}, under {@code workingDirectory} (tests). */
  TrainCommand(Function<String, String> env, Path workingDirectory) {
    this.env = env;
    this.workingDirectory = workingDirectory;
  }

  @Option(names = "--data", paramLabel = "FILE",
      description = "CSV with a header: numeric feature columns and the target (default: the bundled diabetes data).")
  Path data;

  @Option(names = "--target", paramLabel = "COLUMN", defaultValue = Dataset.DEFAULT_TARGET,
      description = "Column to predict (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the artifact (default: models/<data name>-lasso.json, "
          + "models/diabetes-lasso.json for the bundled data).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "random_state of the train/test split, 0 to 4294967295 (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--test-size", paramLabel = "FRACTION", defaultValue = "0.2",
      description = "Fraction of rows held out for testing, strictly between 0 and 1 (default: ${DEFAULT-VALUE}).")
  double testSize;

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "Directory of the run log, DIR/runs.jsonl (default: $DRIFTWATCH_RUNS_DIR when set, else runs).")
  Path runsDir;

  @Override
  public Integer call() {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new ParameterException(spec.commandLine(), "--seed must be between 0 and 4294967295, was " + seed);
    }
    if (!(testSize > 0 && testSize < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--test-size must be a fraction strictly between 0 and 1, was " + testSize);
    }
    if (data == null && !Dataset.DEFAULT_TARGET.equals(target)) {
      throw new ParameterException(spec.commandLine(), "--target applies to --data; the bundled data's target is "
          + Dataset.DEFAULT_TARGET);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Instant started = clock.instant();
    try {
      Dataset dataset = data == null ? Dataset.loadBundledDiabetes() : Dataset.load(data, target);
      TrainingOptions options = TrainingOptions.defaults().withSeed(seed).withTestSize(testSize);
      TrainingResult result = ModelTrainer.train(dataset, options);
      ModelArtifact artifact = result.artifact();
      Path file = out != null ? out : workingDirectory.resolve("models").resolve(artifact.modelName() + ".json");
      stdout.print(result.report().render());
      ModelArtifactJson.write(artifact, file);
      stdout.printf("%n%s%n", calibrationLine(artifact.reference().calibration()));
      stdout.printf("Wrote %s (model %s, version %s)%n", file, artifact.modelName(), artifact.modelVersion());
      stdout.flush();
      track(result, file, started, stdout);
      return 0;
    } catch (CsvFormatException | IllegalArgumentException | UncheckedIOException e) {
      stdout.flush();
      stderr.println("train: " + e.getMessage());
      stderr.flush();
      return 1;
    }
  }

  /** What the artifact carries for drift monitoring, so a service with the default settings need not resample. */
  static String calibrationLine(ReferenceCalibration c) {
    if (c == null) {
      return "Drift calibration: none stored (a service resamples the reference when it first monitors the model)";
    }
    String level = new BigDecimal(c.significanceLevel()).round(new MathContext(3)).stripTrailingZeros()
        .toPlainString();
    return String.format(Locale.ROOT, "Drift calibration for the default drift settings: significance level %s,"
        + " %d of %d simulated drift-free windows flagged", level,
        Math.round(c.simulatedFalseAlarmRate() * c.settings().rounds()), c.settings().rounds());
  }

  /** Records the run in the run log and MLflow; whatever happens there, the training stands. */
  private void track(TrainingResult result, Path file, Instant started, PrintWriter stdout) {
    try {
      RunRecord run = RunRecord.forTraining(RunKind.TRAIN, result, file, started, clock.instant(),
          CodeVersion.ofThisBuild(), RunLineage.NONE);
      ExperimentTracker.fromEnvironment(runsDir, env).track(run).lines().forEach(stdout::println);
    } catch (RuntimeException e) {
      stdout.println("tracking: run not recorded (" + e + ")");
    }
    stdout.flush();
  }
}
