package io.driftwatch.demo;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.GroundTruth;
import io.driftwatch.simulate.PatientProducer;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.ScenarioSettings;
import io.driftwatch.streaming.DriftwatchService;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.metrics.MetricsServer;
import io.driftwatch.streaming.retrain.ModelsTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code ./driftwatch demo} runs, in one JVM: a Kafka broker on a fixed port, the topics, the scoring
 * service with a model (trained first if its file does not exist), and the patient simulator. {@link #close()} stops
 * them in reverse order and removes the broker's data and the service's state, so nothing outlives the demo.
 */
public final class Demo implements AutoCloseable {

  /**
   * What to run.
   *
   * @param kafkaPort the broker's client port on localhost (0 picks a free one, for tests)
   * @param partitions partitions of the event topics (features, predictions, dead letters, outcomes)
   * @param modelFile the artifact to score with; trained from the bundled data and written here when absent
   * @param overrides {@code --set} service configuration ({@code bootstrap.servers} is the demo's own)
   * @param scenario the simulator's scenario, or empty to run without the simulator
   * @param rate simulated events per second
   * @param seed the simulator's seed
   * @param retrainMinLabels with a positive number: on a concept-drift alarm, retrain on that many labelled outcomes
   *     after it and publish the challenger if it is better ({@link RetrainOnAlarm}); 0: never
   * @param codeVersion the running driftwatch, for a retrained model's lineage
   */
  public record Settings(
      int kafkaPort,
      int partitions,
      Path modelFile,
      Map<String, String> overrides,
      Optional<ScenarioSettings> scenario,
      double rate,
      long seed,
      int retrainMinLabels,
      String codeVersion) {

    public Settings {
      overrides = Map.copyOf(overrides);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SIMULATOR_STOP_TIMEOUT = Duration.ofSeconds(10);
  /** Outcomes follow their visit after a few seconds, so concept drift shows within the demo's first minutes. */
  private static final Duration OUTCOME_DELAY = Duration.ofSeconds(5);

  private final Settings settings;
  private final Consumer<String> console;
  private final DriftwatchConfig checkedConfig;
  private boolean closed;
  private EmbeddedKafka kafka;
  private Path stateDir;
  private DriftwatchService service;
  private MetricsServer metricsServer;
  private RetrainOnAlarm retrainer;
  private PatientProducer simulator;
  private Thread simulatorThread;
  private DriftwatchConfig config;
  private ModelArtifact model;
  private boolean trained;

  /**
   * Checks the configuration (before anything starts, so a bad {@code --set} fails fast).
   *
   * @throws DriftwatchConfigException naming the key
   */
  public Demo(Settings settings) {
    this(settings, text -> {});
  }

  /**
   * As {@link #Demo(Settings)}, printing what the demo has to say beyond its log (a retrain's comparison) to {@code
   * console}.
   */
  public Demo(Settings settings, Consumer<String> console) {
    if (settings.overrides().containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new DriftwatchConfigException(
          "bootstrap.servers cannot be set: the demo runs its own broker (accepted: --kafka-port N)");
    }
    if (settings.partitions() < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + settings.partitions());
    }
    this.settings = settings;
    this.console = console;
    this.checkedConfig = configFor("localhost:" + Math.max(settings.kafkaPort(), 1), null);
  }

  /**
   * Loads or trains the model, starts the broker, creates the topics, starts the service and waits until it runs,
   * then starts the simulator. On failure, what was started is stopped again.
   */
  public void start() throws InterruptedException {
    EmbeddedKafka.requireBrokerJars(); // before training writes a model file
    try {
      loadOrTrainModel();
      EmbeddedKafka broker = EmbeddedKafka.start(settings.kafkaPort());
      if (!register(() -> kafka = broker, broker)) {
        return;
      }
      createTopics();
      Path dir = settings.overrides().containsKey(StreamsConfig.STATE_DIR_CONFIG)
          ? null : Files.createTempDirectory("driftwatch-demo-streams-");
      if (!register(() -> stateDir = dir, () -> deleteRecursively(dir))) {
        return;
      }
      config = configFor(broker.bootstrapServers(), dir);
      publishModel();
      DriftwatchService started = DriftwatchService.create(config, Optional.of(settings.modelFile()));
      if (!register(() -> service = started, started)) {
        return;
      }
      if (config.metricsPort() != 0) {
        MetricsServer server = MetricsServer.start(config.metricsPort(), started.metrics(), started::notReady);
        if (!register(() -> metricsServer = server, server)) {
          return;
        }
      }
      started.start();
      if (!started.awaitRunning(START_TIMEOUT)) {
        throw new IllegalStateException(
            "the service did not start within " + START_TIMEOUT.toSeconds() + " s (state " + started.state() + ")");
      }
      if (settings.retrainMinLabels() > 0) {
        RetrainOnAlarm onAlarm = new RetrainOnAlarm(config, started, settings.retrainMinLabels(),
            settings.codeVersion(), console);
        if (!register(() -> retrainer = onAlarm, onAlarm)) {
          return;
        }
        onAlarm.start();
      }
      if (settings.scenario().isPresent()) {
        startSimulator(settings.scenario().get(), broker.bootstrapServers());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** Blocks until the service stops (after {@link #close()} or a failure) and returns its final state. */
  public State awaitTermination() throws InterruptedException {
    DriftwatchService running;
    synchronized (this) {
      running = service;
    }
    return running == null ? State.NOT_RUNNING : running.awaitTermination();
  }

  /** Stops the simulator, the service and the broker, and deletes the broker's data and the service's state. */
  @Override
  public void close() {
    PatientProducer producer;
    Thread thread;
    RetrainOnAlarm onAlarm;
    DriftwatchService runningService;
    MetricsServer metrics;
    EmbeddedKafka broker;
    Path dir;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      producer = simulator;
      thread = simulatorThread;
      onAlarm = retrainer;
      runningService = service;
      metrics = metricsServer;
      broker = kafka;
      dir = stateDir;
    }
    if (broker != null) {
      LOG.info("stopping the demo");
    }
    try {
      if (producer != null) {
        producer.stop();
        thread.join(SIMULATOR_STOP_TIMEOUT.toMillis());
      }
      if (onAlarm != null) {
        onAlarm.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        if (runningService != null) {
          runningService.close(CLOSE_TIMEOUT);
        }
        if (metrics != null) {
          metrics.close();
        }
      } finally {
        try {
          if (broker != null) {
            broker.close();
          }
        } finally {
          if (dir != null) {
            deleteRecursively(dir);
          }
        }
      }
    }
  }

  /** The port of {@code /metrics} and {@code /health/*}, if they are served. */
  public java.util.OptionalInt metricsPort() {
    MetricsServer server;
    synchronized (this) {
      server = metricsServer;
    }
    return server == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(server.port());
  }

  /** The broker's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The configuration the service runs with. */
  public DriftwatchConfig config() {
    return config;
  }

  public Topics topics() {
    return checkedConfig.topics();
  }

  /** The model the service started with. */
  public ModelArtifact model() {
    return model;
  }

  /** Where the model was read from, or written to after training. */
  public Path modelFile() {
    return settings.modelFile();
  }

  /** True if {@link #start()} trained the model because its file did not exist. */
  public boolean trainedModel() {
    return trained;
  }

  /** Labelled outcomes after a concept-drift alarm the demo retrains on; 0 when it does not. */
  public int retrainMinLabels() {
    return settings.retrainMinLabels();
  }

  /** The simulator, while it runs; empty with {@code --no-simulator}. */
  public Optional<PatientProducer> simulator() {
    return Optional.ofNullable(simulator);
  }

  /** The temporary directories the demo owns (the broker's data, the service's state), removed by close. */
  public List<Path> temporaryDirectories() {
    List<Path> dirs = new ArrayList<>();
    if (kafka != null) {
      dirs.add(kafka.dataDirectory());
    }
    if (stateDir != null) {
      dirs.add(stateDir);
    }
    return dirs;
  }

  private void loadOrTrainModel() {
    Path file = settings.modelFile();
    if (Files.exists(file)) {
      model = ModelArtifactJson.read(file);
      return;
    }
    LOG.info("no model at {}: training it on the bundled diabetes data", file);
    model = ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact();
    ModelArtifactJson.write(model, file);
    trained = true;
  }

  private void createTopics() {
    Topics topics = checkedConfig.topics();
    int n = settings.partitions();
    // Events, predictions, dead letters and outcomes share the partition count, so instances can share the work;
    // the models topic is one compacted partition, and drift reports (one per window) stay in order in one.
    kafka.createTopics(
        List.of(
            new NewTopic(topics.features(), n, (short) 1),
            new NewTopic(topics.predictions(), n, (short) 1),
            // A rejected record near the input's size limit must still fit, with its headers.
            new NewTopic(topics.deadLetters(), n, (short) 1).configs(Map.of("max.message.bytes", "2097152")),
            new NewTopic(topics.outcomes(), n, (short) 1),
            new NewTopic(topics.models(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
            new NewTopic(topics.driftReports(), 1, (short) 1),
            new NewTopic(topics.performanceReports(), 1, (short) 1),
            // What retrain learns from: kept by time, long enough for any --since (90 days here).
            new NewTopic(topics.labelledEvents(), n, (short) 1).configs(Map.of("retention.ms", "7776000000"))));
  }

  /**
   * Publishes the model to the models topic, as a deployment does with {@code publish} before {@code serve}: the
   * service reads it from there, and {@code retrain} finds its champion there.
   */
  private void publishModel() throws InterruptedException {
    byte[] json = ModelArtifactJson.write(model);
    ModelsTopic.Published published = ModelsTopic.publish(config.toProducerProperties(), config.topics().models(),
        ModelsTopic.check(json, null), json);
    LOG.info("published model {} version {} to topic {}", model.modelName(), model.modelVersion(),
        published.topic());
  }

  private void startSimulator(ScenarioSettings scenario, String bootstrapServers) {
    ClinicalSample sample = ClinicalSample.bundledDiabetes();
    Topics topics = config.topics();
    PatientProducer producer =
        new PatientProducer(
            new PatientProducer.Settings(
                bootstrapServers, topics.features(), topics.outcomes(), settings.rate(), 0, OUTCOME_DELAY,
                Map.of()),
            new PatientSimulator(sample, scenario.create(sample),
                GroundTruth.of(model, sample.features(), scenario.relation(model)), settings.seed()));
    Thread thread =
        new Thread(
            () -> {
              try {
                producer.run();
              } catch (RuntimeException e) {
                LOG.error("the simulator stopped: {}", e.getMessage());
              }
            },
            "demo-simulator");
    if (register(
        () -> {
          simulator = producer;
          simulatorThread = thread;
        },
        () -> {})) {
      thread.start();
    }
  }

  /**
   * Records a started resource, or, if the demo was closed meanwhile (Ctrl-C during start-up), releases it at once.
   */
  private boolean register(Runnable record, AutoCloseable resource) {
    synchronized (this) {
      if (!closed) {
        record.run();
        return true;
      }
    }
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("could not release a resource started during shutdown: {}", e.toString());
    }
    return false;
  }

  private DriftwatchConfig configFor(String bootstrapServers, Path dir) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (dir != null) {
      properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    }
    properties.putAll(settings.overrides());
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return DriftwatchConfig.of(properties);
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not remove {} completely: {}", dir, e.toString());
    }
  }
}
