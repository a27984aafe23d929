package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.ConceptConfig;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.KafkaBroker;
import io.driftwatch.testing.TrainedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * On a real broker: {@code publish} switches a running instance to a new model; a restarted instance re-loads the
 * latest valid artifact from the models topic (replayed through the validating processor, so an invalid artifact
 * published last does not erase it), and the topic's model wins over {@code --model}.
 */
class ModelLifecycleBrokerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String EVENT = "{\"patient_id\":\"%s\",\"event_id\":\"%s\",\"age\":61,\"sex\":1,\"bmi\":25.8,"
      + "\"bp\":90,\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}";

  @TempDir Path dir;

  @Test
  void publishSwitchesARunningInstanceAndARestartKeepsTheLatestValidModel() throws Exception {
    Topics topics = Topics.defaults();
    kafka.createTopics(List.of(
        new NewTopic(topics.features(), 1, (short) 1),
        new NewTopic(topics.predictions(), 1, (short) 1),
        new NewTopic(topics.deadLetters(), 1, (short) 1),
        new NewTopic(topics.driftReports(), 1, (short) 1),
        new NewTopic(topics.models(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
    ModelArtifact v1 = TrainedModels.diabetes();
    ModelArtifact v2 = TrainedModels.scaled(v1, 2);
    Path v1File = dir.resolve("v1.json");
    Path v2File = dir.resolve("v2.json");
    ModelArtifactJson.write(v1, v1File);
    ModelArtifactJson.write(v2, v2File);
    DriftwatchConfig config = config();

    try (DriftwatchService first = DriftwatchService.create(config, Optional.of(v1File))) {
      first.start();
      assertThat(first.awaitRunning(TIMEOUT)).isTrue();
      send("e-1");
      assertThat(versions(1)).containsExactly(v1.modelVersion());

      assertThat(publish(v2File)).isEqualTo(0);
      awaitVersion(first, v2.modelVersion());
      send("e-2");
      assertThat(versions(2)).containsExactly(v1.modelVersion(), v2.modelVersion());

      kafka.produceBytes(topics.models(),
          List.of(Map.entry(v1.modelName().getBytes(UTF_8), "{\"schema_version\":1}".getBytes(UTF_8))));
    }

    try (DriftwatchService restarted = DriftwatchService.create(config, Optional.of(v1File))) {
      assertThat(restarted.models().current().version()).isEqualTo(v1.modelVersion());
      restarted.start();
      assertThat(restarted.awaitRunning(TIMEOUT)).isTrue();
      assertThat(restarted.models().current().version()).isEqualTo(v2.modelVersion());
      send("e-3");
      assertThat(versions(3)).containsExactly(v1.modelVersion(), v2.modelVersion(), v2.modelVersion());
    }
  }

  private DriftwatchConfig config() {
    Map<String, String> settings = new HashMap<>();
    kafka.streamsConfig("model-lifecycle").forEach((key, value) -> settings.put((String) key, value.toString()));
    settings.put(ConceptConfig.ENABLED, "false");
    return DriftwatchConfig.of(settings);
  }

  private static void send(String id) {
    kafka.produceBytes(Topics.DEFAULT_FEATURES,
        List.of(Map.entry(id.getBytes(UTF_8), String.format(EVENT, id, id).getBytes(UTF_8))));
  }

  private static List<String> versions(int expected) {
    List<ConsumerRecord<byte[], byte[]>> records =
        kafka.consumeBytes(Topics.DEFAULT_PREDICTIONS, expected, Duration.ofMillis(500));
    return records.stream().map(r -> PredictionJson.read(r.value()).modelVersion()).toList();
  }

  private static int publish(Path model) {
    StringWriter out = new StringWriter();
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int status = cli.execute("publish", "--model", model.toString(), "--bootstrap-servers", kafka.bootstrapServers());
    assertThat(out.toString()).startsWith("published model diabetes-lasso version ");
    return status;
  }

  private static void awaitVersion(DriftwatchService service, String version) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!version.equals(service.models().current().version()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(service.models().current().version()).isEqualTo(version);
  }
}
