package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.GroundTruth;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.testing.ChildJvm;
import io.driftwatch.testing.DriftEvents.Event;
import io.driftwatch.testing.DriftEvents;
import io.driftwatch.testing.KafkaBroker;
import io.driftwatch.testing.TrainedModels;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concept drift on a real broker, with exactly-once: predictions wait for their outcomes in a changelogged store
 * across a SIGKILL, and the performance reports of two instances sharing four partitions equal one instance's.
 */
class ConceptDriftBrokerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final long MINUTE = 60_000;
  private static final long W0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * The service is killed (SIGKILL, in its own JVM) after it has joined nothing but read every prediction; the
   * outcomes arrive while it is down. The restarted instance still joins every one of them, each once.
   */
  @Test
  void predictionsWaitingForOutcomesSurviveAKillAndEachOutcomeJoinsOnce() throws Exception {
    Run run = new Run("crash", 2);
    Path configFile = dir.resolve("crash.properties");
    Properties properties = new Properties();
    properties.putAll(run.config.ownProperties());
    properties.putAll(run.config.toStreamsProperties());
    try (Writer out = Files.newBufferedWriter(configFile, UTF_8)) {
      properties.store(out, "driftwatch serve, killed by ConceptDriftBrokerTest");
    }
    Path modelFile = dir.resolve("model.json");
    ModelArtifactJson.write(MODEL, modelFile);
    List<Event> events = DriftEvents.at("c", W0, 100, 300, 0);
    List<Event> closers = closers(2);
    produce(run.topic("features"), events, Event::json);
    produce(run.topic("features"), closers, Event::json);

    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    try (ChildJvm serve = ChildJvm.start(dir, tmp, "io.driftwatch.cli.DriftwatchCli",
        "serve", "--config", configFile.toString(), "--model", modelFile.toString(), "--metrics-port", "0")) {
      assertThat(kafka.consumeBytes(run.topic("predictions"), 302, Duration.ZERO))
          .as(() -> "serve's log:\n" + serve.stderr()).hasSize(302);
      // The join reads the predictions back and commits every commit.interval.ms (100 ms): give it a few.
      Thread.sleep(3_000);
      serve.kill();
      assertThat(serve.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
    }
    produce(run.topic("outcomes"), events, e -> outcome(e, W0 + 30_000));
    produce(run.topic("outcomes"), closers, e -> outcome(e, e.eventTimeMs()));

    try (DriftwatchService restarted = run.service()) {
      restarted.start();
      JsonNode report = reports(run.topic("performance-reports"), 1).get("2026-11-24T10:00:00Z");
      assertThat(report.get("count").asLong()).as("every outcome joined once").isEqualTo(300);
      // Counts since the previous report: the closers' outcomes, which closed the window, are joined too.
      assertThat(report.get("matched_outcomes").asLong()).isEqualTo(302);
      assertThat(report.get("unmatched_outcomes").asLong()).isZero();
      assertThat(report.get("duplicate_outcomes").asLong()).isZero();
      assertThat(kafka.readCommitted(run.topic("dlq"))).isEmpty();

      // What retrain reads: every joined outcome exactly once, with the raw features its prediction was made from,
      // although the instance that held the predictions was killed before any outcome came.
      List<JsonNode> labelled = new ArrayList<>();
      for (var record : kafka.consumeBytes(run.topic("labelled-events"), 302, Duration.ofSeconds(1))) {
        labelled.add(JSON.readTree(record.value()));
      }
      assertThat(labelled).extracting(l -> l.get("event_id").asText()).doesNotHaveDuplicates().hasSize(302);
      Event first = events.get(0);
      JsonNode row = labelled.stream().filter(l -> l.get("event_id").asText().equals(first.eventId())).findFirst()
          .orElseThrow();
      String[] names = MODEL.featureNames();
      for (int j = 0; j < names.length; j++) {
        assertThat(row.get("features").get(names[j]).asDouble()).as(names[j]).isEqualTo(first.features()[j]);
      }
      assertThat(row.get("progression").asDouble()).isEqualTo(
          TRUTH.outcome(0, first.features(), new java.util.SplittableRandom(first.eventId().hashCode()).nextDouble()));
      assertThat(row.get("model_version").asText()).isEqualTo(MODEL.modelVersion());
      assertThat(row.get("event_time").asText()).isEqualTo(Instant.ofEpochMilli(first.eventTimeMs()).toString());
      assertThat(row.get("outcome_time").asText()).isEqualTo(Instant.ofEpochMilli(W0 + 30_000).toString());
      assertThat(row.has("patient_id")).isFalse();
    }
  }

  /** The join and the merge are exact: however the partitions are shared, the same windows give the same reports. */
  @Test
  void twoInstancesOverFourPartitionsReportExactlyWhatOneInstanceReports() throws Exception {
    Run one = new Run("one", 4);
    Run two = new Run("two", 4);
    List<Event> events = new ArrayList<>(DriftEvents.at("w0", W0, 100, 400, 0));
    events.addAll(DriftEvents.at("w1", W0 + MINUTE, 100, 400, 400));
    List<Event> closers = closers(4);
    for (Run run : List.of(one, two)) {
      produce(run.topic("features"), events, Event::json);
      produce(run.topic("features"), closers, Event::json);
    }

    try (DriftwatchService a = two.service(); DriftwatchService b = two.service()) {
      a.start();
      b.start();
      await("both instances own partitions", () -> !a.activeInputPartitions().isEmpty()
          && !b.activeInputPartitions().isEmpty());
      assertThat(kafka.consumeBytes(two.topic("predictions"), 804, Duration.ZERO)).hasSize(804);
      produce(two.topic("outcomes"), events, e -> outcome(e, e.eventTimeMs() + 1_000));
      produce(two.topic("outcomes"), closers, e -> outcome(e, e.eventTimeMs()));
      try (DriftwatchService single = one.service()) {
        single.start();
        assertThat(kafka.consumeBytes(one.topic("predictions"), 804, Duration.ZERO)).hasSize(804);
        produce(one.topic("outcomes"), events, e -> outcome(e, e.eventTimeMs() + 1_000));
        produce(one.topic("outcomes"), closers, e -> outcome(e, e.eventTimeMs()));
        Map<String, JsonNode> byOne = reports(one.topic("performance-reports"), 2);
        Map<String, JsonNode> byTwo = reports(two.topic("performance-reports"), 2);

        assertThat(byOne.keySet()).containsExactly("2026-11-24T10:00:00Z", "2026-11-24T10:01:00Z");
        for (String window : byOne.keySet()) {
          JsonNode a1 = byOne.get(window);
          JsonNode b1 = byTwo.get(window);
          assertThat(a1.get("count").asLong()).isEqualTo(400);
          // Statistics byte for byte; the counts since the previous report depend on when heartbeats arrive.
          for (String field : List.of("count", "rmse", "mae", "bias", "rmse_ratio", "p_value", "concept_drift",
              "attribution", "features")) {
            assertThat(b1.get(field)).as(window + " " + field).isEqualTo(a1.get(field));
          }
        }
      }
    }
  }

  /**
   * One patient per partition of the predictions (as the service's producer partitions them by {@code patient_id}),
   * minutes later in event time: their outcomes move every join task's stream time past windows 0 and 1.
   */
  private static List<Event> closers(int partitions) {
    List<Event> closers = new ArrayList<>();
    boolean[] covered = new boolean[partitions];
    for (int i = 0; closers.size() < partitions; i++) {
      Event candidate = DriftEvents.at("close" + i, W0 + 5 * MINUTE, 1, 1, i).get(0);
      int partition = BuiltInPartitioner.partitionForKey(candidate.patientId().getBytes(UTF_8), partitions);
      if (!covered[partition]) {
        covered[partition] = true;
        closers.add(candidate);
      }
    }
    return closers;
  }

  /** The model's world: its prediction plus an out-of-fold residual (no concept drift, so no alarm). */
  private static final GroundTruth TRUTH = GroundTruth.of(MODEL, ClinicalSample.bundledDiabetes().features(),
      GroundTruth.Relation.UNCHANGED);

  private static String outcome(Event event, long timeMs) {
    double u = new java.util.SplittableRandom(event.eventId().hashCode()).nextDouble();
    return outcome(event, TRUTH.outcome(0, event.features(), u), timeMs);
  }

  private static String outcome(Event event, double progression, long timeMs) {
    return "{\"patient_id\":\"" + event.patientId() + "\",\"event_id\":\"" + event.eventId() + "\",\"progression\":"
        + progression + ",\"event_time\":\"" + Instant.ofEpochMilli(timeMs) + "\"}";
  }

  /** One application's topics and configuration. */
  private final class Run {
    final String prefix;
    final DriftwatchConfig config;

    Run(String prefix, int partitions) {
      this.prefix = prefix;
      kafka.createTopics(List.of(new NewTopic(topic("features"), partitions, (short) 1),
          new NewTopic(topic("predictions"), partitions, (short) 1),
          new NewTopic(topic("outcomes"), partitions, (short) 1),
          new NewTopic(topic("dlq"), 1, (short) 1),
          new NewTopic(topic("performance-reports"), 1, (short) 1),
          new NewTopic(topic("labelled-events"), partitions, (short) 1),
          new NewTopic(topic("models"), 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
      Map<String, String> settings = new HashMap<>();
      kafka.streamsConfig("concept-" + prefix, kafka.newStateDir())
          .forEach((key, value) -> settings.put((String) key, value.toString()));
      for (String topic : List.of("features", "predictions", "outcomes", "dlq", "performance-reports", "labelled-events",
          "models")) {
        settings.put("topics." + topic, topic(topic));
      }
      settings.put("drift.enabled", "false");
      settings.put("drift.idle.timeout", "PT5S");
      settings.put("consumer.session.timeout.ms", "6000");
      settings.put("producer.transaction.timeout.ms", "5000");
      this.config = DriftwatchConfig.of(settings);
    }

    String topic(String name) {
      return prefix + "-" + name;
    }

    /** A new instance of this application, with its own state directory. */
    DriftwatchService service() {
      Map<String, String> settings = new HashMap<>(config.ownProperties());
      config.toStreamsProperties().forEach((key, value) -> settings.put((String) key, value.toString()));
      settings.put("state.dir", kafka.newStateDir().toString());
      ModelRegistry models = new ModelRegistry(config.modelName());
      models.install(MODEL);
      return DriftwatchService.create(DriftwatchConfig.of(settings), models);
    }
  }

  private static void produce(String topic, List<Event> events, java.util.function.Function<Event, String> value) {
    kafka.produce(topic, null, events.stream().map(e -> Map.entry(e.patientId(), value.apply(e))).toList());
  }

  /** The committed window reports, window start → JSON, after {@code expected} arrived; each window once. */
  private static Map<String, JsonNode> reports(String topic, int expected) throws Exception {
    List<ConsumerRecord<String, String>> records = kafka.consume(topic, expected, Duration.ofSeconds(1));
    Map<String, JsonNode> byWindow = new TreeMap<>();
    for (ConsumerRecord<String, String> record : records) {
      JsonNode report = JSON.readTree(record.value());
      if (report.get("kind").asText().equals("window")) {
        assertThat(byWindow.put(record.key(), report)).as("window %s once", record.key()).isNull();
      }
    }
    assertThat(byWindow).hasSize(expected);
    return byWindow;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
