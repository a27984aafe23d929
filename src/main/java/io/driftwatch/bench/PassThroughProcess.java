package io.driftwatch.bench;

import io.driftwatch.streaming.config.DriftwatchConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The deployed benchmark's floor: {@link PassThroughSubject}'s topology (bytes in, the same bytes out) in a JVM of its
 * own, with serve's Kafka settings (exactly-once v2 and every other default {@code serve} gives Kafka Streams) and the
 * launcher's JVM options. What no service built on Kafka Streams can beat on this machine: start-up, rebalance,
 * transactions and the JIT's work on Kafka's own code, without one line of scoring.
 *
 * <p>Arguments: {@code BOOTSTRAP INPUT OUTPUT APPLICATION_ID STATE_DIR}. Runs until SIGTERM, then closes.
 */
public final class PassThroughProcess {

  private PassThroughProcess() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 5) {
      System.err.println("usage: PassThroughProcess BOOTSTRAP INPUT OUTPUT APPLICATION_ID STATE_DIR");
      System.exit(2);
    }
    Properties props = DriftwatchConfig.load(null, Map.of(
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
            StreamsConfig.APPLICATION_ID_CONFIG, args[3],
            StreamsConfig.STATE_DIR_CONFIG, args[4]), Map.of())
        .toStreamsProperties();
    KafkaStreams streams = new KafkaStreams(PassThroughSubject.topology(args[1], args[2], props), props);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(30));
      stopped.countDown();
    }, "pass-through-shutdown"));
    streams.start();
    stopped.await();
  }
}
