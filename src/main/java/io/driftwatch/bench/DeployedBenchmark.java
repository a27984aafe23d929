package io.driftwatch.bench;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.Scenario;
import io.driftwatch.simulate.SimulatedEvent;
import io.driftwatch.simulate.SimulatorJson;
import io.driftwatch.streaming.config.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service measured as it is deployed: a broker in a JVM of its own ({@code io.driftwatch.demo.BrokerProcess}), {@code ./driftwatch
 * serve} started fresh as a separate process by the launcher a user runs (its JVM flags, its defaults: exactly-once,
 * data drift on), and beside it, on the same broker and the same input, the scorer a data scientist would write
 * instead ({@code bench/python_scorer.py}), and the floor: Kafka Streams copying bytes with serve's settings in a JVM of
 * its own ({@link PassThroughProcess}). Nothing is warmed up before a round: start-up, class loading and the JIT
 * compiler are part of what a restart, a rebalance or a deployment costs.
 *
 * <p>Each round and subject reads the whole input topic from the start into an output topic of its own, while a
 * {@code read_committed} consumer in this JVM counts the outputs and notes when the first one arrives, when the count
 * passes {@code steadyFrom} and when it reaches every event. CPU time comes from Linux's accounting of the subject's
 * process ({@code /proc/<pid>/stat}: all threads, those that ended included) and, for the JVM, of each thread by role.
 * Linux only: elsewhere the CPU figures are NaN.
 */
public final class DeployedBenchmark {

  /** The service's report name; variants get their own name after it. */
  public static final String SERVE = "driftwatch serve";
  /** The peer's report name. */
  public static final String PYTHON = "Python scorer";
  /** The floor's report name: {@link PassThroughProcess}, serve's Kafka settings and JVM options, no scoring. */
  public static final String PASS_THROUGH = "Kafka Streams pass-through";

  /**
   * @param events events in the input topic, and outputs each run waits for
   * @param steadyFrom outputs already counted when the steady clock starts
   * @param partitions partitions of the input and output topics
   * @param rounds runs per subject (the report takes medians)
   * @param home the driftwatch checkout: its {@code driftwatch} launcher and {@code bench/python_scorer.py}
   * @param model the model artifact both scorers load, or null for the notebook's, trained as {@code train} does
   * @param variants serve variants by report name, each with extra JVM options and serve settings (may be empty)
   * @param python the Python interpreter, or null to leave the peer out
   * @param logs where to keep each process's output ({@code <subject>-<round>.log}, {@code broker.log}), or null
   */
  public record Settings(
      int events, int steadyFrom, int partitions, int rounds, Path home, Path model, List<ServeVariant> variants,
      String python, Path logs) {

    public Settings {
      if (events < 2 || steadyFrom < 1 || steadyFrom >= events || partitions < 1 || rounds < 1) {
        throw new IllegalArgumentException("need events > steady-from >= 1, partitions >= 1 and rounds >= 1");
      }
      variants = List.copyOf(variants);
      if (variants.isEmpty()) {
        throw new IllegalArgumentException("at least one serve variant");
      }
    }
  }

  /**
   * One way of starting {@code serve}.
   *
   * @param name the report's name for it
   * @param javaOptions extra JVM options, appended to the launcher's through {@code DRIFTWATCH_JAVA_OPTS}
   * @param settings {@code --set KEY=VALUE} pairs for serve
   */
  public record ServeVariant(String name, List<String> javaOptions, Map<String, String> settings) {
    public ServeVariant {
      javaOptions = List.copyOf(javaOptions);
      settings = Map.copyOf(settings);
    }

    /**
     * {@code serve} as the launcher starts it, with its defaults (exactly-once, data drift on) but concept drift off:
     * the peer joins no outcomes, and the bench produces none.
     */
    public static ServeVariant dataDrift() {
      return new ServeVariant(SERVE, List.of(), Map.of("concept.enabled", "false"));
    }
  }

  /**
   * One run of one subject.
   *
   * @param firstOutputSeconds from starting the process to the first output read
   * @param wallSeconds from starting the process to the last output read
   * @param steadySeconds from output {@code steadyFrom} to the last
   * @param steadyEvents outputs counted in that span
   * @param processCpuSeconds the process's CPU time from its start to the last output
   * @param steadyProcessCpuSeconds its CPU time in the steady span
   * @param cpuByRole the process's CPU seconds by thread role, from its start (the JVM only; empty for Python)
   * @param steadyCpuByRole the same, in the steady span
   */
  public record Run(
      String subject, int round, long events, double firstOutputSeconds, double wallSeconds, double steadySeconds,
      long steadyEvents, double processCpuSeconds, double steadyProcessCpuSeconds, Map<ThreadCpu.Role, Double> cpuByRole,
      Map<ThreadCpu.Role, Double> steadyCpuByRole) {

    public Run {
      cpuByRole = Map.copyOf(cpuByRole);
      steadyCpuByRole = Map.copyOf(steadyCpuByRole);
    }

    public double steadyEventsPerSecond() {
      return steadyEvents / steadySeconds;
    }

    public double wholeEventsPerSecond() {
      return events / wallSeconds;
    }

    public double cpuMicrosPerEvent() {
      return processCpuSeconds * 1e6 / events;
    }

    public double steadyCpuMicrosPerEvent() {
      return steadyProcessCpuSeconds * 1e6 / steadyEvents;
    }

    /**
     * Microseconds per event of one role over the whole process ({@code steady}: in the steady span, per steady
     * event). {@link ThreadCpu.Role#OTHER} also takes what no live thread accounts for: threads that ended, and the
     * launcher before it became the JVM.
     */
    public double microsPerEvent(ThreadCpu.Role role, boolean steady) {
      Map<ThreadCpu.Role, Double> roles = steady ? steadyCpuByRole : cpuByRole;
      double seconds = roles.getOrDefault(role, 0.0);
      if (role == ThreadCpu.Role.OTHER) {
        double counted = roles.values().stream().mapToDouble(Double::doubleValue).sum();
        seconds += Math.max(0, (steady ? steadyProcessCpuSeconds : processCpuSeconds) - counted);
      }
      return seconds * 1e6 / (steady ? steadyEvents : events);
    }
  }

  /** Everything one deployed benchmark measured. */
  public record Result(Settings settings, List<Run> runs) {}

  private static final Logger log = LoggerFactory.getLogger(DeployedBenchmark.class);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  /**
   * The launcher's rule ({@code ./driftwatch}): an archive under 16 MB is from a serve that stopped early, and is made
   * again.
   */
  static final long INCOMPLETE_ARCHIVE_BYTES = 16_000_000;
  /** Outputs the untimed start that writes serve's class-data archive waits for before it stops serve. */
  private static final long ARCHIVE_EVENTS = 20_000;
  private static final String INPUT = "bench-deployed-input";
  /**
   * The broker's main class and the line it prints when ready ({@code io.driftwatch.demo.BrokerProcess}), named, not
   * imported: this JVM starts it, it never loads the broker's classes.
   */
  static final String BROKER_MAIN = "io.driftwatch.demo.BrokerProcess";
  static final String BROKER_READY_PREFIX = "bootstrap.servers=";
  /**
   * The broker's JVM options: Kafka's own start script's ({@code kafka-server-start.sh}: a 1 GiB heap, G1 with a
   * 20 ms pause goal).
   */
  private static final List<String> BROKER_JVM =
      List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent");

  private final Settings settings;
  private final Path workDir;
  private final Path model;
  private String bootstrapServers;
  /** The subject process of the round under way, for the shutdown hook. */
  private volatile Process running;

  public DeployedBenchmark(Settings settings) throws IOException {
    this.settings = settings;
    this.workDir = Files.createTempDirectory("driftwatch-bench-deployed-");
    if (settings.model() != null) {
      this.model = settings.model();
    } else {
      // A fresh artifact, not whatever models/ holds: an older one would make serve calibrate its drift tests.
      this.model = workDir.resolve("diabetes-lasso.json");
      ModelArtifactJson.write(
          ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact(), model);
    }
  }

  /** Starts the broker, fills the input, runs every subject's rounds (alternating their order), stops the broker. */
  public Result run() throws Exception {
    Process broker = startBroker();
    // Ctrl-C or SIGTERM: the same end as a finished run (the broker removes its data, up to a GB).
    Thread cleanup = new Thread(() -> stopAll(broker), "deployed-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      createTopics();
      long started = System.nanoTime();
      fillInput();
      log.info("Deployed benchmark input: {} events in {} ms", settings.events(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      Path archive = serveArchive();
      Path built = settings.home().resolve("target").resolve(".driftwatch-built");
      // The launcher's own rule: older than the build, or too small to be from a serve that ran (e.g. serve --help).
      boolean stale = Files.exists(archive) && (Files.size(archive) < INCOMPLETE_ARCHIVE_BYTES || Files.exists(built)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(built)) < 0);
      if (stale || !Files.exists(archive)) {
        // A user's serve maps the archive from its second start on: measuring the first would measure a start no
        // deployment sees twice, and the floor, which maps the archive once there, would be compared unfairly.
        log.info("serve's class-data archive {} is {}: writing it with an untimed start of serve first", archive,
            stale ? "older than the build or incomplete" : "not there yet");
        writeArchive();
      }
      log.info(Files.exists(archive)
          ? "serve's class-data archive {} is there: every start maps it"
          : "serve's class-data archive {} could not be written: serve starts without it", archive);
      List<String> subjects = new ArrayList<>();
      settings.variants().forEach(v -> subjects.add(v.name()));
      subjects.add(PASS_THROUGH);
      if (settings.python() != null) {
        subjects.add(PYTHON);
      }
      List<Run> runs = new ArrayList<>();
      for (int round = 1; round <= settings.rounds(); round++) {
        List<String> order = new ArrayList<>(subjects);
        if (round % 2 == 0) {
          Collections.reverse(order);
        }
        for (String subject : order) {
          Run run = measure(subject, round);
          log.info(String.format(Locale.ROOT,
              "%s round %d: first output %.2f s, steady %.0f events/s, whole %.0f events/s, %.2f µs CPU/event",
              subject, round, run.firstOutputSeconds(), run.steadyEventsPerSecond(), run.wholeEventsPerSecond(),
              run.cpuMicrosPerEvent()));
          runs.add(run);
        }
      }
      return new Result(settings, runs);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
        stopAll(broker);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running stopAll
      }
    }
  }

  /** Stops the round's subject if one still runs, then the broker; keeps the broker's log; removes the work directory. */
  private void stopAll(Process broker) {
    try {
      Process subject = running;
      if (subject != null && subject.isAlive()) {
        stop(subject, "subject");
      }
      stop(broker, "broker");
      keep(workDir.resolve("broker.log"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("cannot keep the broker's log: {}", e.toString());
    }
    deleteRecursively(workDir);
  }

  private Run measure(String subject, int round) throws Exception {
    String slug = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String output = "bench-deployed-" + slug + "-" + round;
    createTopic(new NewTopic(output, settings.partitions(), (short) 1));
    String applicationId = "bench-" + slug + "-" + round;
    Path logFile = workDir.resolve(applicationId + ".log");
    try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output)) {
      ProcessBuilder builder = subject.equals(PYTHON) ? python(output, applicationId)
          : subject.equals(PASS_THROUGH) ? passThrough(output, applicationId)
          : serve(variant(subject), output, applicationId);
      builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
      long launched = System.nanoTime();
      Process process = builder.start();
      running = process;
      try {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long deadline = launched + RUN_TIMEOUT.toNanos();
        long count = 0;
        long first = 0;
        long steadyStart = 0;
        long countAtSteady = 0;
        double cpuAtSteady = Double.NaN;
        Map<ThreadCpu.Role, Double> rolesAtSteady = Map.of();
        while (count < settings.events()) {
          if (!process.isAlive()) {
            throw new IllegalStateException(subject + " exited with status " + process.exitValue() + " after "
                + count + " outputs; its log:\n" + tail(logFile));
          }
          if (System.nanoTime() > deadline) {
            throw new TimeoutException(subject + ": only " + count + " of " + settings.events() + " outputs; its log:\n"
                + tail(logFile));
          }
          int polled = consumer.poll(Duration.ofMillis(10)).count();
          if (polled == 0) {
            continue;
          }
          long now = System.nanoTime();
          if (count == 0) {
            first = now;
          }
          count += polled;
          if (steadyStart == 0 && count >= settings.steadyFrom()) {
            steadyStart = now;
            countAtSteady = count;
            cpuAtSteady = ThreadCpu.processSeconds(process.pid());
            rolesAtSteady = ThreadCpu.snapshot(tasks, applicationId);
          }
        }
        long end = System.nanoTime();
        double cpu = ThreadCpu.processSeconds(process.pid());
        Map<ThreadCpu.Role, Double> roles = subject.equals(PYTHON) ? Map.of() : ThreadCpu.snapshot(tasks, applicationId);
        if (!subject.equals(PYTHON)) {
          log.info("{} round {}: CPU seconds of its busiest threads: {}", subject, round,
              ThreadCpu.byName(tasks).entrySet().stream()
                  .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                  .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                  .collect(Collectors.joining(", ")));
        }
        if (count == countAtSteady) {
          throw new IllegalStateException(subject + ": the steady span is empty; raise --events");
        }
        return new Run(subject, round, count, (first - launched) / 1e9, (end - launched) / 1e9, (end - steadyStart) / 1e9,
            count - countAtSteady, cpu, cpu - cpuAtSteady, roles, ThreadCpu.between(rolesAtSteady, roles));
      } finally {
        stop(process, subject);
        deleteRecursively(workDir.resolve(applicationId + "-state"));
        keep(logFile);
      }
    }
  }

  /**
   * Starts serve as shipped, untimed, on the input until {@link #ARCHIVE_EVENTS} outputs (so that it has loaded what
   * scoring and drift load), then stops it: the launcher writes the class-data archive when a serve without one exits.
   */
  private void writeArchive() throws Exception {
    String output = "bench-deployed-archive";
    String applicationId = "bench-archive";
    createTopic(new NewTopic(output, settings.partitions(), (short) 1));
    Path logFile = workDir.resolve(applicationId + ".log");
    Process process = serve(ServeVariant.dataDrift(), output, applicationId)
        .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    running = process;
    try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output)) {
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      long count = 0;
      while (count < Math.min(ARCHIVE_EVENTS, settings.events()) && process.isAlive()
          && System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(50)).count();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("serve exited with status " + process.exitValue() + " while writing its"
            + " class-data archive; its log:\n" + tail(logFile));
      }
    } finally {
      stop(process, "serve (archive)");
      deleteRecursively(workDir.resolve(applicationId + "-state"));
      keep(logFile);
    }
  }

  private ServeVariant variant(String name) {
    return settings.variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  /** {@code ./driftwatch serve} as a user starts it, on the benchmark's topics, with a fresh application id. */
  private ProcessBuilder serve(ServeVariant variant, String output, String applicationId) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        settings.home().resolve("driftwatch").toString(), "serve",
        "--bootstrap-servers", bootstrapServers,
        "--model", model.toString(),
        "--metrics-port", Integer.toString(freePort()),
        "--set", "application.id=" + applicationId,
        "--set", "state.dir=" + workDir.resolve(applicationId + "-state"),
        "--set", "topics.features=" + INPUT,
        "--set", "topics.predictions=" + output));
    variant.settings().forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (!variant.javaOptions().isEmpty()) {
      String inherited = System.getenv().getOrDefault("DRIFTWATCH_JAVA_OPTS", "");
      builder.environment().put("DRIFTWATCH_JAVA_OPTS",
          (inherited + " " + String.join(" ", variant.javaOptions())).trim());
    }
    return builder;
  }

  /**
   * The floor: {@link PassThroughProcess} with the JVM options of {@code config/jvm.options} and serve's class-data
   * archive when there is one (the same class path, so the JVM maps the Kafka classes they share).
   */
  private ProcessBuilder passThrough(String output, String applicationId) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.add("@" + settings.home().resolve("config").resolve("jvm.options"));
    Path archive = serveArchive();
    if (Files.exists(archive)) {
      command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PassThroughProcess.class.getName(),
        bootstrapServers, INPUT, output, applicationId, workDir.resolve(applicationId + "-state").toString()));
    return new ProcessBuilder(command);
  }

  /** The {@code java} of the JVM running the bench: the broker and the floor run on the same JDK. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Path serveArchive() {
    return settings.home().resolve("target").resolve("driftwatch-serve.jsa");
  }

  /** The Python peer with one BLAS thread, on the same input, with a consumer group of its own. */
  private ProcessBuilder python(String output, String group) {
    ProcessBuilder builder = new ProcessBuilder(
        settings.python(), settings.home().resolve("bench").resolve("python_scorer.py").toString(),
        "--bootstrap-servers", bootstrapServers, "--model", model.toString(),
        "--input", INPUT, "--output", output, "--group", group);
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("MKL_NUM_THREADS", "1");
    return builder;
  }

  private Process startBroker() throws IOException, TimeoutException {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(BROKER_JVM);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BROKER_MAIN));
    Path logFile = workDir.resolve("broker.log");
    Process broker = new ProcessBuilder(command).redirectError(logFile.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(BROKER_READY_PREFIX)) {
        bootstrapServers = line.substring(BROKER_READY_PREFIX.length());
        log.info("Broker process {} on {}", broker.pid(), bootstrapServers);
        return broker;
      }
    }
    throw new TimeoutException("the broker process ended before it was ready; its log:\n" + tail(logFile));
  }

  /** SIGTERM, as a deployment stops a service, then SIGKILL if it has not stopped within a minute. */
  private static void stop(Process process, String name) throws InterruptedException {
    if (name.equals("broker")) {
      try {
        process.getOutputStream().close(); // the broker stops when its standard input ends
      } catch (IOException e) {
        process.destroy();
      }
    } else {
      process.destroy();
    }
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      log.warn("{} did not stop within {} s; killing it", name, STOP_TIMEOUT.toSeconds());
      process.destroyForcibly().waitFor();
    }
  }

  private void createTopics() throws Exception {
    Topics topics = Topics.defaults();
    int n = settings.partitions();
    // What serve checks at start: every sink a record may go to (the predictions topic is per run).
    List<NewTopic> all = new ArrayList<>(List.of(
        new NewTopic(INPUT, n, (short) 1),
        new NewTopic(topics.deadLetters(), n, (short) 1).configs(Map.of("max.message.bytes", "2097152")),
        new NewTopic(topics.outcomes(), n, (short) 1),
        new NewTopic(topics.models(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
        new NewTopic(topics.driftReports(), 1, (short) 1),
        new NewTopic(topics.performanceReports(), 1, (short) 1),
        new NewTopic(topics.labelledEvents(), n, (short) 1)));
    try (Admin admin = admin()) {
      admin.createTopics(all).all().get(1, TimeUnit.MINUTES);
    }
  }

  private void createTopic(NewTopic topic) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(topic)).all().get(1, TimeUnit.MINUTES);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * The simulator's patients, event times a millisecond apart ending about now, as a live feed's would be. A producer
   * on a busy two-core machine can lose a batch to a timeout, so the topic's end offsets are checked and the missing
   * count topped up: every subject must find exactly {@code events} records.
   */
  private void fillInput() throws Exception {
    ClinicalSample sample = ClinicalSample.bundledDiabetes();
    SimulatorJson json = new SimulatorJson(sample.features());
    PatientSimulator simulator = new PatientSimulator(sample, Scenario.NONE, 1);
    Instant start = Instant.now();
    long missing = settings.events();
    int sent = 0;
    for (int attempt = 0; missing > 0; attempt++) {
      if (attempt == 3) {
        throw new IllegalStateException("could not fill the input topic: " + missing + " events still missing");
      }
      try (KafkaProducer<String, byte[]> producer = StreamsBenchmark.producer(bootstrapServers, 20)) {
        for (long i = 0; i < missing; i++, sent++) {
          SimulatedEvent event = simulator.next(start.minusMillis(settings.events() - sent));
          producer.send(new ProducerRecord<>(INPUT, event.patientId(), json.event(event)));
        }
        producer.flush();
      }
      missing = settings.events() - inputSize();
      if (missing < 0) {
        throw new IllegalStateException("the input topic holds " + -missing + " events too many");
      }
    }
  }

  private long inputSize() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < settings.partitions(); p++) {
        latest.put(new TopicPartition(INPUT, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get(1, TimeUnit.MINUTES).values().stream()
          .mapToLong(ListOffsetsResultInfo::offset).sum();
    }
  }

  private KafkaConsumer<byte[], byte[]> outputConsumer(String topic) {
    KafkaConsumer<byte[], byte[]> consumer =
        StreamsBenchmark.outputConsumer(bootstrapServers, topic, settings.partitions());
    consumer.poll(Duration.ZERO); // joins the cluster now, not inside the subject's first-output clock
    return consumer;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void keep(Path logFile) throws IOException {
    if (settings.logs() != null && Files.exists(logFile)) {
      Files.createDirectories(settings.logs());
      Files.copy(logFile, settings.logs().resolve(logFile.getFileName()),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (Files.exists(dir)) {
      StreamsBenchmark.deleteRecursively(dir);
    }
  }
}
