package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.GroundTruth;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.Scenario;
import io.driftwatch.simulate.ScenarioKind;
import io.driftwatch.simulate.ScenarioSettings;
import io.driftwatch.simulate.SimulatedEvent;
import io.driftwatch.simulate.SimulatorJson;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.testing.KafkaBroker;
import io.driftwatch.testing.TrainedModels;
import io.driftwatch.tracking.RunKind;
import io.driftwatch.tracking.RunLog;
import io.driftwatch.tracking.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code retrain} on a real broker, the whole loop: a running service sees bmi's effect double (a concept alarm),
 * {@code retrain --publish-if-better} trains a challenger on the labelled events it wrote and publishes it, the service
 * switches to it without a restart, and its performance window on fresh shifted traffic shows no concept drift. On
 * stable labels the challenger is not published and the command says why; with too few labels it refuses.
 */
class RetrainBrokerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ModelArtifact CHAMPION = TrainedModels.diabetes();
  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();
  private static final SimulatorJson SIMULATOR_JSON = new SimulatorJson(SAMPLE.features());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 2;
  /** Visits in event time: half an hour ago, on a whole minute (a performance window). */
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));

  @TempDir Path dir;

  @Test
  void afterBmisEffectDoublesTheChallengerIsPublishedAndItsWindowShowsNoConceptDrift() throws Exception {
    Map<String, String> settings = settings("shift");
    kafka.createTopics(List.of(new NewTopic("shift-features", PARTITIONS, (short) 1),
        new NewTopic("shift-predictions", PARTITIONS, (short) 1),
        new NewTopic("shift-outcomes", PARTITIONS, (short) 1),
        new NewTopic("shift-dlq", PARTITIONS, (short) 1),
        new NewTopic("shift-performance-reports", 1, (short) 1),
        new NewTopic("shift-labelled-events", PARTITIONS, (short) 1),
        new NewTopic("shift-models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
    Path championFile = dir.resolve("champion.json");
    ModelArtifactJson.write(CHAMPION, championFile);
    assertThat(cli("publish", "--model", championFile.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
        "--set", "topics.models=shift-models").exit()).isZero();

    // bmi's effect on the outcome doubles from the first visit; the champion does not know.
    ScenarioSettings shift = ScenarioSettings.of(ScenarioKind.CONCEPT_SHIFT, null, null, null, null, null, null,
        SAMPLE);
    PatientSimulator world = new PatientSimulator(SAMPLE, shift.create(SAMPLE),
        GroundTruth.of(CHAMPION, SAMPLE.features(), shift.relation(CHAMPION)), 20261130);
    List<SimulatedEvent> before = visits(world, 1500, T0, 100);

    try (DriftwatchService service = DriftwatchService.create(DriftwatchConfig.of(settings), Optional.empty())) {
      service.start();
      assertThat(service.awaitRunning(TIMEOUT)).isTrue();
      assertThat(service.models().current().version()).isEqualTo(CHAMPION.modelVersion());
      sendVisits("shift", before);
      assertThat(kafka.consumeBytes("shift-predictions", 1500, Duration.ZERO)).hasSize(1500);
      sendOutcomes("shift", before, Duration.ofSeconds(1));
      assertThat(kafka.consumeBytes("shift-labelled-events", 1500, Duration.ZERO)).hasSize(1500);

      Path challengerFile = dir.resolve("challenger.json");
      Cli retrain = cli("retrain", "--bootstrap-servers", kafka.bootstrapServers(),
          "--set", "topics.models=shift-models", "--set", "topics.labelled-events=shift-labelled-events",
          "--since", "PT1H", "--min-labels", "1000", "--publish-if-better", "--out", challengerFile.toString());

      assertThat(retrain.exit()).as(retrain.err()).isZero();
      ModelArtifact challenger = ModelArtifactJson.read(challengerFile);
      assertThat(challenger.lineage().parentModelVersion()).isEqualTo(CHAMPION.modelVersion());
      assertThat(challenger.lineage().labelsRead()).isEqualTo(1500);
      assertThat(challenger.lineage().trainRows()).isEqualTo(1200);
      assertThat(challenger.lineage().holdoutRows()).isEqualTo(300);
      assertThat(challenger.modelVersion()).isEqualTo("ce5aab6e27f3");
      assertThat(retrain.out()).startsWith("Champion: model diabetes-lasso version " + CHAMPION.modelVersion()
          + " (topic shift-models, partition 0, offset 0)\n"
          + "Labelled events: 1500 read from topic shift-labelled-events (2 partitions), written since ");
      assertThat(retrain.out()).contains("""
          Holdout (300 rows)           Champion     Challenger
          model_version            bb1548420105   ce5aab6e27f3
          alpha                          0.1417         0.1233
          RMSE                            57.04          52.95
          R2                               0.59           0.65
          """, """
          Decision: the challenger is better: publish it
            pass  challenger RMSE 52.95 <= 0.98 x champion RMSE 57.04 = 55.90
            pass  one-sided paired t-test p = 0.0239 < 0.05
            pass  bootstrap 95 % upper bound of challenger - 0.98 x champion RMSE -0.54 < 0
          """, """
          bmi               25.90      54.39     +28.49
          """);
      assertThat(retrain.out()).contains("\nWrote " + challengerFile + " (model diabetes-lasso, version "
          + challenger.modelVersion() + ", parent " + CHAMPION.modelVersion() + ")\n"
          + "published model diabetes-lasso version " + challenger.modelVersion()
          + " to topic shift-models (partition 0, offset 1)\n"
          + "Run retrain-diabetes-lasso-ce5aab6e27f3 logged to " + dir.resolve("runs/runs.jsonl") + " (id ");
      assertThat(retrain.out()).endsWith("\ntracking: MLflow skipped (MLFLOW_TRACKING_URI is not set)\n");
      // Tracked as train's runs are, with the champion as parent and the rows' event-time window.
      RunRecord run = new RunLog(dir.resolve("runs")).read().runs().get(0).run();
      assertThat(run.kind()).isEqualTo(RunKind.RETRAIN);
      assertThat(run.artifactPath()).isEqualTo(challengerFile);
      assertThat(run.tag("model_version")).isEqualTo("ce5aab6e27f3");
      assertThat(run.tag("parent_model_version")).isEqualTo(CHAMPION.modelVersion());
      assertThat(run.tag("data_window")).isEqualTo(challenger.lineage().firstEventTime() + "/"
          + Instant.parse(challenger.lineage().lastEventTime()).plusMillis(1));
      assertThat(run.tag("data_source")).isEqualTo("kafka:shift-labelled-events");
      assertThat(run.tag("data_rows")).isEqualTo("1200");
      List<ConsumerRecord<byte[], byte[]>> models = kafka.readCommitted("shift-models");
      assertThat(models).hasSize(2);
      assertThat(models.get(1).value()).isEqualTo(Files.readAllBytes(challengerFile));

      await("the service switches to the challenger",
          () -> service.models().current().version().equals(challenger.modelVersion()));

      // Fresh shifted visits, ten minutes later in event time: the challenger scores them.
      Instant t1 = T0.plus(Duration.ofMinutes(10));
      List<SimulatedEvent> after = visits(world, 600, t1, 50);
      List<SimulatedEvent> closers = closers(world, t1.plus(Duration.ofMinutes(5)));
      sendVisits("shift", after);
      sendVisits("shift", closers);
      Set<String> fresh = new HashSet<>(after.stream().map(SimulatedEvent::eventId).toList());
      List<JsonNode> freshPredictions = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> p : kafka.consumeBytes("shift-predictions", 1500 + 600 + PARTITIONS,
          Duration.ZERO)) {
        JsonNode prediction = JSON.readTree(p.value());
        if (fresh.contains(prediction.get("event_id").asText())) {
          freshPredictions.add(prediction);
        }
      }
      assertThat(freshPredictions).hasSize(600)
          .allSatisfy(p -> assertThat(p.get("model_version").asText()).isEqualTo(challenger.modelVersion()));
      sendOutcomes("shift", after, Duration.ofSeconds(1));
      // All 600 joined before the closers' outcomes move the performance window's stream time past its end: on a busy
      // machine a closer on one partition could otherwise be joined first and close the window early.
      assertThat(kafka.consumeBytes("shift-labelled-events", 1500 + 600, Duration.ZERO)).hasSize(1500 + 600);
      sendOutcomes("shift", closers, Duration.ZERO);

      // On the same fresh rows, offline: the challenger's error is lower than the champion's.
      double championRmse = rmse(CHAMPION, after);
      double challengerRmse = rmse(challenger, after);
      assertThat(championRmse).isCloseTo(60.089899107462834, within(1e-9));
      assertThat(challengerRmse).isCloseTo(53.287821661314965, within(1e-9));

      JsonNode window = windowReport("shift-performance-reports", t1, challenger.modelVersion());
      assertThat(window.get("count").asInt()).isEqualTo(600);
      // Judged against the challenger's own reference: its out-of-fold error on the rows it was trained on.
      assertThat(window.get("reference_rmse").asDouble()).isEqualTo(challenger.reference().residuals().rmse());
      assertThat(window.get("below_min_samples").asBoolean()).isFalse();
      assertThat(window.get("concept_drift").asBoolean()).isFalse();
      assertThat(window.get("error_drift").asBoolean()).isFalse();
      assertThat(window.get("attribution")).isEmpty();
      // The stream's residuals are the offline ones, up to the predictions' 6 decimals.
      assertThat(window.get("rmse").asDouble()).isCloseTo(challengerRmse, within(1e-5));
      assertThat(alarms("shift-performance-reports")).contains(CHAMPION.modelVersion());
    }
  }

  @Test
  void onStableLabelsTheChallengerIsNotPublishedAndTheCommandSaysWhy() throws Exception {
    stableTopics();
    Path challengerFile = dir.resolve("challenger.json");

    Cli retrain = cli("retrain", "--bootstrap-servers", kafka.bootstrapServers(),
        "--set", "topics.models=stable-models", "--set", "topics.labelled-events=stable-labelled-events",
        "--since", "PT1H", "--min-labels", "1000", "--publish-if-better", "--out", challengerFile.toString());

    assertThat(retrain.exit()).as(retrain.err()).isEqualTo(3);
    assertThat(retrain.out()).startsWith("Champion: model diabetes-lasso version " + CHAMPION.modelVersion()
        + " (topic stable-models, partition 0, offset 0)\n"
        + "Labelled events: 1503 read from topic stable-labelled-events (2 partitions), written since ");
    assertThat(retrain.out()).contains("; 1500 usable, 3 skipped: 1 invalid JSON, 1 missing feature 'bmi',"
        + " 1 no outcome 'progression' (another target?)\n");
    assertThat(retrain.out()).contains("""
        Holdout (300 rows)           Champion     Challenger
        model_version            bb1548420105   c2693bc0bfe4
        alpha                          0.1417         0.1072
        RMSE                            54.26          54.27
        R2                               0.49           0.49
        """, """
        Decision: keep the champion: the challenger is not better by the margin (2 %) with statistical support
          FAIL  challenger RMSE 54.27 > 0.98 x champion RMSE 54.26 = 53.18
          FAIL  one-sided paired t-test p = 1.00 >= 0.05
          FAIL  bootstrap 95 % upper bound of challenger - 0.98 x champion RMSE 1.49 >= 0
        """);
    assertThat(retrain.out()).contains("\nWrote " + challengerFile + " (model diabetes-lasso, version "
        + "c2693bc0bfe4, parent " + CHAMPION.modelVersion() + ")\n"
        + "Not published: the challenger failed rmse_margin, paired_t_test, bootstrap; the champion stays\n"
        + "Run retrain-diabetes-lasso-c2693bc0bfe4 logged to ");
    assertThat(kafka.readCommitted("stable-models")).hasSize(1);
  }

  @Test
  void withTooFewLabelsItRefusesSayingHowManyItHasAndNeeds() throws Exception {
    stableTopics();
    String until = T0.plusSeconds(200).toString();
    String[] args = {"retrain", "--bootstrap-servers", kafka.bootstrapServers(),
        "--set", "topics.models=stable-models", "--set", "topics.labelled-events=stable-labelled-events",
        "--since", "PT1H", "--until", until, "--min-labels", "1000", "--publish-if-better",
        "--out", dir.resolve("never.json").toString()};

    Cli text = cli(args);

    assertThat(text.exit()).as(text.err()).isEqualTo(4);
    assertThat(text.out()).contains("; 200 usable, 1300 left out with an event time at or after " + until
        + " (--until), 3 skipped: ");
    assertThat(text.out()).endsWith("""
        
        Labelled outcomes: 200 read, 0 duplicate event ids dropped
        Not retrained: have 200 labelled outcomes, need 1000 (--min-labels)
        """);
    assertThat(dir.resolve("never.json")).doesNotExist();
    assertThat(dir.resolve("runs")).as("nothing trained, nothing tracked").doesNotExist();

    List<String> withJson = new ArrayList<>(List.of(args));
    withJson.add("--json");
    Cli json = cli(withJson.toArray(String[]::new));

    assertThat(json.exit()).isEqualTo(4);
    JsonNode run = JSON.readTree(json.out());
    assertThat(run.get("result").asText()).isEqualTo("refused");
    assertThat(run.get("reason").asText()).isEqualTo("have 200 labelled outcomes, need 1000 (--min-labels)");
    assertThat(run.get("labelled_events").get("read").asInt()).isEqualTo(1503);
    assertThat(run.get("labelled_events").get("usable").asInt()).isEqualTo(200);
    assertThat(run.get("labelled_events").get("at_or_after_until").asInt()).isEqualTo(1300);
    assertThat(run.get("labelled_events").get("until").asText()).isEqualTo(until);
    assertThat(run.get("labelled_events").get("skipped").toString()).isEqualTo("{\"invalid JSON\":1,"
        + "\"missing feature 'bmi'\":1,\"no outcome 'progression' (another target?)\":1}");
    assertThat(run.get("artifact").isNull()).isTrue();
    assertThat(run.get("published").isNull()).isTrue();
  }

  private static boolean stableWritten;

  /**
   * The champion on {@code stable-models}; on {@code stable-labelled-events}, as the service writes them, 1 500
   * outcomes of the champion's own world (one visit a second from T0), after 100 written two hours ago (before any
   * {@code --since} used here) and before 3 that cannot be used.
   */
  private static synchronized void stableTopics() throws Exception {
    if (stableWritten) {
      return;
    }
    kafka.createTopics(List.of(new NewTopic("stable-labelled-events", PARTITIONS, (short) 1),
        new NewTopic("stable-models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
    kafka.produceBytes("stable-models", List.of(Map.entry(CHAMPION.modelName().getBytes(UTF_8),
        ModelArtifactJson.write(CHAMPION))));
    PatientSimulator world = new PatientSimulator(SAMPLE, Scenario.NONE,
        GroundTruth.of(CHAMPION, SAMPLE.features(), GroundTruth.Relation.UNCHANGED), 20261201);
    long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<SimulatedEvent> old = visits(world, 100, T0.minus(Duration.ofHours(2)), 1000);
      for (int i = 0; i < old.size(); i++) {
        producer.send(new ProducerRecord<>("stable-labelled-events", i % PARTITIONS, twoHoursAgo,
            old.get(i).eventId(), labelled(old.get(i))));
      }
      producer.flush();
      for (SimulatedEvent visit : visits(world, 1500, T0, 1000)) {
        producer.send(new ProducerRecord<>("stable-labelled-events", visit.eventId(), labelled(visit)));
      }
      String good = labelled(world.next(T0));
      producer.send(new ProducerRecord<>("stable-labelled-events", "bad-1", "{\"event_id\":"));
      producer.send(new ProducerRecord<>("stable-labelled-events", "bad-2",
          good.replaceFirst("\"bmi\":[0-9.]+,", "")));
      producer.send(new ProducerRecord<>("stable-labelled-events", "bad-3", good.replace("\"progression\"",
          "\"hba1c\"")));
      producer.flush();
    }
    stableWritten = true;
  }

  /** {@code visit} joined to its outcome, as {@code LabelledEvent} writes it (prediction by the champion). */
  private static String labelled(SimulatedEvent visit) {
    ObjectNode node = JSON.createObjectNode();
    node.put("event_id", visit.eventId());
    node.put("event_time", visit.eventTime().toString());
    node.put("outcome_time", visit.eventTime().plusSeconds(30).toString());
    node.put("model_name", CHAMPION.modelName());
    node.put("model_version", CHAMPION.modelVersion());
    node.put("prediction", new LinearScorer(CHAMPION).predict(visit.features()));
    ObjectNode features = node.putObject("features");
    String[] names = CHAMPION.featureNames();
    for (int j = 0; j < names.length; j++) {
      features.put(names[j], visit.features()[j]);
    }
    node.put("progression", visit.progression());
    return node.toString();
  }

  /** The first visit per partition (by patient id, as the producer partitions) at {@code time}: closes windows. */
  private static List<SimulatedEvent> closers(PatientSimulator world, Instant time) {
    List<SimulatedEvent> closers = new ArrayList<>();
    boolean[] covered = new boolean[PARTITIONS];
    while (closers.size() < PARTITIONS) {
      SimulatedEvent candidate = world.next(time);
      int partition = BuiltInPartitioner.partitionForKey(candidate.patientId().getBytes(UTF_8), PARTITIONS);
      if (!covered[partition]) {
        covered[partition] = true;
        closers.add(candidate);
      }
    }
    return closers;
  }

  private static List<SimulatedEvent> visits(PatientSimulator world, int count, Instant start, long stepMs) {
    List<SimulatedEvent> visits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      visits.add(world.next(start.plusMillis(i * stepMs)));
    }
    return visits;
  }

  private static void sendVisits(String prefix, List<SimulatedEvent> visits) {
    kafka.produce(prefix + "-features", null, visits.stream()
        .map(v -> Map.entry(v.patientId(), new String(SIMULATOR_JSON.event(v), UTF_8))).toList());
  }

  private static void sendOutcomes(String prefix, List<SimulatedEvent> visits, Duration delay) {
    kafka.produce(prefix + "-outcomes", null, visits.stream()
        .map(v -> Map.entry(v.patientId(),
            new String(SIMULATOR_JSON.outcome(v.outcome(v.eventTime().plus(delay))), UTF_8))).toList());
  }

  private static double rmse(ModelArtifact model, List<SimulatedEvent> visits) {
    LinearScorer scorer = new LinearScorer(model);
    double sum = 0;
    for (SimulatedEvent v : visits) {
      double error = v.progression() - scorer.predict(v.features());
      sum += error * error;
    }
    return Math.sqrt(sum / visits.size());
  }

  /** The committed window report of {@code modelVersion} for the window starting at {@code start}, once it exists. */
  private static JsonNode windowReport(String topic, Instant start, String modelVersion) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(topic)) {
        JsonNode report = JSON.readTree(record.value());
        if (report.get("kind").asText().equals("window")
            && report.get("window_start").asText().equals(start.toString())
            && report.get("model_version").asText().equals(modelVersion)) {
          return report;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no report of window " + start + " for model version " + modelVersion);
  }

  /** The model versions of the concept-drift alarms on {@code topic}. */
  private static List<String> alarms(String topic) throws Exception {
    List<String> versions = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(topic)) {
      JsonNode report = JSON.readTree(record.value());
      if (report.get("kind").asText().equals("alarm")) {
        versions.add(report.get("model_version").asText());
      }
    }
    return versions;
  }

  /** The service's settings on this broker, topics prefixed; data drift off (concept drift only), quick idling. */
  private static Map<String, String> settings(String prefix) {
    Map<String, String> settings = new HashMap<>();
    kafka.streamsConfig("retrain-" + prefix).forEach((key, value) -> settings.put((String) key, value.toString()));
    for (String topic : List.of("features", "predictions", "outcomes", "dlq", "performance-reports",
        "labelled-events", "models")) {
      settings.put("topics." + topic, prefix + "-" + topic);
    }
    settings.put("drift.enabled", "false");
    settings.put("drift.idle.timeout", "PT5S");
    settings.put("consumer.session.timeout.ms", "6000");
    settings.put("producer.transaction.timeout.ms", "5000");
    return settings;
  }

  private record Cli(int exit, String out, String err) {}

  /** The command line, with the run log in this test's directory and no MLflow, whatever the environment says. */
  private Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DriftwatchCli.commandLine(Map.of(RunLog.DIRECTORY_VARIABLE, dir.resolve("runs").toString())::get);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
