package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
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
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data drift on a real broker: the per-task summaries, the internal partials topic, the merge task and the
 * changelogs, with exactly-once. Both tests compare every report, byte for byte, with the report the statistics layer
 * computes from one summary of the window's events (what a single task that never failed would report).
 */
class DriftReportsBrokerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final long MINUTE = 60_000;
  private static final long W0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  private static final String MODELS = "models";

  @TempDir Path dir;

  @BeforeAll
  static void createModelsTopic() {
    kafka.createTopic(MODELS, 1, Map.of("cleanup.policy", "compact"));
  }

  /**
   * Two instances share the four input partitions (each processes some), and their reports equal those of one
   * instance that processes all four: the merge is exact, whatever the partitioning.
   */
  @Test
  void twoInstancesOverFourPartitionsReportExactlyWhatOneInstanceReports() throws Exception {
    String input = "features-4";
    kafka.createTopics(List.of(new NewTopic(input, 4, (short) 1), new NewTopic("predictions-one", 4, (short) 1), new NewTopic("dlq-one", 1, (short) 1),
        new NewTopic("drift-reports-one", 1, (short) 1), new NewTopic("predictions-two", 4, (short) 1),
        new NewTopic("dlq-two", 1, (short) 1), new NewTopic("drift-reports-two", 1, (short) 1)));
    DriftwatchConfig two = config("drift-two", input, "two", kafka.newStateDir());
    List<List<Event>> windows = List.of(DriftEvents.at("w0", W0, 150, 400, 0),
        DriftEvents.at("w1", W0 + MINUTE, 150, 400, 400), DriftEvents.at("w2", W0 + 2 * MINUTE, 150, 400, 800));

    try (DriftwatchService a = service(two); DriftwatchService b = service(config("drift-two", input, "two",
        kafka.newStateDir()))) {
      a.start();
      b.start();
      // Produce only once the two share the partitions, so that both really process events.
      await("both instances own input partitions", () -> !a.activeInputPartitions().isEmpty()
          && !b.activeInputPartitions().isEmpty()
          && a.activeInputPartitions().size() + b.activeInputPartitions().size() == 4);
      windows.forEach(events -> produce(input, events, null));
      closeEveryPartition(input, 4);

      try (DriftwatchService one = service(config("drift-one", input, "one", kafka.newStateDir()))) {
        one.start();
        Map<String, String> byOne = reports("drift-reports-one", 3);
        Map<String, String> byTwo = reports("drift-reports-two", 3);

        assertThat(byTwo).isEqualTo(byOne);
        assertThat(byOne.keySet())
            .containsExactly("2026-11-24T10:00:00Z", "2026-11-24T10:01:00Z", "2026-11-24T10:02:00Z");
        List<String> expected = DriftEvents.expectedReports(MODEL, DriftSettings.defaults(), windows, W0, MINUTE);
        for (int w = 0; w < 3; w++) {
          assertThat(byOne.get(Instant.ofEpochMilli(W0 + w * MINUTE).toString())).as("window " + w)
              .isEqualTo(expected.get(w));
        }
        assertThat(one.driftReports().latest()).hasValueSatisfying(r -> assertThat(r.count()).isEqualTo(400));
      }
    }
    reportCommandReadsWhatTheServiceWrote("drift-reports-one");
  }

  /** {@code ./driftwatch report} as a user runs it: the same three reports, as JSON and as an HTML page. */
  private void reportCommandReadsWhatTheServiceWrote(String topic) throws Exception {
    Path json = Files.createTempFile("reports-", ".json");
    Path html = Files.createTempFile("reports-", ".html");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = io.driftwatch.cli.DriftwatchCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));

    int status = cli.execute("report", "--bootstrap-servers", kafka.bootstrapServers(), "--set",
        "topics.drift-reports=" + topic, "--since", "1h", "--json", json.toString(), "--html", html.toString());

    assertThat(err.toString()).isEmpty();
    assertThat(status).isZero();
    assertThat(out.toString()).isEqualTo("3 drift reports from topic " + topic + " (windows starting"
        + " 2026-11-24T10:00:00Z to 2026-11-24T10:02:00Z), 0 with drift\nHTML report: " + html + "\nJSON reports: " + json + "\n");
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> read = new ArrayList<>();
    mapper.readTree(json.toFile()).forEach(read::add);
    List<com.fasterxml.jackson.databind.JsonNode> written = new ArrayList<>();
    for (String value : reports(topic, 3).values()) {
      written.add(mapper.readTree(value));
    }
    assertThat(read).isEqualTo(written);
    assertThat(Files.readString(html))
        .contains("<title>Drift report · diabetes-lasso · 2026-11-24 10:00–10:03 UTC</title>");

    java.io.StringWriter stdout = new java.io.StringWriter();
    cli.setOut(new java.io.PrintWriter(stdout, true));
    assertThat(cli.execute("report", "--bootstrap-servers", kafka.bootstrapServers(), "--set",
        "topics.drift-reports=" + topic, "--since", "1h", "--json", "-")).isZero();
    List<com.fasterxml.jackson.databind.JsonNode> printed = new ArrayList<>();
    mapper.readTree(stdout.toString()).forEach(printed::add);
    assertThat(printed).as("--json -: the same array on standard output, nothing else").isEqualTo(written);
  }

  /**
   * The service runs as a separate JVM, killed with SIGKILL while window 1 is open; a new instance takes over its
   * state directory and its work. Every window is still reported exactly once, with exactly the counts and statistics
   * of a run without a crash, and no record counted late.
   *
   * <p>Why a child JVM: an in-JVM crash cannot be faithful. A KafkaStreams instance left without {@code close()} keeps
   * its threads polling, processing and committing, so it is not a crash at all; stopping its threads any other way
   * still runs Kafka's clean-up paths. SIGKILL stops the process between any two instructions: no commit, no flush,
   * no leaving the group, an open transaction left for the broker to abort, exactly what a crashed pod does.
   */
  @Test
  void aCrashMidWindowAndARestartGiveTheSameReportsAsNoCrash() throws Exception {
    String input = "features-2";
    kafka.createTopics(List.of(new NewTopic(input, 2, (short) 1),
        new NewTopic("predictions-crash", 2, (short) 1), new NewTopic("dlq-crash", 1, (short) 1),
        new NewTopic("drift-reports-crash", 1, (short) 1)));
    Path stateDir = kafka.newStateDir();
    DriftwatchConfig config = config("drift-crash", input, "crash", stateDir);
    Path configFile = dir.resolve("crash.properties");
    Properties properties = new Properties();
    properties.putAll(config.ownProperties());
    properties.putAll(config.toStreamsProperties());
    try (Writer out = Files.newBufferedWriter(configFile, UTF_8)) {
      properties.store(out, "driftwatch serve, killed mid-window by DriftReportsBrokerTest");
    }
    Path modelFile = dir.resolve("model.json");
    ModelArtifactJson.write(MODEL, modelFile);

    List<Event> window0 = DriftEvents.at("w0", W0, 200, 300, 0);
    List<Event> window1 = DriftEvents.at("w1", W0 + MINUTE, 200, 300, 300);
    List<Event> window2 = DriftEvents.at("w2", W0 + 2 * MINUTE, 200, 300, 600);
    produce(input, window0, null);
    produce(input, window1.subList(0, 150), null);

    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    try (ChildJvm serve = ChildJvm.start(dir, tmp, "io.driftwatch.cli.DriftwatchCli",
        "serve", "--config", configFile.toString(), "--model", modelFile.toString(), "--metrics-port", "0")) {
      assertThat(kafka.consumeBytes("predictions-crash", 450, Duration.ZERO))
          .as(() -> "serve's log:\n" + serve.stderr()).hasSize(450);
      produce(input, window1.subList(150, 300), null);
      // Kill as soon as the second half of window 1 is being committed: some of it may be, some not.
      assertThat(kafka.consumeBytes("predictions-crash", 451, Duration.ZERO)).hasSizeGreaterThan(450);
      serve.kill();
      assertThat(serve.awaitExit(Duration.ofSeconds(30))).isEqualTo(137); // 128 + SIGKILL
    }

    produce(input, window2, null);
    closeEveryPartition(input, 2);
    try (DriftwatchService restarted = DriftwatchService.create(config, Optional.of(modelFile))) {
      restarted.start();
      Map<String, String> reports = reports("drift-reports-crash", 3);

      assertThat(reports.keySet())
          .containsExactly("2026-11-24T10:00:00Z", "2026-11-24T10:01:00Z", "2026-11-24T10:02:00Z");
      List<List<Event>> windows = List.of(window0, window1, window2);
      List<String> expected = DriftEvents.expectedReports(MODEL, DriftSettings.defaults(), windows, W0, MINUTE);
      for (int w = 0; w < 3; w++) {
        assertThat(reports.get(Instant.ofEpochMilli(W0 + w * MINUTE).toString())).as("window " + w)
            .isEqualTo(expected.get(w));
      }
      assertThat(kafka.consumeBytes("predictions-crash", 902, Duration.ofMillis(500))).as("exactly once").hasSize(902);
    }
  }

  @Test
  void withoutItsOutputTopicsTheServiceRefusesToStartNamingTheTopicAndTheKey() {
    DriftwatchConfig config = config("drift-no-topic", "features-none", "none", kafka.newStateDir());
    // Without its predictions topic it would be "ready" and never write a prediction.
    try (DriftwatchService service = service(config)) {
      assertThatThrownBy(service::start)
          .isInstanceOf(DriftwatchConfigException.class)
          .hasMessage("topics.predictions: topic 'predictions-none' does not exist"
              + " (accepted: an existing topic; create it)");
    }
    kafka.createTopics(List.of(new NewTopic("predictions-none", 1, (short) 1), new NewTopic("dlq-none", 1, (short) 1)));
    try (DriftwatchService service = service(config)) {
      assertThatThrownBy(service::start)
          .isInstanceOf(DriftwatchConfigException.class)
          .hasMessage("topics.drift-reports: topic 'drift-reports-none' does not exist"
              + " (accepted: an existing topic; create it, or set drift.enabled=false)");
    }
  }

  private DriftwatchConfig config(String applicationId, String input, String suffix, Path stateDir) {
    Map<String, String> settings = new HashMap<>();
    kafka.streamsConfig(applicationId, stateDir).forEach((key, value) -> settings.put((String) key, value.toString()));
    settings.put("topics.features", input);
    settings.put("topics.predictions", "predictions-" + suffix);
    settings.put("topics.dlq", "dlq-" + suffix);
    settings.put("topics.models", MODELS);
    settings.put("topics.drift-reports", "drift-reports-" + suffix);
    settings.put("topics.outcomes", "outcomes-" + suffix);
    settings.put("concept.enabled", "false"); // data drift only: concept drift has its own broker test
    // Short enough for a quick test, long enough that no live partition of this 2-core machine looks idle.
    settings.put("drift.idle.timeout", "PT5S");
    settings.put("consumer.session.timeout.ms", "6000"); // the broker's minimum: a killed member leaves sooner
    settings.put("producer.transaction.timeout.ms", "5000"); // a killed member's open transaction aborts sooner
    return DriftwatchConfig.of(settings);
  }

  private static DriftwatchService service(DriftwatchConfig config) {
    ModelRegistry models = new ModelRegistry(config.modelName());
    models.install(MODEL);
    return DriftwatchService.create(config, models);
  }

  /** Sends the events in order, keyed by patient id (or all to {@code partition}), and waits for the acks. */
  private static void produce(String topic, List<Event> events, Integer partition) {
    kafka.produce(topic, partition, events.stream().map(e -> Map.entry(e.patientId(), e.json())).toList());
  }

  /** One event per partition, minutes later in event time: every partition's stream time closes windows 0 to 2. */
  private static void closeEveryPartition(String topic, int partitions) {
    for (int p = 0; p < partitions; p++) {
      produce(topic, DriftEvents.at("close" + p, W0 + 5 * MINUTE, 1, 1, p), p);
    }
  }

  /** The committed reports, window start → JSON, after {@code expected} arrived and a settle for duplicates. */
  private static Map<String, String> reports(String topic, int expected) {
    List<ConsumerRecord<String, String>> records = kafka.consume(topic, expected, Duration.ofSeconds(1));
    Map<String, String> byWindow = new TreeMap<>();
    List<String> keys = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      keys.add(record.key());
      byWindow.put(record.key(), record.value());
    }
    assertThat(keys).as("each window once").doesNotHaveDuplicates().hasSize(expected);
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
