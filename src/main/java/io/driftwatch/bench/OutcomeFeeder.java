package io.driftwatch.bench;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ResidualProfile;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The world, for the benchmark: reads each committed prediction and sends its outcome (the prediction plus a residual
 * drawn from the model's out-of-fold residuals: no concept drift) keyed by {@code patient_id}, so outcomes always come
 * after their predictions, as they do in life. Runs on its own thread, outside the stream threads whose CPU the
 * benchmark reports.
 */
final class OutcomeFeeder implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  private OutcomeFeeder(String bootstrapServers, String predictions, String outcomes, ModelArtifact model) {
    double[] residuals = model.reference().residuals().quantiles();
    this.thread = new Thread(() -> {
      try {
        feed(bootstrapServers, predictions, outcomes, residuals);
      } catch (Exception e) {
        failure.set(e);
      }
    }, "bench-outcome-feeder");
  }

  static OutcomeFeeder start(String bootstrapServers, String predictions, String outcomes, ModelArtifact model) {
    OutcomeFeeder feeder = new OutcomeFeeder(bootstrapServers, predictions, outcomes, model);
    feeder.thread.start();
    return feeder;
  }

  boolean failed() {
    return failure.get() != null;
  }

  private void feed(String bootstrapServers, String predictions, String outcomes, double[] residuals) {
    Map<String, Object> consumerConfig = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.GROUP_ID_CONFIG, predictions + "-outcome-feeder",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> producerConfig = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    SplittableRandom random = new SplittableRandom(20261130);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
      consumer.subscribe(List.of(predictions));
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          Prediction p = PredictionJson.read(record.value());
          double outcome = p.prediction() + residual(residuals, random.nextDouble());
          String json = "{\"patient_id\":\"" + p.patientId() + "\",\"event_id\":\"" + p.eventId()
              + "\",\"progression\":" + outcome + ",\"event_time\":\"" + p.eventTime() + "\"}";
          producer.send(new ProducerRecord<>(outcomes, null, record.timestamp(), record.key(),
              json.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }

  private static double residual(double[] q, double u) {
    double position = u * (q.length - 1);
    int i = Math.min((int) position, q.length - 2);
    return q[i] + (position - i) * (q[i + 1] - q[i]);
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
