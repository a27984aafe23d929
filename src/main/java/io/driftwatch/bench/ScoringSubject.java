package io.driftwatch.bench;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import io.driftwatch.streaming.DriftwatchService;
import io.driftwatch.streaming.config.ConceptConfig;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.scoring.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The scoring service exactly as {@code serve} runs it ({@link DriftwatchService}, the whole topology with its models
 * global store and dead-letter branch), reading the benchmark's input and writing predictions to its output. It
 * scores with the notebook's model, trained once when the subject is created; with or without data-drift monitoring.
 */
public final class ScoringSubject implements BenchSubject {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** One models topic for every run: it stays empty, the model is installed in memory as {@code --model} does. */
  private static final String MODELS_TOPIC = "bench-models";

  private final ModelArtifact model;
  private final boolean drift;
  private final boolean concept;
  private final boolean metrics;

  /** The service with its defaults: scoring and data-drift monitoring. */
  public ScoringSubject() {
    this(ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact(), true);
  }

  public ScoringSubject(ModelArtifact model) {
    this(model, true);
  }

  public ScoringSubject(ModelArtifact model, boolean drift) {
    this(model, drift, false);
  }

  /**
   * @param concept concept-drift monitoring on, fed with outcomes: an {@link OutcomeFeeder} answers every committed
   *     prediction with its outcome, as the world does (later), so the label join, the performance windows and the
   *     sequential alarm all work per event
   */
  public ScoringSubject(ModelArtifact model, boolean drift, boolean concept) {
    this(model, drift, concept, true);
  }

  /**
   * @param metrics the per-event histograms recorded, as {@code serve} does unless {@code metrics.port=0}; without,
   *     the subject is named {@code ...-no-metrics}, to show their cost side by side
   */
  public ScoringSubject(ModelArtifact model, boolean drift, boolean concept, boolean metrics) {
    this.model = model;
    this.drift = drift;
    this.concept = concept;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return (concept ? "scoring-drift-concept" : drift ? "scoring-drift" : "scoring") + (metrics ? "" : "-no-metrics");
  }

  @Override
  public Running start(BenchRun run) throws Exception {
    String output = run.outputTopic();
    Map<String, String> settings = new LinkedHashMap<>();
    run.streamsConfig().forEach((key, value) -> settings.put(key, String.valueOf(value)));
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run.applicationId());
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrapServers());
    settings.put(StreamsConfig.STATE_DIR_CONFIG, run.stateDir().toString());
    settings.put(DriftwatchConfig.TOPICS_FEATURES, run.inputTopic());
    settings.put(DriftwatchConfig.TOPICS_PREDICTIONS, output);
    settings.put(DriftwatchConfig.TOPICS_DEAD_LETTERS, output + "-dlq");
    settings.put(DriftwatchConfig.TOPICS_MODELS, MODELS_TOPIC);
    settings.put(DriftwatchConfig.TOPICS_OUTCOMES, output + "-outcomes");
    settings.put(DriftwatchConfig.TOPICS_DRIFT_REPORTS, output + "-drift-reports");
    settings.put(DriftwatchConfig.MODEL_NAME, model.modelName());
    settings.put(DriftConfig.ENABLED, String.valueOf(drift));
    settings.put(ConceptConfig.ENABLED, String.valueOf(concept));
    settings.put(DriftwatchConfig.TOPICS_PERFORMANCE_REPORTS, output + "-performance-reports");
    settings.put(DriftwatchConfig.TOPICS_LABELLED_EVENTS, output + "-labelled-events");
    // No HTTP server is started here (serve starts it); the port only decides whether per-event meters record.
    settings.put(DriftwatchConfig.METRICS_PORT, metrics ? String.valueOf(DriftwatchConfig.DEFAULT_METRICS_PORT) : "0");
    DriftwatchConfig config = DriftwatchConfig.of(settings);
    createTopics(run, config);

    ModelRegistry models = new ModelRegistry(model.modelName());
    models.install(model);
    DriftwatchService service = DriftwatchService.create(config, models);
    service.start();
    OutcomeFeeder feeder = concept ? OutcomeFeeder.start(run.bootstrapServers(), output, config.topics().outcomes(),
        model) : null;
    return new Running() {
      @Override
      public boolean failed() {
        return Running.isFailure(service.state()) || feeder != null && feeder.failed();
      }

      @Override
      public void close() {
        if (feeder != null) {
          feeder.close();
        }
        service.close(CLOSE_TIMEOUT);
      }
    };
  }

  /** The topics the service needs besides the benchmark's input and output, with the input's partition count. */
  private static void createTopics(BenchRun run, DriftwatchConfig config) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get(1, TimeUnit.MINUTES);
      int partitions = admin.describeTopics(List.of(run.inputTopic())).allTopicNames().get(1, TimeUnit.MINUTES)
          .get(run.inputTopic()).partitions().size();
      var topics = config.topics();
      List<NewTopic> missing = new ArrayList<>();
      for (String name : List.of(topics.deadLetters(), topics.outcomes(), topics.driftReports(),
          topics.performanceReports(), topics.labelledEvents())) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, (short) 1));
        }
      }
      if (!existing.contains(topics.models())) {
        missing.add(new NewTopic(topics.models(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
      }
      admin.createTopics(missing).all().get(1, TimeUnit.MINUTES);
      awaitVisible(admin, missing.stream().map(NewTopic::name).toList());
    }
  }

  /**
   * Waits until the broker's metadata shows the new topics: creation completes on the controller first, and the
   * service's start-up check of the drift-reports topic must not race it.
   */
  private static void awaitVisible(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.describeTopics(topics).allTopicNames().get(1, TimeUnit.MINUTES);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
