package io.driftwatch.cli;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.demo.Demo;
import io.driftwatch.demo.EmbeddedKafka;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.ScenarioKind;
import io.driftwatch.simulate.ScenarioSettings;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.config.Topics;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a Kafka broker inside this JVM (KRaft, data in a temporary directory), creates the topics, trains the "
          + "model if its file does not exist, runs the service and the simulator, and prints what to look at.",
      "Ctrl-C stops everything and removes the temporary data.",
      "Exit status: 1 if something failed at run time (e.g. the port is taken), 2 for a bad configuration or model."
    })
public final class DemoCommand implements Callable<Integer> {

  /**
   * Enough for a challenger whose own performance windows stay clear of concept drift (about 100 s of outcomes at
   * --rate 50): one learned from 2 000 is off by a few units per σ in some coefficient often enough for windows of
   * 3 000 outcomes to notice (see the README's "From alarm to new model").
   */
  static final int DEFAULT_RETRAIN_MIN_LABELS = 5000;

  @Spec CommandSpec spec;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "" + EmbeddedKafka.DEFAULT_PORT,
      description = "The broker's port on localhost; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "4",
      description = "Partitions of the event, prediction, dead-letter and outcome topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      defaultValue = "models/diabetes-lasso.json",
      description = "Model artifact to score with; trained on the bundled data and written here when the file does "
          + "not exist (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--no-simulator", description = "Do not run the simulator: produce events yourself.")
  boolean noSimulator;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "20",
      description = "Simulated events per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      defaultValue = "none",
      description = "The simulator's scenario with its default settings: none, covariate-shift, gradual-shift, "
          + "stuck-sensor, unit-error, concept-shift, noise-increase or correlation-break (default: ${DEFAULT-VALUE}; "
          + "./driftwatch simulate takes all the options).")
  String scenario;

  @Option(
      names = "--drift-after",
      paramLabel = "N",
      description = "Simulated events before the scenario's drift begins (default: 0).")
  Long driftAfter;

  @Option(names = "--seed", paramLabel = "S", description = "The simulator's random seed (default: random).")
  Long seed;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Sets a service configuration key (repeatable), as for serve; bootstrap.servers is the demo's.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--retrain-on-alarm",
      description = "On a concept-drift alarm, retrain on the labelled outcomes that follow it (as ./driftwatch "
          + "retrain --publish-if-better does) and publish the challenger if it is better; once per model version.")
  boolean retrainOnAlarm;

  @Option(
      names = "--retrain-min-labels",
      paramLabel = "N",
      description = "With --retrain-on-alarm: labelled outcomes after the alarm to retrain on (default: "
          + DEFAULT_RETRAIN_MIN_LABELS + ").")
  Integer retrainMinLabels;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Port of /metrics, /health/live and /health/ready (sets metrics.port; default 9464, 0: none).")
  Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Demo demo;
    try {
      demo = new Demo(settings(), text -> {
        out.print(text);
        out.flush();
      });
    } catch (DriftwatchConfigException e) {
      err.println("demo: invalid configuration: " + e.getMessage());
      return 2;
    }

    // Ctrl-C and SIGTERM run shutdown hooks: stop the simulator, the service and the broker, and remove their data.
    Thread shutdown = new Thread(demo::close, "driftwatch-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      return run(demo, out, err);
    } finally {
      demo.close();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdown);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running (or ran) the same close.
      }
    }
  }

  private int run(Demo demo, PrintWriter out, PrintWriter err) throws InterruptedException {
    try {
      demo.start();
    } catch (InvalidModelArtifactException | UncheckedIOException e) {
      err.println("demo: " + e.getMessage());
      return 2;
    } catch (DriftwatchConfigException e) {
      err.println("demo: invalid configuration: " + e.getMessage());
      return 2;
    } catch (IllegalStateException | KafkaException e) {
      err.println("demo: " + e.getMessage());
      return 1;
    }
    if (demo.config() != null) { // null when Ctrl-C came during start-up
      out.print(guide(demo));
      out.flush();
    }
    State end = demo.awaitTermination();
    if (end == State.ERROR) {
      err.println("demo: the service stopped after an error (see the log above)");
      return 1;
    }
    return 0;
  }

  private Demo.Settings settings() {
    if (kafkaPort < 0 || kafkaPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--kafka-port must be between 0 and 65535, got " + kafkaPort);
    }
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
    }
    Optional<ScenarioSettings> simulation = Optional.empty();
    if (!noSimulator) {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new ParameterException(
            spec.commandLine(), "--rate must be a positive number of events per second, got " + rate);
      }
      try {
        simulation = Optional.of(
            ScenarioSettings.of(
                ScenarioKind.parse(scenario), null, null, null, driftAfter, ClinicalSample.bundledDiabetes()));
      } catch (IllegalArgumentException e) {
        String message = e.getMessage();
        throw new ParameterException(spec.commandLine(), message.startsWith("--") ? message : "--scenario: " + message);
      }
    }
    if (retrainMinLabels != null && !retrainOnAlarm) {
      throw new ParameterException(spec.commandLine(), "--retrain-min-labels applies to --retrain-on-alarm");
    }
    int minLabels = !retrainOnAlarm ? 0 : retrainMinLabels == null ? DEFAULT_RETRAIN_MIN_LABELS : retrainMinLabels;
    if (retrainOnAlarm && minLabels < 1) {
      throw new ParameterException(spec.commandLine(), "--retrain-min-labels must be at least 1, got " + minLabels);
    }
    long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    Map<String, String> settings = new LinkedHashMap<>(overrides);
    if (metricsPort != null) {
      settings.put(DriftwatchConfig.METRICS_PORT, metricsPort.toString());
    }
    return new Demo.Settings(kafkaPort, partitions, model, settings, simulation, rate, actualSeed, minLabels,
        spec.root().version()[0]);
  }

  /** What to run in another terminal to watch the demo. */
  static String guide(Demo demo) {
    String b = demo.bootstrapServers();
    Topics t = demo.topics();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%ndriftwatch demo is running: Kafka on %s; model %s version %s %s %s.%n",
        b, demo.model().modelName(), demo.model().modelVersion(),
        demo.trainedModel() ? "trained now and written to" : "from", demo.modelFile()));
    s.append(demo.simulator().isPresent()
        ? String.format(Locale.ROOT, "The simulator sends patients to %s; their outcomes follow on %s.%n",
            t.features(), t.outcomes())
        : String.format(Locale.ROOT, "No simulator: produce events to %s yourself (or ./driftwatch simulate"
            + " --bootstrap-servers %s).%n", t.features(), b));
    if (demo.retrainMinLabels() > 0) {
      s.append(String.format(Locale.ROOT, "On a concept-drift alarm the demo retrains on the %d labelled outcomes "
          + "that follow it and publishes the challenger if it is better (--retrain-on-alarm).%n",
          demo.retrainMinLabels()));
    }
    s.append(String.format(Locale.ROOT, "%nLook at:%n"));
    line(s, "kcat -C -b " + b + " -t " + t.predictions() + " -c 5 -e", "five predictions, then exit");
    line(s, "kcat -C -b " + b + " -t " + t.predictions() + " -o end -f '%k %s\\n'",
        "predictions as they come, after their key (patient_id)");
    line(s, "kcat -C -b " + b + " -t " + t.deadLetters() + " -f '%h %s\\n'",
        "dead letters with their reason headers");
    line(s, "kcat -C -b " + b + " -t " + t.driftReports(), "data-drift reports, one per window");
    line(s, "kcat -C -b " + b + " -t " + t.performanceReports(),
        "model performance (outcomes joined to predictions): one report per window, and concept-drift alarms");
    line(s, "kcat -C -b " + b + " -t " + t.labelledEvents() + " -c 3 -e",
        "outcomes joined to their predictions' features: what retraining learns from");
    line(s, "echo '{\"patient_id\":\"p-1\",\"bmi\":900}' | kcat -P -b " + b + " -t " + t.features(),
        "a bad event: see it in " + t.deadLetters());
    line(s, "./driftwatch simulate --bootstrap-servers " + b + " --scenario unit-error --rate 5",
        "more traffic, in wrong units");
    line(s, "./driftwatch simulate --bootstrap-servers " + b + " --scenario correlation-break --features s1,s2 --rate 20",
        "s2 no longer goes with s1, each unchanged alone: joint drift names the pair (multivariate.changed_pairs)");
    line(s, "./driftwatch simulate --bootstrap-servers " + b + " --scenario concept-shift --feature bmi --effect 2"
        + " --rate 20 --label-delay 5s", "a world where bmi matters twice as much: a concept-drift alarm follows");
    line(s, "./driftwatch retrain --bootstrap-servers " + b + topicSettings(t) + " --since 10m --publish-if-better",
        "retrain on the labelled outcomes of the last 10 minutes; publish the challenger if it beats the model in use");
    line(s, "./driftwatch publish --bootstrap-servers " + b + topicSettings(t) + " --model FILE",
        "switch the model live");
    demo.metricsPort().ifPresent(port -> {
      line(s, "curl -s localhost:" + port + "/metrics | grep ^driftwatch_", "Prometheus metrics");
      line(s, "curl -s localhost:" + port + "/health/ready", "readiness");
    });
    s.append(String.format(Locale.ROOT, "%nCtrl-C stops everything and removes the broker's data.%n"));
    return s.toString();
  }

  /** {@code --set} options for the topics retrain and publish use, when they are not the defaults. */
  private static String topicSettings(Topics t) {
    StringBuilder s = new StringBuilder();
    if (!t.models().equals(Topics.DEFAULT_MODELS)) {
      s.append(" --set ").append(DriftwatchConfig.TOPICS_MODELS).append('=').append(t.models());
    }
    if (!t.labelledEvents().equals(Topics.DEFAULT_LABELLED_EVENTS)) {
      s.append(" --set ").append(DriftwatchConfig.TOPICS_LABELLED_EVENTS).append('=').append(t.labelledEvents());
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String command, String what) {
    s.append(String.format(Locale.ROOT, "  # %s%n  %s%n", what, command));
  }
}
