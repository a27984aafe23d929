package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(0);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void listensOnTheChosenPortOfLocalhost() {
    assertThat(kafka.port()).isPositive();
    assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + kafka.port());
    assertThat(Files.isDirectory(kafka.dataDirectory())).isTrue();
  }

  @Test
  void aRecordProducedIsConsumedBack() {
    kafka.createTopic("roundtrip", 3, Map.of());

    produce("roundtrip", "p-17", "{\"patient_id\":\"p-17\",\"bmi\":25.8}");

    List<ConsumerRecord<String, String>> records = consume("roundtrip", 1);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("p-17");
    assertThat(records.get(0).value()).isEqualTo("{\"patient_id\":\"p-17\",\"bmi\":25.8}");
  }

  @Test
  void createsTopicsWithPartitionsAndConfigurationAndKeepsExistingOnes() throws Exception {
    kafka.createTopic(
        "models-test", 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    kafka.createTopic("big-values", 4, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4194304"));
    kafka.createTopic("big-values", 4, Map.of()); // again: no error, configuration kept

    try (Admin admin = kafka.admin()) {
      var descriptions = admin.describeTopics(List.of("models-test", "big-values")).allTopicNames().get();
      assertThat(descriptions.get("models-test").partitions()).hasSize(1);
      assertThat(descriptions.get("big-values").partitions()).hasSize(4);
      var models = new ConfigResource(ConfigResource.Type.TOPIC, "models-test");
      var big = new ConfigResource(ConfigResource.Type.TOPIC, "big-values");
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(models, big)).all().get();
      assertThat(configs.get(models).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
      assertThat(configs.get(big).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo("4194304");
    }
    assertThat(kafka.topicNames()).contains("models-test", "big-values");
  }

  @Test
  void kcatReadsWhatJavaProducedAndJavaReadsWhatKcatProduced() throws Exception {
    assumeTrue(kcatInstalled(), "kcat is not installed");
    kafka.createTopic("kcat-test", 1, Map.of());
    produce("kcat-test", "p-1", "from-java");

    String consumed =
        run(
            null,
            "kcat", "-C", "-b", kafka.bootstrapServers(), "-t", "kcat-test", "-o", "beginning", "-c", "1", "-e",
            "-q", "-f", "%k=%s\\n");
    assertThat(consumed).isEqualTo("p-1=from-java\n");

    run("p-2:from-kcat\n", "kcat", "-P", "-b", kafka.bootstrapServers(), "-t", "kcat-test", "-K", ":");
    List<ConsumerRecord<String, String>> records = consume("kcat-test", 2);
    assertThat(records).extracting(ConsumerRecord::key).containsExactly("p-1", "p-2");
    assertThat(records).extracting(ConsumerRecord::value).containsExactly("from-java", "from-kcat");
  }

  @Test
  void refusesAPortThatIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("localhost", 0));
      assertThatThrownBy(() -> EmbeddedKafka.start(taken.getLocalPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Port " + taken.getLocalPort())
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void closeStopsTheBrokerAndRemovesItsData() throws IOException {
    EmbeddedKafka second = EmbeddedKafka.start(0);
    Path data = second.dataDirectory();
    int port = second.port();

    second.close();
    second.close(); // idempotent

    assertThat(data).doesNotExist();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("localhost", port)); // the port is free again
    }
  }

  private static void produce(String topic, String key, String value) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (var producer = new KafkaProducer<String, String>(config)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("produce failed", e);
    }
  }

  private static List<ConsumerRecord<String, String>> consume(String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static boolean kcatInstalled() {
    try {
      return new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String run(String stdin, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as("%s exit status", String.join(" ", command)).isZero();
    return out;
  }
}
