package io.driftwatch.bench;

/**
 * What the benchmark measures: a stream processor that reads {@link BenchRun#inputTopic()} and writes one record per
 * input to {@link BenchRun#outputTopic()}. The pass-through topology is the baseline; the scoring service plugs in
 * here too, so both run with the same broker, data and Kafka Streams settings.
 */
public interface BenchSubject {

  /** Short name for the report, e.g. {@code pass-through}. */
  String name();

  /** Starts processing and returns once it is started (not necessarily assigned); closing the handle stops it. */
  AutoCloseable start(BenchRun run) throws Exception;
}
