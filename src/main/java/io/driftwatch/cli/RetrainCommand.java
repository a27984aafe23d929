package io.driftwatch.cli;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.Lineage;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.retrain.RetrainPolicy;
import io.driftwatch.core.retrain.RetrainResult;
import io.driftwatch.core.retrain.RetrainText;
import io.driftwatch.core.train.TrainingResult;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.readback.MissingTopicException;
import io.driftwatch.streaming.retrain.ModelsTopic;
import io.driftwatch.streaming.retrain.RetrainException;
import io.driftwatch.streaming.retrain.RetrainReport;
import io.driftwatch.streaming.retrain.RetrainRun;
import io.driftwatch.tracking.CodeVersion;
import io.driftwatch.tracking.DataWindow;
import io.driftwatch.tracking.ExperimentTracker;
import io.driftwatch.tracking.RunKind;
import io.driftwatch.tracking.RunLineage;
import io.driftwatch.tracking.RunRecord;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains a challenger on the labelled outcomes that arrived recently (topics.labelled-events) with train's "
          + "pipeline, compares it with the champion (the model on the models topic) on the newest of them, prints "
          + "the comparison and writes the challenger with its lineage and reference profile.",
      "With --publish-if-better it publishes the challenger only if it beats the champion by the margin with "
          + "statistical support (docs/retrain.md); every instance switches to it without a restart.",
      "A trained challenger's run is appended to the run log (DIR/runs.jsonl) and, when MLFLOW_TRACKING_URI is set, "
          + "logged to that MLflow tracking server, as train does; tracking never changes the outcome.",
      "Exit status: 0 the challenger is better (published with --publish-if-better); 3 it is not better (nothing "
          + "published); 4 refused: too few labelled outcomes; 2 bad options or configuration; 1 failure (broker "
          + "unreachable, missing topic, no champion, artifact not written, publishing failed)."
    })
public final class RetrainCommand implements Callable<Integer> {

  /** The challenger passed every check (published, with {@code --publish-if-better}). */
  public static final int BETTER = 0;
  /** Could not run: broker, topics, champion, file system. */
  public static final int FAILED = 1;
  /** Bad options or configuration (picocli's usage code too). */
  public static final int BAD_OPTIONS = 2;
  /** A challenger was trained and compared, and is not better: nothing published. */
  public static final int NOT_BETTER = 3;
  /** Too few labelled outcomes: nothing trained. */
  public static final int REFUSED = 4;

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka brokers; overrides the config file and DRIFTWATCH_BOOTSTRAP_SERVERS.")
  String bootstrapServers;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "P7D", converter = DurationConverter.class,
      description = "Read the labelled events written in this last stretch of time: P7D, 7d, 12h, 30m "
          + "(default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(names = "--until", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "Leave out outcomes of visits (event_time) at or after this ISO-8601 instant, e.g. "
          + "2026-11-30T04:00:00Z (default: none left out).")
  Instant until;

  @Option(names = "--min-labels", paramLabel = "N", defaultValue = "" + RetrainPolicy.DEFAULT_MIN_LABELS,
      description = "Fewest distinct labelled outcomes to retrain on; fewer: exit 4 (default: ${DEFAULT-VALUE}).")
  int minLabels;

  @Option(names = "--holdout", paramLabel = "FRACTION", defaultValue = "" + RetrainPolicy.DEFAULT_HOLDOUT,
      description = "Share of the newest outcomes both models are compared on, strictly between 0 and 1 "
          + "(default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(names = "--margin", paramLabel = "FRACTION", defaultValue = "" + RetrainPolicy.DEFAULT_MARGIN,
      description = "How much lower the challenger's RMSE must be, in [0, 1): 0.02 is 2 %% (default: ${DEFAULT-VALUE}).")
  double margin;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the challenger (default: models/<model_name>-<model_version>.json).")
  Path outFile;

  @Option(names = "--publish-if-better",
      description = "Publish the challenger to the models topic if it is better (the decision rule's three checks).")
  boolean publishIfBetter;

  @Option(names = "--json", description = "Print one JSON object (the comparison, the counts, the artifact, what "
      + "was published) instead of the text.")
  boolean json;

  @Option(names = "--champion", paramLabel = "FILE",
      description = "Compare with this artifact instead of the models topic's latest valid one.")
  Path championFile;

  @Option(names = "--model-name", paramLabel = "NAME",
      description = "The model to retrain: its key on the models topic (sets model.name; default diabetes-lasso).")
  String modelName;

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "Directory of the run log, DIR/runs.jsonl (default: $DRIFTWATCH_RUNS_DIR when set, else runs).")
  Path runsDir;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The service's properties file (topics, model.name, cluster and security settings).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets a configuration key (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  private final Function<String, String> env;
  private final Clock clock = Clock.systemUTC();

  /** Reads MLflow's and driftwatch's tracking variables from the process environment. */
  public RetrainCommand() {
    this(System::getenv);
  }

  /** Reads them through {@code env} (tests). */
  RetrainCommand(Function<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RetrainPolicy policy = policy();
    DriftwatchConfig loaded;
    try {
      Map<String, String> settings = CliOptions.withBootstrap(overrides, bootstrapServers);
      if (modelName != null) {
        settings.put(DriftwatchConfig.MODEL_NAME, modelName);
      }
      loaded = DriftwatchConfig.load(config, settings, System.getenv());
    } catch (DriftwatchConfigException e) {
      err.println("retrain: invalid configuration: " + e.getMessage());
      return BAD_OPTIONS;
    }
    Optional<RetrainRun.Champion> champion = Optional.empty();
    if (championFile != null) {
      try {
        ModelArtifact artifact = ModelArtifactJson.read(championFile); // names the file and the field
        ModelsTopic.check(ModelArtifactJson.write(artifact), null); // and the checks every instance applies
        if (!artifact.modelName().equals(loaded.modelName())) {
          err.println("retrain: --champion: " + championFile + " is model '" + artifact.modelName()
              + "', not model.name '" + loaded.modelName() + "' (set --model-name " + artifact.modelName() + ")");
          return BAD_OPTIONS;
        }
        champion = Optional.of(RetrainRun.Champion.fromFile(artifact, championFile));
      } catch (InvalidModelArtifactException e) {
        err.println("retrain: --champion: " + e.getMessage());
        return BAD_OPTIONS;
      }
    }

    Instant started = clock.instant();
    RetrainRun.Outcome outcome;
    try {
      outcome = RetrainRun.run(loaded, new RetrainRun.Request(since, Optional.ofNullable(until), policy,
          Optional.ofNullable(outFile), champion, spec.root().version()[0]), clock);
    } catch (RetrainException | MissingTopicException e) {
      err.println("retrain: " + e.getMessage());
      return FAILED;
    } catch (KafkaException e) {
      err.println("retrain: could not read from " + loaded.bootstrapServers() + ": " + e.getMessage());
      return FAILED;
    } catch (UncheckedIOException e) {
      err.println("retrain: " + e.getMessage() + ": " + e.getCause().getMessage());
      return FAILED;
    }
    if (!json) {
      out.print(RetrainReport.header(outcome));
      out.print(RetrainText.render(outcome.result()));
      out.flush();
    }
    Instant written = clock.instant();
    Optional<ModelsTopic.Published> published = Optional.empty();
    String publishError = null;
    if (publishIfBetter && outcome.better()) {
      try {
        published = Optional.of(RetrainRun.publish(loaded, outcome));
      } catch (KafkaException e) {
        publishError = "retrain: could not publish to topic " + loaded.topics().models() + " on "
            + loaded.bootstrapServers() + ": " + e.getMessage() + " (the challenger is in "
            + outcome.artifactFile().orElseThrow() + ")";
      }
    }
    if (json) {
      out.println(RetrainReport.json(outcome, published));
    } else {
      out.print(RetrainReport.footer(outcome, publishIfBetter, published));
    }
    out.flush();
    if (outcome.result() instanceof RetrainResult.Compared compared) {
      track(compared, outcome.artifactFile().orElseThrow(), started, written, json ? err : out);
    }
    if (publishError != null) {
      err.println(publishError);
      return FAILED;
    }
    if (outcome.result() instanceof RetrainResult.Refused) {
      return REFUSED;
    }
    return outcome.better() ? BETTER : NOT_BETTER;
  }

  /**
   * Records the challenger's training in the run log and MLflow, as {@code train} records its own (kind {@code
   * retrain}, with the champion as parent and the rows' event-time window); whatever happens there, the outcome
   * stands.
   */
  private void track(RetrainResult.Compared compared, Path file, Instant started, Instant written,
      PrintWriter lines) {
    try {
      Lineage lineage = compared.challenger().lineage();
      DataWindow window = new DataWindow(Instant.parse(lineage.firstEventTime()),
          Instant.parse(lineage.lastEventTime()).plusMillis(1)); // [first, last]: the window ends after the last row
      RunRecord run = RunRecord.forTraining(RunKind.RETRAIN, new TrainingResult(compared.challenger(),
          compared.report()), file, started, written, CodeVersion.ofThisBuild(),
          new RunLineage(lineage.parentModelVersion(), window));
      ExperimentTracker.fromEnvironment(runsDir, env).track(run).lines().forEach(lines::println);
    } catch (RuntimeException e) {
      lines.println("tracking: run not recorded (" + e + ")");
    }
    lines.flush();
  }

  private RetrainPolicy policy() {
    if (since.isNegative() || since.isZero()) {
      throw new ParameterException(spec.commandLine(), "--since must be a positive duration, got " + since);
    }
    if (minLabels < 1) {
      throw new ParameterException(spec.commandLine(), "--min-labels must be at least 1, got " + minLabels);
    }
    if (!(holdout > 0 && holdout < 1)) {
      throw new ParameterException(spec.commandLine(),
          "--holdout must be a fraction strictly between 0 and 1, got " + holdout);
    }
    if (!(margin >= 0 && margin < 1)) {
      throw new ParameterException(spec.commandLine(), "--margin must be a fraction in [0, 1), got " + margin);
    }
    return RetrainPolicy.defaults().withMinLabels(minLabels).withHoldoutFraction(holdout).withMargin(margin);
  }

  /** ISO-8601 instants with an offset: {@code 2026-11-30T04:00:00Z}, {@code 2026-11-30T05:00:00+01:00}. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return java.time.OffsetDateTime.parse(value.trim()).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant with an offset, e.g. "
            + "2026-11-30T04:00:00Z");
      }
    }
  }
}
