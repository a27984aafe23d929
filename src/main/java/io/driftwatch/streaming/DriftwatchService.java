package io.driftwatch.streaming;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.ConceptConfig;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.deadletter.DeadLetterRateLog;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.drift.DriftReports;
import io.driftwatch.streaming.metrics.ServiceMetrics;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring service: the topology of {@link DriftwatchTopology} running in one Kafka Streams instance. The single
 * entry point for {@code serve}, {@code demo}, integration tests and the benchmark.
 *
 * <p>An unexpected exception shuts the instance down ({@link State#ERROR}) rather than replacing the thread: bad
 * input never throws (it is dead-lettered), so an exception means something a restart should look at.
 */
public final class DriftwatchService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DriftwatchService.class);
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(15);

  private final DriftwatchConfig config;
  private final ModelRegistry models;
  private final DriftReports driftReports = new DriftReports();
  private final PerformanceReports performanceReports = new PerformanceReports();
  private final RecordOutcomes recordOutcomes = new RecordOutcomes();
  private final DeadLetterRateLog deadLetterRateLog = new DeadLetterRateLog(recordOutcomes, Duration.ofMinutes(1));
  private final Topology topology;
  private final KafkaStreams streams;
  private final ServiceMetrics metrics;
  private final Object stateChanged = new Object();
  private final KafkaReachability reachability;

  private DriftwatchService(DriftwatchConfig config, ModelRegistry models) {
    this.config = config;
    this.models = models;
    this.reachability = new KafkaReachability(config.bootstrapServers());
    this.topology = DriftwatchTopology.build(config, models, driftReports, performanceReports, recordOutcomes);
    this.streams = new KafkaStreams(topology, DriftwatchTopology.streamsProperties(config, recordOutcomes));
    streams.setStateListener(
        (newState, oldState) -> {
          // The JVM's uptime says what a restart or deployment costs before the service is back.
          LOG.info("state {} -> {} ({} ms after the JVM started)", oldState, newState,
              ManagementFactory.getRuntimeMXBean().getUptime());
          synchronized (stateChanged) {
            stateChanged.notifyAll();
          }
        });
    this.metrics = new ServiceMetrics(recordOutcomes, models, driftReports, performanceReports, streams,
        this::notReady, config.metricsPort() != 0);
    streams.setUncaughtExceptionHandler(
        exception -> {
          LOG.error("stream thread failed; shutting this instance down", exception);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  /**
   * A service for {@code config}. When {@code initialModel} is given, it is scored with until the models topic
   * provides a valid artifact for {@code model.name} (the topic always wins, also after a restart).
   *
   * @throws InvalidModelArtifactException if the initial model cannot be read or used, naming the file and field
   */
  public static DriftwatchService create(DriftwatchConfig config, Optional<Path> initialModel) {
    ModelRegistry models = new ModelRegistry(config.modelName());
    initialModel.ifPresent(file -> installInitialModel(models, file));
    return new DriftwatchService(config, models);
  }

  /** A service scoring with a registry the caller prepared (e.g. with a model trained in memory). */
  public static DriftwatchService create(DriftwatchConfig config, ModelRegistry models) {
    if (!models.modelName().equals(config.modelName())) {
      throw new IllegalArgumentException(
          "the registry is for model '" + models.modelName() + "', the config for '" + config.modelName() + "'");
    }
    return new DriftwatchService(config, models);
  }

  private static void installInitialModel(ModelRegistry models, Path file) {
    ModelArtifact artifact;
    try {
      artifact = ModelArtifactJson.read(file);
    } catch (InvalidModelArtifactException e) {
      throw new InvalidModelArtifactException("--model " + e.getMessage(), e); // the message starts with the file
    }
    try {
      models.install(artifact);
    } catch (InvalidModelArtifactException e) {
      throw new InvalidModelArtifactException("--model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts processing in the background once the cluster answers (waiting for it, see {@link KafkaReachability}); returns
   * without starting if {@link #close} is called while waiting.
   *
   * @throws DriftwatchConfigException if a topic the service writes to does not exist, or outcomes and predictions are
   *     partitioned differently
   */
  public void start() {
    if (!checkTopics()) {
      LOG.info("stopped while waiting for Kafka");
      return;
    }
    Topics topics = config.topics();
    ScoringModel model = models.current();
    DriftConfig drift = config.drift();
    LOG.info(
        "starting application {} on {}: {} -> {} | {}; model {} {} (updates from topic {}); data drift {};"
            + " concept drift {}",
        config.applicationId(), config.bootstrapServers(), topics.features(), topics.predictions(),
        topics.deadLetters(), config.modelName(),
        model == null ? "not loaded yet" : "version " + model.version(), topics.models(),
        drift.enabled() ? "-> " + topics.driftReports() + " (windows " + drift.windowSize() + ", grace "
            + drift.grace() + ")" : "off",
        config.concept().enabled() ? topics.outcomes() + " joined to " + topics.predictions() + " -> "
            + topics.performanceReports() + " (label horizon " + config.concept().horizon() + ")" : "off");
    streams.start();
    deadLetterRateLog.start();
  }

  /**
   * Fails fast when reports would have nowhere to go (a send to a missing topic would block the stream thread, scoring
   * included, for {@code max.block.ms} at a time; topics are never auto-created), and when outcomes and predictions
   * are not partitioned alike (the label join needs a patient's predictions and outcomes in one task). When the
   * cluster does not answer, waits for it; when it answers but cannot be asked (not authorized), Kafka Streams' own
   * start-up decides.
   *
   * @return false if the service was closed before the cluster answered
   */
  private boolean checkTopics() {
    Topics topics = config.topics();
    Map<String, String> required = new java.util.LinkedHashMap<>();
    // The sinks every record may go to: a missing one would leave the instance "ready" but unable to write or stop.
    required.put(DriftwatchConfig.TOPICS_PREDICTIONS, topics.predictions());
    required.put(DriftwatchConfig.TOPICS_DEAD_LETTERS, topics.deadLetters());
    if (config.drift().enabled()) {
      required.put(DriftwatchConfig.TOPICS_DRIFT_REPORTS, topics.driftReports());
    }
    if (config.concept().enabled()) {
      required.put(DriftwatchConfig.TOPICS_PERFORMANCE_REPORTS, topics.performanceReports());
      required.put(DriftwatchConfig.TOPICS_OUTCOMES, topics.outcomes());
    }
    if (config.concept().labelledEvents()) {
      required.put(DriftwatchConfig.TOPICS_LABELLED_EVENTS, topics.labelledEvents());
    }
    Map<String, Object> adminConfig = new StreamsConfig(config.toStreamsProperties())
        .getAdminConfigs(config.applicationId() + "-topic-check");
    Map<String, Integer> partitions = new java.util.HashMap<>();
    try (Admin admin = Admin.create(adminConfig)) {
      if (!reachability.await(admin)) {
        return false;
      }
      for (Map.Entry<String, String> entry : required.entrySet()) {
        String key = entry.getKey();
        String topic = entry.getValue();
        try {
          partitions.put(key, admin.describeTopics(List.of(topic)).allTopicNames()
              .get(TOPIC_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            String off = key.equals(DriftwatchConfig.TOPICS_PREDICTIONS)
                || key.equals(DriftwatchConfig.TOPICS_DEAD_LETTERS) ? ""
                : key.equals(DriftwatchConfig.TOPICS_DRIFT_REPORTS) ? ", or set drift.enabled=false"
                : key.equals(DriftwatchConfig.TOPICS_LABELLED_EVENTS) ? ", or set " + ConceptConfig.PUBLISH_LABELLED
                    + "=false"
                : ", or set " + ConceptConfig.ENABLED + "=false";
            throw new DriftwatchConfigException(key + ": topic '" + topic
                + "' does not exist (accepted: an existing topic; create it" + off + ")");
          }
          LOG.warn("cannot check that topic {} exists: {}", topic, e.getCause().toString());
          return true;
        }
      }
    } catch (TimeoutException e) {
      LOG.warn("cannot check the topics {}: no answer within {}", required.values(), TOPIC_CHECK_TIMEOUT);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    Integer outcomes = partitions.get(DriftwatchConfig.TOPICS_OUTCOMES);
    Integer predictions = partitions.get(DriftwatchConfig.TOPICS_PREDICTIONS);
    if (outcomes != null && predictions != null && !outcomes.equals(predictions)) {
      throw new DriftwatchConfigException(DriftwatchConfig.TOPICS_OUTCOMES + ": topic '" + topics.outcomes()
          + "' has " + outcomes + " partitions and '" + topics.predictions() + "' has " + predictions
          + " (accepted: the same number, so that a patient's outcomes and predictions meet in one task; or set "
          + ConceptConfig.ENABLED + "=false)");
    }
    return true;
  }

  /**
   * Closes the instance, waiting up to {@code timeout}: commits, then leaves the consumer group so that other
   * instances take over its partitions at once rather than after the session timeout. True if it shut down in time.
   */
  public boolean close(Duration timeout) {
    deadLetterRateLog.close();
    reachability.close();
    boolean closed =
        streams.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
    if (!closed) {
      LOG.warn("did not shut down within {}", timeout);
    }
    metrics.close();
    return closed;
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  public State state() {
    return streams.state();
  }

  /**
   * Why this instance is not ready to serve (for {@code /health/ready}), or empty when it is: Kafka Streams is
   * {@link State#RUNNING} or {@link State#REBALANCING} and a model is loaded.
   */
  public Optional<String> notReady() {
    State state = streams.state();
    if (state != State.RUNNING && state != State.REBALANCING) {
      return Optional.of("Kafka Streams is " + state);
    }
    if (models.current() == null) {
      return Optional.of("no model '" + models.modelName() + "' is loaded");
    }
    return Optional.empty();
  }

  /** This instance's meters (records, model, data and concept drift, Kafka Streams, JVM), for {@code /metrics}. */
  public PrometheusMeterRegistry metrics() {
    return metrics.registry();
  }

  /** Waits until the instance is {@link State#RUNNING}; false on timeout or if it stopped or failed instead. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateChanged) {
      while (true) {
        State state = streams.state();
        if (state == State.RUNNING) {
          return true;
        }
        if (state == State.ERROR || state == State.NOT_RUNNING || state == State.PENDING_SHUTDOWN
            || state == State.PENDING_ERROR) {
          return false;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        stateChanged.wait(Math.max(1, remaining / 1_000_000));
      }
    }
  }

  /** Blocks until the instance has stopped, and returns {@link State#NOT_RUNNING} or {@link State#ERROR}. */
  public State awaitTermination() throws InterruptedException {
    synchronized (stateChanged) {
      while (true) {
        State state = streams.state();
        if (state == State.NOT_RUNNING || state == State.ERROR) {
          return state;
        }
        stateChanged.wait(1_000);
      }
    }
  }

  /** The input partitions this instance processes now (empty unless running): how the work is shared. */
  public Set<Integer> activeInputPartitions() {
    Set<Integer> partitions = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        for (TopicPartition partition : task.topicPartitions()) {
          if (partition.topic().equals(config.topics().features())) {
            partitions.add(partition.partition());
          }
        }
      }
    }
    return partitions;
  }

  public DriftwatchConfig config() {
    return config;
  }

  /** The live model registry (read {@code models().current()} to see the model in use). */
  public ModelRegistry models() {
    return models;
  }

  /** The drift reports this instance emits (the one running the merge task), for metrics and tests. */
  public DriftReports driftReports() {
    return driftReports;
  }

  /** The performance reports and concept-drift alarms this instance emits, and listeners for them. */
  public PerformanceReports performanceReports() {
    return performanceReports;
  }

  /** Records this instance scored and dead-lettered, by reason, since it was created (for metrics). */
  public RecordOutcomes recordOutcomes() {
    return recordOutcomes;
  }

  public Topology topology() {
    return topology;
  }
}
