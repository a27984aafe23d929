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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
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

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120); // generous: only a failure waits it out

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

  /** Creates the topics and waits until the broker leads every partition of them. */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      // The controller has the topics; wait until the broker serves them as leader (ListOffsets, like Produce, is
      // refused with NOT_LEADER_OR_FOLLOWER until then), so the first records need no retry.
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      for (NewTopic topic : topics) {
        for (int p = 0; p < topic.numPartitions(); p++) {
          partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
        }
      }
      long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
      while (true) {
        try {
          admin.listOffsets(partitions).all().get();
          break;
        } catch (ExecutionException notYet) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException("the broker does not lead every partition of " + topics + ": " + notYet);
          }
          Thread.sleep(20);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create topics " + topics, e);
    }
  }

  /** Sends string records (key, value) to {@code topic} and waits for every acknowledgement. */
  public void produce(String topic, List<Map.Entry<String, String>> records) {
    produce(topic, null, records);
  }

  /**
   * Sends string records (key, value), in order, to {@code partition} of {@code topic} (null: by key, as Kafka's
   * default partitioner does) and waits for every acknowledgement.
   */
  public void produce(String topic, Integer partition, List<Map.Entry<String, String>> records) {
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (var producer = new KafkaProducer<String, String>(config)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (Map.Entry<String, String> record : records) {
        sent.add(producer.send(new ProducerRecord<>(topic, partition, record.getKey(), record.getValue())));
      }
      producer.flush();
      requireAcknowledged(topic, sent);
    }
  }

  /** Sends raw records, byte for byte (for dead-letter tests), and waits for every acknowledgement. */
  public void produceBytes(String topic, List<Map.Entry<byte[], byte[]>> records) {
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (var producer = new KafkaProducer<byte[], byte[]>(config)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> record : records) {
        sent.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
      }
      producer.flush();
      requireAcknowledged(topic, sent);
    }
  }

  /** Fails loudly if the broker refused any record: a test must not go on with part of its input silently lost. */
  private static void requireAcknowledged(String topic, List<Future<RecordMetadata>> sent) {
    for (Future<RecordMetadata> ack : sent) {
      try {
        ack.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the broker refused a record for " + topic + ": " + e.getCause(), e);
      }
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
   * Waits until group {@code groupId} has committed the end of every partition of {@code input} and no transaction is
   * open on any partition of {@code outputs}: everything the application will write for the input so far is then
   * decided (committed or aborted), so reading the outputs to their end sees all of it. A wait-until, no guessed
   * settle time.
   */
  public void awaitProcessed(String groupId, String input, Collection<String> outputs, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "";
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, Long> inputEnd = endOffsets(admin, input, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        boolean consumed = inputEnd.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
            && committed.get(e.getKey()).offset() >= e.getValue());
        boolean decided = true;
        for (String output : outputs) {
          decided &= endOffsets(admin, output, IsolationLevel.READ_COMMITTED)
              .equals(endOffsets(admin, output, IsolationLevel.READ_UNCOMMITTED));
        }
        if (consumed && decided) {
          return;
        }
        state = "input end " + inputEnd + ", committed " + committed + ", outputs decided: " + decided;
        Thread.sleep(100);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("group " + groupId + " did not finish processing " + input + " within " + timeout
        + ": " + state);
  }

  /** Every committed record of {@code topic}, from the start to its current end, as a read_committed reader sees. */
  public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return readToEnd(topic, IsolationLevel.READ_COMMITTED);
  }

  /**
   * Every record in {@code topic}'s log to its current end, including those of aborted transactions (what a
   * read_uncommitted reader sees).
   */
  public List<ConsumerRecord<byte[], byte[]>> readUncommitted(String topic) {
    return readToEnd(topic, IsolationLevel.READ_UNCOMMITTED);
  }

  private List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, IsolationLevel isolation) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (var consumer = new KafkaConsumer<byte[], byte[]>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // For read_committed, the end is the last stable offset; for read_uncommitted, the high watermark.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + end);
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /** The end of each partition of {@code topic}: the last stable offset for read_committed, else the high watermark. */
  public Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation) {
    try (Admin admin = admin()) {
      return endOffsets(admin, topic, isolation);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, IsolationLevel isolation)
      throws ExecutionException, InterruptedException {
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
        .forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
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
    // One batch in flight: should a first batch fail (NOT_LEADER_OR_FOLLOWER on a new topic) while the next one lands,
    // the retried first batch would be refused forever as out of order, and its records would never arrive.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Give up (and fail the test) within the harness's timeout, not after the default two minutes.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
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
