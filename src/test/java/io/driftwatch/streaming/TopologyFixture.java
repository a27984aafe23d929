package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.drift.DriftReports;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.ScoredEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.ForeachAction;

/** A {@link TopologyTestDriver} around {@link DriftwatchTopology} with its topics, for one test. */
final class TopologyFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

  final DriftwatchConfig config;
  final ModelRegistry models;
  final RecordOutcomes outcomes = new RecordOutcomes();
  final PerformanceReports performance = new PerformanceReports();
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> features;
  final TestInputTopic<String, byte[]> modelsTopic;
  final TestOutputTopic<String, byte[]> predictions;
  final TestOutputTopic<byte[], byte[]> deadLetters;

  TopologyFixture(ModelRegistry models) {
    this(models, Map.of());
  }

  TopologyFixture(ModelRegistry models, Map<String, String> settings) {
    this(models, settings, null);
  }

  /** With a probe that sees each scored event before its prediction is written (to inject faults). */
  TopologyFixture(ModelRegistry models, Map<String, String> settings, ForeachAction<byte[], ScoredEvent> probe) {
    Map<String, String> properties = new HashMap<>(settings);
    properties.put("bootstrap.servers", "unused:9092");
    this.config = DriftwatchConfig.of(properties);
    this.models = models;
    this.driver = new TopologyTestDriver(
        DriftwatchTopology.build(config, models, new DriftReports(), performance, outcomes, probe),
        DriftwatchTopology.streamsProperties(config, outcomes), START);
    Topics topics = config.topics();
    this.features =
        driver.createInputTopic(topics.features(), new ByteArraySerializer(), new ByteArraySerializer(), START,
            java.time.Duration.ofSeconds(1));
    this.modelsTopic =
        driver.createInputTopic(topics.models(), new StringSerializer(), new ByteArraySerializer());
    this.predictions =
        driver.createOutputTopic(topics.predictions(), new StringDeserializer(), new ByteArrayDeserializer());
    this.deadLetters =
        driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  void send(String json) {
    features.pipeInput(null, json.getBytes(UTF_8));
  }

  static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  @Override
  public void close() {
    driver.close();
  }
}
