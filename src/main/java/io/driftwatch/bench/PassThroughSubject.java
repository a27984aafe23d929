package io.driftwatch.bench;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The baseline: copies every record's bytes from input to output, the least any Kafka Streams topology can do. */
public final class PassThroughSubject implements BenchSubject {

  @Override
  public String name() {
    return "pass-through";
  }

  static Topology topology(String inputTopic, String outputTopic, Properties props) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    builder
        .stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(outputTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return builder.build();
  }

  @Override
  public Running start(BenchRun run) {
    Properties props = run.streamsProperties();
    KafkaStreams streams = new KafkaStreams(topology(run.inputTopic(), run.outputTopic(), props), props);
    streams.start();
    return Running.of(streams);
  }
}
