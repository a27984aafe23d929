package io.driftwatch.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PatientProducerTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();

  @Test
  void sendsEventsKeyedByPatientAndTheirOutcomesAfterTheDelay() throws Exception {
    kafka.createTopic("features", 2);
    kafka.createTopic("outcomes", 2);
    var settings =
        new PatientProducer.Settings(
            kafka.bootstrapServers(), "features", "outcomes", 200, 30, Duration.ofMillis(300), Map.of());
    PatientProducer producer = new PatientProducer(settings, new PatientSimulator(SAMPLE, Scenario.NONE, 1));

    long started = System.nanoTime();
    producer.run();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(producer.eventsSent()).isEqualTo(30);
    assertThat(producer.outcomesSent()).isEqualTo(30);
    // 30 events at 200/s take 145 ms; the last outcome is due 300 ms after the last event.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(445));

    List<ConsumerRecord<String, String>> events = kafka.consume("features", 30, Duration.ZERO);
    List<ConsumerRecord<String, String>> outcomes = kafka.consume("outcomes", 30, Duration.ZERO);
    assertThat(events).hasSize(30);
    assertThat(outcomes).hasSize(30);
    for (ConsumerRecord<String, String> record : events) {
      JsonNode event = MAPPER.readTree(record.value());
      assertThat(record.key()).isEqualTo(event.get("patient_id").asText());
      assertThat(event.fieldNames()).toIterable()
          .containsExactly("patient_id", "event_id", "event_time", "age", "sex", "bmi", "bp", "s1", "s2", "s3",
              "s4", "s5", "s6");
    }
    Map<String, Instant> eventTimes =
        events.stream()
            .map(r -> read(r.value()))
            .collect(
                java.util.stream.Collectors.toMap(
                    e -> e.get("event_id").asText(), e -> Instant.parse(e.get("event_time").asText())));
    // Paced, not burst: 30 events at 200/s span at least 29 × 5 ms of event time, in whole milliseconds.
    var times = eventTimes.values().stream().sorted().toList();
    assertThat(Duration.between(times.get(0), times.get(29))).isGreaterThanOrEqualTo(Duration.ofMillis(140));
    assertThat(times).allMatch(t -> t.getNano() % 1_000_000 == 0);
    for (ConsumerRecord<String, String> record : outcomes) {
      JsonNode outcome = read(record.value());
      assertThat(record.key()).isEqualTo(outcome.get("patient_id").asText());
      Instant measured = eventTimes.get(outcome.get("event_id").asText());
      assertThat(measured).isNotNull();
      assertThat(Instant.parse(outcome.get("event_time").asText())).isEqualTo(measured.plusMillis(300));
      assertThat(outcome.get("progression").isIntegralNumber()).isTrue();
    }
  }

  @Test
  void failsWhenKafkaRejectsTheRecords() {
    var settings =
        new PatientProducer.Settings(
            kafka.bootstrapServers(), "no-such-topic", "outcomes", 100, 1, Duration.ZERO,
            Map.of("max.block.ms", 2_000));
    PatientProducer producer = new PatientProducer(settings, new PatientSimulator(SAMPLE, Scenario.NONE, 1));

    assertThatThrownBy(producer::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Kafka rejected a simulated record:");
    assertThat(producer.eventsSent()).isZero();
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
