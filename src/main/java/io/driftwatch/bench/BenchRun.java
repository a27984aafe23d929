package io.driftwatch.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One run of a {@link BenchSubject}: where to read and write, and the Kafka Streams settings every subject shares.
 *
 * @param bootstrapServers the broker
 * @param applicationId a fresh {@code application.id}, so every run reads its input from the beginning
 * @param inputTopic patient feature events, already there or arriving
 * @param outputTopic where one record per input must appear
 * @param stateDir a fresh Kafka Streams state directory
 * @param streamsConfig Kafka Streams properties shared by all subjects (processing guarantee, threads, ...)
 */
public record BenchRun(
    String bootstrapServers,
    String applicationId,
    String inputTopic,
    String outputTopic,
    Path stateDir,
    Map<String, Object> streamsConfig) {

  public BenchRun {
    streamsConfig = Map.copyOf(streamsConfig);
  }

  /** The shared settings plus this run's application id, broker and state directory, for a plain topology. */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.putAll(streamsConfig);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }
}
