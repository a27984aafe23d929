package io.driftwatch.streaming;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for any of {@code bootstrap.servers} to answer, and says so once in driftwatch's words. Kafka's clients
 * retry an unreachable bootstrap server for ever, logging a warning at every attempt (those lines are filtered out in
 * {@code log4j2.xml}); instead this logs one warning naming each server and why it cannot be reached (unknown host,
 * connection refused, no answer), then one line when the cluster answers. Kafka Streams is started only then: its
 * {@code start()} holds a lock while the global store restores, so an instance started against an unreachable
 * cluster could not even be closed (SIGTERM would wait for {@code task.timeout.ms}, 5 minutes by default).
 */
public final class KafkaReachability implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
  /** How long each attempt waits for an answer, and the pause between attempts. */
  static final Duration ATTEMPT = Duration.ofSeconds(5);
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private final String bootstrapServers;
  private final CountDownLatch closed = new CountDownLatch(1);

  KafkaReachability(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Asks the cluster until it answers or {@link #close()} is called, logging one warning if the first attempt gets
   * no answer and one line when the cluster answers after that.
   *
   * @return true once the cluster answered; false if closed first
   */
  boolean await(Admin admin) throws InterruptedException {
    long started = System.nanoTime();
    if (answers(admin, ATTEMPT)) {
      return true;
    }
    LOG.warn("cannot reach Kafka: {}. Waiting for it, asking every {} s (Ctrl-C or SIGTERM stops)",
        describeEach(bootstrapServers), ATTEMPT.toSeconds());
    while (!closed.await(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS)) {
      if (answers(admin, ATTEMPT)) {
        LOG.info("reached Kafka at {} after {} s", bootstrapServers,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return true;
      }
    }
    return false;
  }

  private static boolean answers(Admin admin, Duration timeout) throws InterruptedException {
    DescribeClusterResult cluster =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
    try {
      cluster.nodes().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /**
   * Each server with why a TCP connection to it fails, e.g. {@code localhost:19999 (connection refused), kafka:9092
   * (unknown host)}; a server that accepts connections but is no Kafka broker (or wants TLS/SASL settings that are
   * missing) is said to accept connections without answering as Kafka.
   */
  public static String describeEach(String bootstrapServers) {
    List<String> parts = new ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      String trimmed = server.trim();
      if (!trimmed.isEmpty()) {
        parts.add(trimmed + " (" + why(trimmed) + ")");
      }
    }
    return String.join(", ", parts);
  }

  private static String why(String server) {
    int colon = server.lastIndexOf(':');
    if (colon <= 0) {
      return "not host:port";
    }
    String host = server.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(server.substring(colon + 1));
    } catch (NumberFormatException e) {
      return "not host:port";
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      return "unknown host";
    }
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MS);
      return "accepts connections but does not answer as Kafka: check the port and security.protocol";
    } catch (java.net.ConnectException e) {
      return "connection refused";
    } catch (java.net.SocketTimeoutException e) {
      return "no answer within " + CONNECT_TIMEOUT_MS / 1000 + " s";
    } catch (UnknownHostException e) {
      return "unknown host";
    } catch (IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** Stops {@link #await}: it returns false within one attempt. */
  @Override
  public void close() {
    closed.countDown();
  }
}
