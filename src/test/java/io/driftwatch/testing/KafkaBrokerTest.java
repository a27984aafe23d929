package io.driftwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: a real broker, an exactly-once Streams application on it, read_committed reads. */
class KafkaBrokerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void anExactlyOncePassThroughCopiesEveryRecordOnce() throws Exception {
    kafka.createTopic("in", 2);
    kafka.createTopic("out", 2);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(Map.entry("k" + i, "v" + i));
    }
    kafka.produce("in", records);

    StreamsBuilder builder = new StreamsBuilder();
    builder
        .stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    try (KafkaStreams streams = new KafkaStreams(builder.build(), kafka.streamsConfig("pass-through"))) {
      streams.start();
      List<ConsumerRecord<String, String>> out = kafka.consume("out", 100, Duration.ofMillis(500));

      assertThat(out).hasSize(100);
      assertThat(out)
          .extracting(r -> Map.entry(r.key(), r.value()))
          .containsExactlyInAnyOrderElementsOf(records);
      streams.close(Duration.ofSeconds(30));
    }
  }
}
