package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.Scenario;
import io.driftwatch.simulate.SimulatedEvent;
import io.driftwatch.simulate.SimulatorJson;
import io.driftwatch.streaming.config.ConceptConfig;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.drift.DriftReports;
import io.driftwatch.streaming.metrics.MetricsServer;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.ChildJvm;
import io.driftwatch.testing.KafkaBroker;
import io.driftwatch.testing.MonitoringQueries;
import io.driftwatch.testing.TestArtifacts;
import io.driftwatch.testing.TrainedModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real broker with {@code exactly_once_v2}: 10 000 simulated patients in, and out exactly one
 * prediction per {@code event_id}, with the value the model gives, as a {@code read_committed} consumer sees them:
 * with one instance, across a SIGKILL and a restart, and with two instances sharing four partitions.
 *
 * <p>Every check waits until the application has committed the whole input and no transaction is open on its outputs,
 * then reads the outputs to their end: nothing is left in flight, so an extra or a missing record would be seen.
 */
class ExactlyOnceBrokerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final int EVENTS = 10_000;
  private static final int PARTITIONS = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ModelArtifact MODEL = TrainedModels.diabetes();

  @TempDir static Path dir;
  private static Path modelFile;

  @BeforeAll
  static void writeModel() {
    modelFile = dir.resolve("diabetes-lasso.json");
    ModelArtifactJson.write(MODEL, modelFile);
  }

  @Test
  void tenThousandEventsGiveTenThousandPredictionsEachEventIdOnce() throws Exception {
    Run run = new Run("single");
    run.createTopics();
    kafka.produceBytes(run.features(), run.events());

    try (DriftwatchService service = DriftwatchService.create(run.config("single"), Optional.of(modelFile))) {
      service.start();
      assertThat(service.awaitRunning(TIMEOUT)).isTrue();
      kafka.awaitProcessed("single", run.features(), run.outputs(), TIMEOUT);
      assertEveryKafkaJvmAndProcessMetricOfTheDashboardsAndAlertsIsExported(service);
    }

    run.assertExactlyOnePredictionPerEvent();
  }

  /**
   * The Kafka Streams, JVM and process metrics that the Grafana dashboards and the alert rules name, on the
   * {@code /metrics} of this running service (driftwatch's own: {@code MetricsEndpointTest}).
   */
  private static void assertEveryKafkaJvmAndProcessMetricOfTheDashboardsAndAlertsIsExported(DriftwatchService service)
      throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    try (MetricsServer server = MetricsServer.start(0, service.metrics(), service::notReady)) {
      HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics")).build();
      List<String> missing = MonitoringQueries.awaitExported(() -> {
        try {
          return http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }, name -> !name.startsWith("driftwatch_") && !MonitoringQueries.PROMETHEUS_SERIES.contains(name),
          Duration.ofSeconds(10));
      assertThat(missing).isEmpty();
    }
  }

  /**
   * An exception on one record (injected after scoring, in the real topology) dead-letters that record unchanged as
   * {@code processing_error}, inside the transaction, and the stream goes on: every other event is predicted once.
   */
  @Test
  void recordsOnWhichProcessingThrowsAreDeadLetteredAndEveryOtherEventIsPredictedOnce() throws Exception {
    Run run = new Run("fault");
    run.createTopics();
    Set<String> failing = Set.copyOf(new ArrayList<>(run.expected.keySet()).subList(4_000, 4_003));
    kafka.produceBytes(run.features(), run.events());
    DriftwatchConfig config = run.config("fault");
    ModelRegistry models = new ModelRegistry(config.modelName());
    models.install(MODEL);
    RecordOutcomes counts = new RecordOutcomes();

    try (org.apache.kafka.streams.KafkaStreams streams = new org.apache.kafka.streams.KafkaStreams(
        DriftwatchTopology.build(config, models, new DriftReports(), new PerformanceReports(), counts,
            (key, event) -> {
          if (failing.contains(event.eventId())) {
            throw new IllegalArgumentException("injected");
          }
        }),
        DriftwatchTopology.streamsProperties(config, counts))) {
      streams.start();
      kafka.awaitProcessed("fault", run.features(), run.outputs(), TIMEOUT);
    }

    List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommitted(run.deadLetters());
    assertThat(dead).hasSize(3);
    Map<String, byte[]> sent = new HashMap<>();
    run.events().forEach(e -> sent.put(new String(e.getValue(), UTF_8), e.getValue()));
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      assertThat(sent).as("the value, byte for byte").containsKey(new String(record.value(), UTF_8));
      assertThat(new String(record.headers().lastHeader(DeadLetterHeaders.REASON).value(), UTF_8))
          .isEqualTo("processing_error");
      assertThat(new String(record.headers().lastHeader(DeadLetterHeaders.EXCEPTION).value(), UTF_8))
          .isEqualTo("java.lang.IllegalArgumentException");
    }
    assertThat(counts.snapshot().rejected(io.driftwatch.core.event.RejectReason.PROCESSING_ERROR)).isEqualTo(3);
    run.assertExactlyOnePredictionPerEvent(failing);
  }

  /**
   * The crash is a SIGKILL of {@code ./driftwatch serve} in its own JVM, the most honest crash there is: no shutdown
   * hook, no last commit, no goodbye to the group, records of an open transaction already on the broker. (In-process,
   * Kafka Streams has no way to stop its threads without closing, and a thread left running keeps committing.) The
   * restart is a new instance with the same {@code application.id} and state directory, as a supervisor's would be.
   */
  @Test
  void aKilledInstanceRestartedMidStreamStillGivesEachEventIdExactlyOnce() throws Exception {
    Run run = new Run("crash");
    run.createTopics();
    Path stateDir = kafka.newStateDir();
    Map<String, String> config = run.settings("crash", stateDir);
    // A transaction spans a second of input here, so the kill lands inside one with records already written.
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
    // The dead member holds its partitions until its session expires: the broker's minimum, 6 s.
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    // The dead producer's open transaction blocks read_committed readers until the broker aborts it on timeout
    // (Kafka Streams' default is 10 s; the new instance has a new transactional id, so it does not fence it).
    config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "5000");
    List<String> args = new ArrayList<>(List.of("serve", "--model", modelFile.toString(), "--metrics-port", "0"));
    config.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));

    Path work = Files.createDirectories(dir.resolve("crash-work"));
    Path tmp = Files.createDirectories(dir.resolve("crash-tmp"));
    Sender sender;
    try (ChildJvm serve = ChildJvm.start(work, tmp, DriftwatchCli.class.getName(), args.toArray(String[]::new))) {
      awaitMembers("crash", 1, run.features());
      // 10 s of input at 1 000/s: a slow start (a busy host) must still leave input to send after the kill.
      sender = Sender.start(run.features(), run.events(), 1_000);
      // Mid-stream: some predictions committed, and an open transaction holding at least 100 more. The instance is
      // frozen first and the transaction checked still open, so the kill cannot land just after a commit.
      killInsideAnOpenTransaction(serve, run.predictions());
      assertThat(serve.awaitExit(TIMEOUT)).as("SIGKILL").isEqualTo(137);
      assertThat(sender.sent()).as("events sent when killed").isLessThan(EVENTS);
    }

    DriftwatchConfig restartConfig = DriftwatchConfig.of(config);
    try (DriftwatchService restarted = DriftwatchService.create(restartConfig, Optional.of(modelFile))) {
      assertThat(restartConfig.toStreamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG))
          .isEqualTo(stateDir.toString());
      restarted.start();
      assertThat(restarted.awaitRunning(TIMEOUT)).isTrue();
      sender.await();
      kafka.awaitProcessed("crash", run.features(), run.outputs(), TIMEOUT);
    }

    run.assertExactlyOnePredictionPerEvent();
    // The proof that the kill interrupted a transaction: its records are in the log, aborted, unseen by readers.
    assertThat(kafka.readUncommitted(run.predictions()).size()).as("records in the log, aborted ones included")
        .isGreaterThan(EVENTS);
  }

  @Test
  void twoInstancesShareFourPartitionsAndGiveTheSamePredictionsAsOne() throws Exception {
    Run run = new Run("pair");
    run.createTopics();
    Map<String, String> first = run.settings("pair", kafka.newStateDir());
    first.put(StreamsConfig.CLIENT_ID_CONFIG, "instance-1");
    Map<String, String> second = run.settings("pair", kafka.newStateDir());
    second.put(StreamsConfig.CLIENT_ID_CONFIG, "instance-2");

    try (DriftwatchService one = DriftwatchService.create(DriftwatchConfig.of(first), Optional.of(modelFile));
        DriftwatchService two = DriftwatchService.create(DriftwatchConfig.of(second), Optional.of(modelFile))) {
      one.start();
      two.start();
      Map<String, Set<Integer>> before = awaitMembers("pair", 2, run.features());
      assertThat(before.keySet()).hasSize(2).allSatisfy(client -> assertThat(client).startsWith("instance-"));
      assertThat(before.values()).allSatisfy(partitions -> assertThat(partitions).isNotEmpty());
      assertThat(before.values().stream().flatMap(Set::stream).sorted().toList())
          .containsExactly(0, 1, 2, 3);

      kafka.produceBytes(run.features(), run.events());
      kafka.awaitProcessed("pair", run.features(), run.outputs(), TIMEOUT);

      // The same two members held the same partitions all along: each did its share of the work.
      assertThat(awaitMembers("pair", 2, run.features())).isEqualTo(before);
    }

    // One instance gives exactly this set (the first test): every event scored once, as the model scores it.
    run.assertExactlyOnePredictionPerEvent();
  }

  /**
   * Waits until the group is stable with {@code members} members that own every partition of {@code topic}; returns
   * each member's client id (without the thread suffix) and its partitions.
   */
  private static Map<String, Set<Integer>> awaitMembers(String group, int members, String topic)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "";
    try (Admin admin = kafka.admin()) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription description;
        try {
          description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
          last = "no group yet";
          Thread.sleep(100);
          continue;
        }
        Map<String, Set<Integer>> owned = new HashMap<>();
        for (MemberDescription member : description.members()) {
          Set<Integer> partitions = member.assignment().topicPartitions().stream()
              .filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).collect(Collectors.toSet());
          owned.put(member.clientId().replaceFirst("-StreamThread-\\d+-consumer$", ""), partitions);
        }
        long assigned = owned.values().stream().mapToLong(Set::size).sum();
        if (description.groupState() == GroupState.STABLE && owned.size() == members && assigned == PARTITIONS) {
          return owned;
        }
        last = description.groupState() + " " + owned;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("group " + group + " never had " + members + " members owning " + topic + ": " + last);
  }

  /**
   * Waits until {@code topic}'s committed part (up to its last stable offset) reaches {@code committed} offsets and
   * an open transaction holds at least {@code open} more (between the last stable offset and the high watermark).
   */
  private static void killInsideAnOpenTransaction(ChildJvm serve, String predictions) throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      awaitOutput(predictions, 2_000, 100);
      serve.pause();
      Thread.sleep(300); // a commit already on its way to the broker completes without the producer
      if (openRecords(predictions) >= 100) {
        serve.kill();
        return;
      }
      serve.resume();
    }
    throw new AssertionError("never froze the instance inside an open transaction");
  }

  private static long openRecords(String topic) {
    return sum(kafka.endOffsets(topic, IsolationLevel.READ_UNCOMMITTED))
        - sum(kafka.endOffsets(topic, IsolationLevel.READ_COMMITTED));
  }

  private static void awaitOutput(String topic, long committed, long open) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      long stable = sum(kafka.endOffsets(topic, IsolationLevel.READ_COMMITTED));
      long all = sum(kafka.endOffsets(topic, IsolationLevel.READ_UNCOMMITTED));
      if (stable >= committed && all - stable >= open) {
        return;
      }
      last = "stable " + stable + ", end " + all;
      Thread.sleep(10);
    }
    throw new AssertionError("no open transaction after committed output on " + topic + ": " + last);
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One test's topics, input and expectations; topic names are prefixed so tests never share a topic. */
  private static final class Run {

    private final String prefix;
    private final Map<String, Expected> expected = new LinkedHashMap<>();
    private final List<Map.Entry<byte[], byte[]>> events = new ArrayList<>();

    Run(String prefix) {
      this.prefix = prefix;
      ClinicalSample sample = ClinicalSample.bundledDiabetes();
      SimulatorJson json = new SimulatorJson(sample.features());
      PatientSimulator simulator = new PatientSimulator(sample, Scenario.NONE, prefix.hashCode());
      int[] column = MODEL.features().stream()
          .mapToInt(f -> sample.feature(f.name()).orElseThrow().index()).toArray();
      Instant start = Instant.parse("2026-11-24T10:00:00Z");
      for (int i = 0; i < EVENTS; i++) {
        SimulatedEvent event = simulator.next(start.plusMillis(100L * i));
        double[] raw = new double[column.length];
        for (int j = 0; j < raw.length; j++) {
          raw[j] = event.features()[column[j]];
        }
        expected.put(event.eventId(), new Expected(event.patientId(), event.eventTime(),
            TestArtifacts.expectedPrediction(MODEL, raw)));
        events.add(Map.entry(event.patientId().getBytes(UTF_8), json.event(event)));
      }
      assertThat(expected).hasSize(EVENTS); // the simulator's event ids are unique
    }

    String features() {
      return prefix + "-features";
    }

    String predictions() {
      return prefix + "-predictions";
    }

    String deadLetters() {
      return prefix + "-dlq";
    }

    List<String> outputs() {
      return List.of(predictions(), deadLetters());
    }

    List<Map.Entry<byte[], byte[]>> events() {
      return events;
    }

    void createTopics() {
      kafka.createTopics(List.of(
          new NewTopic(features(), PARTITIONS, (short) 1),
          new NewTopic(predictions(), PARTITIONS, (short) 1),
          new NewTopic(deadLetters(), PARTITIONS, (short) 1),
          new NewTopic(prefix + "-outcomes", PARTITIONS, (short) 1),
          new NewTopic(prefix + "-drift-reports", 1, (short) 1),
          new NewTopic(prefix + "-models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
    }

    /** The service's settings for application {@code applicationId}: the harness's Streams settings, our topics. */
    Map<String, String> settings(String applicationId, Path stateDir) {
      Map<String, String> settings = new LinkedHashMap<>();
      Properties streams = kafka.streamsConfig(applicationId, stateDir);
      streams.forEach((key, value) -> settings.put((String) key, value.toString()));
      settings.put(DriftwatchConfig.TOPICS_FEATURES, features());
      settings.put(DriftwatchConfig.TOPICS_PREDICTIONS, predictions());
      settings.put(DriftwatchConfig.TOPICS_DEAD_LETTERS, deadLetters());
      settings.put(DriftwatchConfig.TOPICS_MODELS, prefix + "-models");
      settings.put(DriftwatchConfig.TOPICS_OUTCOMES, prefix + "-outcomes");
      settings.put(DriftwatchConfig.TOPICS_DRIFT_REPORTS, prefix + "-drift-reports");
      settings.put(ConceptConfig.ENABLED, "false"); // the scoring path's guarantees; concept drift has its own test
      return settings;
    }

    DriftwatchConfig config(String applicationId) {
      return DriftwatchConfig.of(settings(applicationId, kafka.newStateDir()));
    }

    /** Exactly one committed prediction per event id sent, keyed by patient id, with the model's value. */
    void assertExactlyOnePredictionPerEvent() {
      assertThat(kafka.readCommitted(deadLetters())).as("dead letters").isEmpty();
      assertExactlyOnePredictionPerEvent(Set.of());
    }

    /** As above, for every event but the {@code failing} ones, which have none. */
    void assertExactlyOnePredictionPerEvent(Set<String> failing) {
      List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted(predictions());
      Map<String, Integer> seen = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        Prediction p = PredictionJson.read(record.value());
        seen.merge(p.eventId(), 1, Integer::sum);
        Expected e = expected.get(p.eventId());
        assertThat(e).as("an event that was sent: %s", p.eventId()).isNotNull();
        assertThat(new String(record.key(), UTF_8)).isEqualTo(e.patientId());
        assertThat(p.patientId()).isEqualTo(e.patientId());
        assertThat(p.eventTime()).isEqualTo(e.eventTime());
        assertThat(p.modelVersion()).isEqualTo(MODEL.modelVersion());
        assertThat(p.prediction()).as("prediction for %s (written to 6 decimals)", p.eventId())
            .isCloseTo(e.prediction(), offset(5e-7));
      }
      Set<String> duplicated = new HashSet<>();
      seen.forEach((id, n) -> {
        if (n > 1) {
          duplicated.add(id);
        }
      });
      assertThat(duplicated).as("event ids predicted more than once").isEmpty();
      Set<String> missing = new HashSet<>(expected.keySet());
      missing.removeAll(seen.keySet());
      assertThat(missing).as("event ids never predicted (of %d records read)", records.size())
          .containsExactlyInAnyOrderElementsOf(failing);
      assertThat(records).hasSize(EVENTS - failing.size());
    }
  }

  private record Expected(String patientId, Instant eventTime, double prediction) {}

  /** Sends events at a steady rate from a background thread, like a live feed. */
  private static final class Sender {

    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private Sender(String topic, List<Map.Entry<byte[], byte[]>> events, int perSecond) {
      thread = new Thread(() -> run(topic, events, perSecond), "test-sender");
    }

    static Sender start(String topic, List<Map.Entry<byte[], byte[]>> events, int perSecond) {
      Sender sender = new Sender(topic, events, perSecond);
      sender.thread.start();
      return sender;
    }

    int sent() {
      return sent.get();
    }

    void await() throws InterruptedException {
      thread.join(TIMEOUT.toMillis());
      assertThat(thread.isAlive()).as("sender still running").isFalse();
      assertThat(failure.get()).as("send failure").isNull();
      assertThat(sent()).isEqualTo(EVENTS);
    }

    private void run(String topic, List<Map.Entry<byte[], byte[]>> events, int perSecond) {
      Map<String, Object> config = Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
      long start = System.nanoTime();
      try (var producer = new KafkaProducer<byte[], byte[]>(config)) {
        for (int i = 0; i < events.size(); i++) {
          LockSupport.parkNanos(start + i * interval - System.nanoTime());
          producer.send(new ProducerRecord<>(topic, events.get(i).getKey(), events.get(i).getValue()),
              (metadata, exception) -> {
                if (exception != null) {
                  failure.compareAndSet(null, exception);
                }
              });
          sent.incrementAndGet();
        }
        producer.flush();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }
  }
}
