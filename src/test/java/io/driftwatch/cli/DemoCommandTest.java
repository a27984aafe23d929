package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.retrain.ModelsTopic;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.ChildJvm;
import io.driftwatch.testing.TrainedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./driftwatch demo} as a user runs it: in its own JVM, a broker on a port, predictions to read, and a SIGTERM
 * that stops everything and leaves nothing behind. Bad options fail before anything starts.
 */
class DemoCommandTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern BOOTSTRAP = Pattern.compile("Kafka on (localhost:(\\d+));");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void trainsTheModelRunsEverythingAndSigtermRemovesAllItsData() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    int metricsPort;
    try (ServerSocket free = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      metricsPort = free.getLocalPort();
    }
    try (ChildJvm demo = ChildJvm.start(work, tmp, DriftwatchCli.class.getName(),
        "demo", "--kafka-port", "0", "--rate", "50", "--seed", "7", "--metrics-port", String.valueOf(metricsPort))) {
      String guide = demo.awaitStdout(s -> s.contains("Ctrl-C stops everything"), TIMEOUT);
      Matcher m = BOOTSTRAP.matcher(guide);
      assertThat(m.find()).as(guide).isTrue();
      String bootstrap = m.group(1);
      int port = Integer.parseInt(m.group(2));

      // No model file in the working directory: the demo trained the notebook's model and wrote it.
      ModelArtifact written = ModelArtifactJson.read(work.resolve("models/diabetes-lasso.json"));
      assertThat(written.modelVersion()).isEqualTo(TrainedModels.diabetes().modelVersion());
      assertThat(guide)
          .contains("model diabetes-lasso version " + written.modelVersion()
              + " trained now and written to models/diabetes-lasso.json")
          .contains("kcat -C -b " + bootstrap + " -t predictions -c 5 -e")
          .contains("kcat -C -b " + bootstrap + " -t patient-features-dlq -f '%h %s\\n'");

      // The demo published its model, as a deployment does: retrain finds its champion there.
      assertThat(guide).contains("./driftwatch retrain --bootstrap-servers " + bootstrap
          + " --since 10m --publish-if-better");
      Properties client = new Properties();
      client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      assertThat(ModelsTopic.latest(client, "models", "diabetes-lasso").orElseThrow().artifact().modelVersion())
          .isEqualTo(written.modelVersion());

      // What `kcat -C -b localhost:PORT -t predictions -c 5 -e` shows: the simulator's patients, scored.
      List<Prediction> predictions = readPredictions(bootstrap, 5);
      assertThat(predictions).hasSize(5).allSatisfy(p -> {
        assertThat(p.modelVersion()).isEqualTo(written.modelVersion());
        assertThat(p.patientId()).matches("p-\\d+");
        double sum = written.model().intercept()
            + p.contributions().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(p.prediction(), offset(6e-6));
      });

      // The service's endpoints: ready (running, model loaded), and its counters in Prometheus' format.
      assertThat(guide).contains("curl -s localhost:" + metricsPort + "/metrics | grep ^driftwatch_");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + metricsPort + "/health/ready")).build(), BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      String metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + metricsPort + "/metrics")).build(), BodyHandlers.ofString()).body();
      assertThat(metrics).contains("driftwatch_model_info{model_name=\"diabetes-lasso\",model_version=\""
          + written.modelVersion() + "\"} 1");
      Matcher scored = Pattern.compile("driftwatch_records_total\\{outcome=\"scored\",reason=\"\"} (\\S+)\n")
          .matcher(metrics);
      assertThat(scored.find()).as(metrics).isTrue();
      assertThat(Double.parseDouble(scored.group(1))).isGreaterThanOrEqualTo(5);
      assertThat(metrics).doesNotContain(predictions.get(0).patientId() + "\"");

      demo.terminate();
      assertThat(demo.awaitExit(TIMEOUT)).isEqualTo(143);
      assertThat(demo.stderr()).contains("Kafka broker on " + bootstrap + " stopped, data removed");
      // The broker's log directory and the service's state lived under java.io.tmpdir: all gone.
      assertThat(tmp).isEmptyDirectory();
      try (ServerSocket free = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
        assertThat(free.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void refusesToPointTheServiceAtAnotherBroker() {
    int status = run("demo", "--set", "bootstrap.servers=elsewhere:9092");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("demo: invalid configuration: bootstrap.servers cannot be set: the demo runs"
        + " its own broker (accepted: --kafka-port N)" + System.lineSeparator());
  }

  @Test
  void namesAnUnknownConfigurationKeyBeforeStartingAnything() {
    int status = run("demo", "--set", "topics.feature=in");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("demo: invalid configuration: unknown key 'topics.feature' (did you mean 'topics.features'?)");
  }

  @Test
  void retrainMinLabelsAppliesOnlyToRetrainOnAlarm() {
    int status = run("demo", "--retrain-min-labels", "100");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("demo: --retrain-min-labels applies to --retrain-on-alarm");
  }

  @Test
  void namesAnUnknownScenario() {
    int status = run("demo", "--scenario", "meteor");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("demo: --scenario: unknown scenario 'meteor'; accepted: none,"
        + " covariate-shift, gradual-shift, stuck-sensor, unit-error");
  }

  @Test
  void exitsWithOneWhenThePortIsTaken() throws Exception {
    Path model = dir.resolve("model.json");
    ModelArtifactJson.write(TrainedModels.diabetes(), model);
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      int status = run("demo", "--kafka-port", String.valueOf(port), "--model", model.toString());

      assertThat(status).isEqualTo(1);
      assertThat(err.toString()).isEqualTo("demo: Port " + port + " on localhost is already in use (is another"
          + " Kafka running?)" + System.lineSeparator());
    }
  }

  private int run(String... args) {
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Reads {@code n} predictions from the start of every partition, read_committed, as kcat does by default. */
  private static List<Prediction> readPredictions(String bootstrap, int n) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<Prediction> predictions = new ArrayList<>();
    try (var consumer = new KafkaConsumer<byte[], byte[]>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor("predictions").stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      assertThat(partitions).hasSize(4);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (predictions.size() < n && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> predictions.add(PredictionJson.read(r.value())));
      }
    }
    return predictions.subList(0, Math.min(n, predictions.size()));
  }
}
