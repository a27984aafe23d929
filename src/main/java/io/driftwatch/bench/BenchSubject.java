package io.driftwatch.bench;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the benchmark measures: a stream processor that reads {@link BenchRun#inputTopic()} and writes one record per
 * input to {@link BenchRun#outputTopic()}. The pass-through topology is the baseline; the scoring service plugs in
 * here too, so both run with the same broker, data and Kafka Streams settings.
 */
public interface BenchSubject {

  /** Short name for the report, e.g. {@code pass-through}. */
  String name();

  /** Starts processing and returns once it is started (not necessarily assigned); closing the handle stops it. */
  Running start(BenchRun run) throws Exception;

  /** A started subject. */
  interface Running extends AutoCloseable {

    /** True once the subject has stopped on an error: the benchmark then fails at once instead of timing out. */
    boolean failed();

    /** Whether a Kafka Streams client in {@code state} has stopped on an error or is on its way there. */
    static boolean isFailure(KafkaStreams.State state) {
      return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** A running Kafka Streams client; it has failed when it went to {@code ERROR} or is on its way there. */
    static Running of(KafkaStreams streams) {
      return new Running() {
        @Override
        public boolean failed() {
          return isFailure(streams.state());
        }

        @Override
        public void close() {
          streams.close(Duration.ofSeconds(30));
        }
      };
    }
  }
}
