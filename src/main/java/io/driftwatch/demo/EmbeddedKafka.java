package io.driftwatch.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker and controller in one process) inside this JVM, for {@code demo} and
 * benchmarks. Unlike the test kit it listens on a port the caller chooses, so {@code kcat -b localhost:9092} works.
 * Data lives in a temporary directory that {@link #close()} removes.
 *
 * <p>Uses the broker jars, which are {@code provided}: the service's runtime never loads this class.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The default port, Kafka's usual one. */
  public static final int DEFAULT_PORT = 9092;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int port;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port) {
    this.server = server;
    this.dataDir = dataDir;
    this.port = port;
  }

  /**
   * Formats storage in a fresh temporary directory and starts the broker, returning once it answers requests.
   *
   * @param port the client (PLAINTEXT) port on localhost; 0 picks a free one
   * @throws IllegalStateException when the port is taken or the broker does not come up
   */
  public static EmbeddedKafka start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Kafka port must be between 0 and 65535, got " + port);
    }
    requireBrokerJars();
    int clientPort = port == 0 ? freePort() : requireFree(port);
    int controllerPort = freePort();
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("driftwatch-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the broker's temporary directory", e);
    }
    try {
      Properties props = brokerProperties(clientPort, controllerPort, dataDir.resolve("logs"));
      format(props, dataDir);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      EmbeddedKafka kafka = new EmbeddedKafka(server, dataDir, clientPort);
      try {
        server.startup();
        kafka.awaitReady();
      } catch (RuntimeException | Error e) {
        kafka.close();
        throw e;
      }
      log.info("Kafka broker started on localhost:{} (data in {})", clientPort, dataDir);
      return kafka;
    } catch (RuntimeException | Error e) {
      deleteRecursively(dataDir);
      throw e;
    }
  }

  /** Fails, saying why and what to do, when the broker classes cannot be loaded (the service image leaves them out). */
  public static void requireBrokerJars() {
    if (!brokerJarsPresent()) {
      throw new IllegalStateException(
          "Kafka's broker jars are not on the classpath (they are 'provided': the service image leaves them out);"
              + " run this from a source checkout with ./driftwatch");
    }
  }

  /** Whether the broker classes can be loaded: true for {@code ./driftwatch} and tests, false in the service image. */
  public static boolean brokerJarsPresent() {
    try {
      Class.forName("kafka.server.KafkaRaftServer", false, EmbeddedKafka.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** {@code localhost:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return dataDir;
  }

  /** Creates a topic with the given partition count and topic-level configuration; an existing topic is kept. */
  public void createTopic(String name, int partitions, Map<String, String> config) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config)));
  }

  /** Creates the topics, waiting until the broker has them all; topics that already exist are kept as they are. */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      var results = admin.createTopics(topics).values();
      for (var entry : results.entrySet()) {
        try {
          entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics", e);
    }
  }

  /** The names of the topics on the broker (internal ones excluded). */
  public Set<String> topicNames() {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list topics", e);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
  }

  /** Stops the broker and deletes its data. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteRecursively(dataDir);
      log.info("Kafka broker on localhost:{} stopped, data removed", port);
    }
  }

  static Properties brokerProperties(int clientPort, int controllerPort, Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic has a single replica, and few partitions keep start-up quick.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "1");
    // Consumers and Streams instances join at once instead of waiting 3 s for peers.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created explicitly, so a typo in a topic name fails instead of creating a new topic.
    p.put("auto.create.topics.enable", "false");
    // The log cleaner's dedupe buffer is 128 MiB by default, allocated at start: in a demo JVM (or a test's 256 MiB
    // child JVM) that is half the heap for compacting a few small topics. 16 MiB holds 500 000 keys.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    return p;
  }

  private static void format(Properties props, Path dataDir) {
    Path configFile = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(configFile)) {
      props.store(out, "driftwatch in-JVM broker");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + configFile, e);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status =
          StorageTool.execute(
              new String[] {
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()
              },
              printStream);
    }
    if (status != 0) {
      throw new IllegalStateException(
          "Formatting the broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The broker on " + bootstrapServers() + " did not come up", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }

  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("localhost", port));
      return port;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port " + port + " on localhost is already in use (is another Kafka running?)", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("Could not remove {} completely: {}", dir, e.toString());
    }
  }
}
