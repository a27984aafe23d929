package io.driftwatch.demo;

import java.io.IOException;
import java.io.InputStream;

/**
 * The deployed benchmark's broker: a single-node Kafka in a JVM of its own, so that the service under test shares
 * the machine with its broker, as it does on a laptop or a small node, but not its heap, its JIT or its GC.
 *
 * <p>Prints {@code bootstrap.servers=<host:port>} on one line once the broker answers, then runs until its standard
 * input ends (the benchmark closes it, or dies), and stops the broker, removing its data.
 */
public final class BrokerProcess {

  /** The line's prefix on standard output that carries the broker's address. */
  public static final String READY_PREFIX = "bootstrap.servers=";

  private BrokerProcess() {}

  public static void main(String[] args) throws IOException {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
      System.out.println(READY_PREFIX + kafka.bootstrapServers());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // nothing: the parent only ever closes it
      }
    }
  }
}
