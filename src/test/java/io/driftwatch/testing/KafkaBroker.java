package io.driftwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka (KRaft, {@link KafkaClusterTestKit}) for one test class, started before its first test and
 * stopped after its last. Register it as {@code @RegisterExtension static final KafkaBroker kafka = new
 * KafkaBroker();}. Helpers produce records and read them back as a downstream consumer would: {@code
 * read_committed}, so aborted transactions never count.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private KafkaClusterTestKit cluster;
  private final List<Path> stateDirs = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  public void start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
    cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "5")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "5")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  public void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      cluster = null;
      for (Path dir : stateDirs) {
        deleteRecursively(dir);
      }
      stateDirs.clear();
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return cluster.admin();
  }

  /** Creates topics with one replica each and waits until they exist. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  public void createTopic(String name, int partitions, Map<String, String> config) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config)));
  }

  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create topics " + topics, e);
    }
  }

  /** Sends string records (key, value) to {@code topic} and waits for every acknowledgement. */
  public void produce(String topic, List<Map.Entry<String, String>> records) {
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (var producer = new KafkaProducer<String, String>(config)) {
      for (Map.Entry<String, String> record : records) {
        producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()));
      }
      producer.flush();
    }
  }

  /** Sends raw records, byte for byte (for dead-letter tests), and waits for every acknowledgement. */
  public void produceBytes(String topic, List<Map.Entry<byte[], byte[]>> records) {
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (var producer = new KafkaProducer<byte[], byte[]>(config)) {
      for (Map.Entry<byte[], byte[]> record : records) {
        producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()));
      }
      producer.flush();
    }
  }

  /**
   * Reads committed string records from the start of {@code topic} until {@code expected} arrived, then keeps reading
   * for {@code settle} to catch any extra (duplicate) record, and returns everything read.
   */
  public List<ConsumerRecord<String, String>> consume(String topic, int expected, Duration settle) {
    return consume(topic, expected, settle, StringDeserializer.class, StringDeserializer.class);
  }

  /** As {@link #consume(String, int, Duration)}, with raw keys and values. */
  public List<ConsumerRecord<byte[], byte[]>> consumeBytes(String topic, int expected, Duration settle) {
    return consume(topic, expected, settle, ByteArrayDeserializer.class, ByteArrayDeserializer.class);
  }

  private <K, V> List<ConsumerRecord<K, V>> consume(
      String topic, int expected, Duration settle, Class<?> keyDeserializer, Class<?> valueDeserializer) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + topic + "-" + System.nanoTime());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (var consumer = new KafkaConsumer<K, V>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      long settleEnd = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleEnd) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * Kafka Streams properties for an application on this broker: exactly-once, a fresh state directory (removed when
   * the broker stops), quick commits so tests see output soon.
   */
  public Properties streamsConfig(String applicationId) {
    return streamsConfig(applicationId, newStateDir());
  }

  /** As {@link #streamsConfig(String)}, reusing {@code stateDir} (a restarted instance finds its state there). */
  public Properties streamsConfig(String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put("processing.exception.handler.global.enabled", true); // Kafka 5.0's default; silences a warning
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
    return props;
  }

  /** A fresh Kafka Streams state directory, removed when the broker stops. */
  public Path newStateDir() {
    try {
      Path dir = Files.createTempDirectory("driftwatch-streams-");
      stateDirs.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return config;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A leftover temp directory is not worth failing a test for.
    }
  }
}
