package io.driftwatch.cli;

import io.driftwatch.bench.BenchReport;
import io.driftwatch.bench.BenchSubject;
import io.driftwatch.bench.DeployedBenchmark;
import io.driftwatch.bench.DeployedReport;
import io.driftwatch.bench.MappedValueSubject;
import io.driftwatch.bench.PassThroughSubject;
import io.driftwatch.bench.ScoringSubject;
import io.driftwatch.bench.StreamsBenchmark;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.demo.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures throughput of the scoring topology against a pass-through topology, and end-to-end latency; with"
          + " --deployed, the service as deployed beside the Python scorer.",
      "Starts a Kafka broker inside this JVM on a free port, runs the topologies one after the other on the same "
          + "input, and prints a markdown table.",
      "With --deployed, measures the service as deployed instead: serve in its own JVM against a broker in another,"
          + " start-up and warm-up included, beside the Python scorer a data scientist would write and a Kafka Streams"
          + " pass-through in its own JVM, the floor (docs/benchmarks.md)."
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--events", paramLabel = "N",
      description = "Events timed per throughput run (default: 1000000; with --deployed, the events in the input and"
          + " outputs each run waits for: 500000).")
  Integer events;

  @Option(names = "--deployed",
      description = "Measures the service as deployed instead: `serve` started fresh in its own JVM by this launcher,"
          + " a broker in another JVM, beside the Python scorer (bench/python_scorer.py) and a Kafka Streams"
          + " pass-through with serve's settings (the floor), each in its own process, on the same input. Reports"
          + " steady events/s (outputs from --warmup on), events/s and CPU per event over the whole process, and the"
          + " time to the first output.")
  boolean deployed;

  @Option(names = "--serve-variant", paramLabel = "NAME=ARGS",
      description = "With --deployed: also runs serve as NAME with ARGS, space-separated JVM options (starting with"
          + " '-') and serve settings (KEY=VALUE), e.g. --serve-variant 'c1-only=-XX:TieredStopAtLevel=1'."
          + " Repeatable; serve as shipped always runs.")
  List<String> serveVariants = new ArrayList<>();

  @Option(names = "--python", paramLabel = "PATH",
      description = "With --deployed: the Python interpreter for the peer, which needs Debian's"
          + " python3-confluent-kafka and python3-sklearn (default: /usr/bin/python3); 'none' leaves it out.")
  String python;

  @Option(names = "--logs", paramLabel = "DIR",
      description = "With --deployed: keeps each process's output in DIR (serve's log per round, the broker's).")
  Path logs;

  @Option(names = "--model", paramLabel = "FILE",
      description = "With --deployed: the model both scorers load (default: the notebook's, trained afresh as `train`"
          + " does, its drift calibration included).")
  Path model;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "50000",
      description = "Events processed before timing starts (default: ${DEFAULT-VALUE}; with --deployed, the output"
          + " count where the steady span starts).")
  int warmup;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
      description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--rounds", paramLabel = "N",
      description = "Throughput runs per topology; the median is reported (default: 5; with --deployed, runs per"
          + " subject: 3).")
  Integer rounds;

  @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "2",
      description = "Untimed runs per topology before the rounds (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(names = "--latency-rate", paramLabel = "N", defaultValue = "1000",
      description = "Events per second in the latency run (default: ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(names = "--latency-events", paramLabel = "N", defaultValue = "10000",
      description = "Events measured in the latency run (default: ${DEFAULT-VALUE}).")
  int latencyEvents;

  @Option(names = "--topology", paramLabel = "NAME", split = ",",
      description = "Topologies to run, comma-separated: pass-through (the baseline), scoring, scoring-drift"
          + " (the default three), scoring-no-metrics (scoring without the per-event histograms, as with"
          + " metrics.port=0), scoring-drift-concept (with concept drift, fed with an outcome for every"
          + " prediction) and prediction-sized (writes a constant prediction: the most any topology"
          + " writing predictions can reach).")
  List<String> topologies;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Kafka Streams property for every topology, e.g. --set num.stream.threads=2.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the markdown table to FILE.")
  Path out;

  /** The topologies the benchmark knows, the baseline first. */
  static Map<String, Supplier<BenchSubject>> subjects() {
    Map<String, Supplier<BenchSubject>> subjects = new LinkedHashMap<>();
    subjects.put(BenchReport.BASELINE, PassThroughSubject::new);
    // One model for both scoring subjects, trained once.
    AtomicReference<ModelArtifact> model = new AtomicReference<>();
    Supplier<ModelArtifact> trained = () -> model.updateAndGet(m -> m != null ? m
        : ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact());
    subjects.put("scoring", () -> new ScoringSubject(trained.get(), false));
    subjects.put("scoring-no-metrics", () -> new ScoringSubject(trained.get(), false, false, false));
    subjects.put("scoring-drift", () -> new ScoringSubject(trained.get(), true));
    subjects.put("scoring-drift-concept", () -> new ScoringSubject(trained.get(), true, true));
    subjects.put(MappedValueSubject.PREDICTION_SIZED, () -> MappedValueSubject.predictionSized(trained.get()));
    return subjects;
  }

  /** What runs without --topology: the baseline and the service, with and without drift monitoring. */
  static final List<String> DEFAULT_TOPOLOGIES = List.of(BenchReport.BASELINE, "scoring", "scoring-drift");

  @Override
  public Integer call() throws Exception {
    if (deployed) {
      return callDeployed();
    }
    if (!serveVariants.isEmpty() || python != null || model != null || logs != null) {
      throw new ParameterException(spec.commandLine(), "--serve-variant, --python, --model and --logs need --deployed");
    }
    int events = this.events == null ? 1_000_000 : this.events;
    Map<String, Supplier<BenchSubject>> known = subjects();
    List<BenchSubject> chosen = new ArrayList<>();
    for (String name : topologies == null ? DEFAULT_TOPOLOGIES : topologies) {
      Supplier<BenchSubject> subject = known.get(name.trim());
      if (subject == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--topology: unknown topology '" + name + "'; accepted: " + String.join(", ", known.keySet()));
      }
      chosen.add(subject.get());
    }
    Map<String, Object> streamsConfig = new HashMap<>(StreamsBenchmark.Settings.defaultStreamsConfig());
    streamsConfig.putAll(overrides);
    StreamsBenchmark.Settings settings;
    try {
      settings =
          new StreamsBenchmark.Settings(
              events, warmup, partitions, rounds == null ? 5 : rounds, warmupRounds, latencyRate, latencyEvents, streamsConfig);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--events, --rounds, --partitions, --latency-rate and --latency-events must be positive; --warmup and"
              + " --warmup-rounds must be 0 or more");
    }

    String report;
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(0);
    } catch (IllegalStateException e) {
      System.err.println("bench: " + e.getMessage());
      return 1;
    }
    try (kafka) {
      report = BenchReport.markdown(new StreamsBenchmark(kafka.bootstrapServers(), settings).run(chosen));
    }
    spec.commandLine().getOut().print(report);
    spec.commandLine().getOut().flush();
    if (out != null) {
      writeReport(report);
    }
    return 0;
  }

  private int callDeployed() throws Exception {
    if (topologies != null || !overrides.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--topology and --set are for the in-JVM benchmark;"
          + " with --deployed, use --serve-variant");
    }
    for (String inJvmOnly : List.of("--warmup-rounds", "--latency-rate", "--latency-events")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(inJvmOnly)) {
        throw new ParameterException(spec.commandLine(), inJvmOnly + " is for the in-JVM benchmark; --deployed"
            + " starts every subject cold and measures no latency run");
      }
    }
    Path home = home();
    List<DeployedBenchmark.ServeVariant> variants = new ArrayList<>();
    variants.add(DeployedBenchmark.ServeVariant.dataDrift());
    for (String given : serveVariants) {
      DeployedBenchmark.ServeVariant variant = variant(given);
      if (variants.stream().anyMatch(v -> v.name().equals(variant.name()))) {
        throw new ParameterException(spec.commandLine(), "--serve-variant: '" + variant.name() + "' is taken");
      }
      variants.add(variant);
    }
    Path jvmOptions = home.resolve("config").resolve("jvm.options");
    for (DeployedBenchmark.ServeVariant variant : variants) {
      requireJvmAccepts(variant, jvmOptions);
    }
    String interpreter = python == null ? "/usr/bin/python3" : python;
    if (interpreter.equals("none")) {
      interpreter = null;
    } else {
      requirePythonPeer(interpreter);
    }
    Path artifact = model == null ? null : model.toAbsolutePath();
    if (artifact != null && !Files.isRegularFile(artifact)) {
      throw new ParameterException(spec.commandLine(), "--model: no such file: " + artifact);
    }
    int deployedEvents = events == null ? 500_000 : events;
    int deployedRounds = rounds == null ? 3 : rounds;
    if (warmup < 1 || deployedEvents <= warmup) {
      throw new ParameterException(spec.commandLine(), "--warmup must be at least 1 and below --events (" + warmup
          + " and " + deployedEvents + ")");
    }
    if (partitions < 1 || deployedRounds < 1) {
      throw new ParameterException(spec.commandLine(), (partitions < 1 ? "--partitions" : "--rounds")
          + " must be at least 1, was " + (partitions < 1 ? partitions : deployedRounds));
    }
    if (logs != null) {
      try {
        Files.createDirectories(logs);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "--logs: cannot create " + logs + " (" + e + ")");
      }
    }
    DeployedBenchmark.Settings settings = new DeployedBenchmark.Settings(deployedEvents, warmup, partitions,
        deployedRounds, home, artifact, variants, interpreter, logs);
    String report;
    try {
      report = DeployedReport.markdown(new DeployedBenchmark(settings).run());
    } catch (IllegalStateException | TimeoutException e) {
      // A subject that stopped or stalled: its own log says why; a stack trace of the bench would not.
      spec.commandLine().getErr().println("bench: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    spec.commandLine().getOut().print(report);
    spec.commandLine().getOut().flush();
    if (out != null) {
      writeReport(report);
    }
    return 0;
  }

  /** NAME=ARGS: JVM options start with '-', anything else is a serve setting KEY=VALUE. */
  private DeployedBenchmark.ServeVariant variant(String given) {
    int equals = given.indexOf('=');
    if (equals < 0) {
      throw new ParameterException(spec.commandLine(), "--serve-variant: '" + given + "' is not NAME=ARGS (a name,"
          + " '=', then JVM options and serve settings)");
    }
    String name = given.substring(0, equals).trim();
    String args = given.substring(equals + 1);
    if (name.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--serve-variant: '" + given + "' has no name before '='");
    }
    List<String> options = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>(DeployedBenchmark.ServeVariant.dataDrift().settings());
    for (String arg : args.trim().split("\\s+")) {
      if (arg.isEmpty()) {
        continue;
      }
      if (arg.startsWith("-")) {
        options.add(arg);
      } else if (arg.indexOf('=') > 0) {
        settings.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        throw new ParameterException(spec.commandLine(), "--serve-variant " + name + ": '" + arg
            + "' is neither a JVM option (starting with '-') nor a setting KEY=VALUE");
      }
    }
    if (name.equals(DeployedBenchmark.SERVE) || name.equals(DeployedBenchmark.PYTHON)
        || name.equals(DeployedBenchmark.PASS_THROUGH)) {
      throw new ParameterException(spec.commandLine(), "--serve-variant: '" + name + "' is taken");
    }
    if (options.isEmpty() && settings.equals(DeployedBenchmark.ServeVariant.dataDrift().settings())) {
      throw new ParameterException(spec.commandLine(), "--serve-variant " + name + ": no JVM option or setting (it"
          + " would be serve as shipped, which always runs)");
    }
    return new DeployedBenchmark.ServeVariant(name, options, settings);
  }

  /**
   * Fails before the broker starts if the JVM refuses a variant's options ({@code java @config/jvm.options OPTIONS
   * -version}), rather than after a round of the others.
   */
  private void requireJvmAccepts(DeployedBenchmark.ServeVariant variant, Path jvmOptions) throws InterruptedException {
    if (variant.javaOptions().isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(DeployedBenchmark.java(), "@" + jvmOptions));
    command.addAll(variant.javaOptions());
    command.add("-version");
    Probe probe = probe(command);
    if (probe.exit() != 0) {
      throw new ParameterException(spec.commandLine(), "--serve-variant " + variant.name()
          + ": the JVM refuses its options (" + probe.said().lines().findFirst().orElse("exit " + probe.exit()) + ")");
    }
  }

  /** The checkout the launcher runs from: its script, the Python peer and the models live there. */
  private Path home() {
    String home = System.getProperty("driftwatch.home");
    Path path = Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    if (!Files.isExecutable(path.resolve("driftwatch"))) {
      throw new ParameterException(spec.commandLine(), "--deployed runs serve with the ./driftwatch launcher; run"
          + " the benchmark from a source checkout with ./driftwatch bench --deployed (no launcher in " + path + ")");
    }
    return path;
  }

  private void requirePythonPeer(String interpreter) throws InterruptedException {
    // It must say so, not merely exit 0: /bin/true would pass an exit-status check.
    Probe probe = probe(List.of(interpreter, "-c", "import confluent_kafka, sklearn, numpy; print('ready')"));
    if (probe.exit() != 0 || !probe.said().equals("ready")) {
      throw new ParameterException(spec.commandLine(), "--python: " + interpreter + " cannot run the Python scorer ("
          + probe.said().lines().reduce((a, b) -> b).orElse("exit " + probe.exit() + ", no output")
          + "); install Debian's python3-confluent-kafka and python3-sklearn, or pass --python none");
    }
  }

  /** What a short check process said (standard output and error, trimmed) and its exit status; -1 if it cannot start. */
  private record Probe(int exit, String said) {}

  private static Probe probe(List<String> command) throws InterruptedException {
    try {
      Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return new Probe(check.waitFor(), said);
    } catch (IOException e) {
      return new Probe(-1, e.getMessage());
    }
  }

  private void writeReport(String report) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, report, StandardCharsets.UTF_8);
  }
}
