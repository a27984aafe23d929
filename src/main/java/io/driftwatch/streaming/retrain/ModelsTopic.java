package io.driftwatch.streaming.retrain;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.readback.CommittedLog;
import io.driftwatch.streaming.readback.MissingTopicException;
import io.driftwatch.streaming.scoring.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted models topic seen from outside the stream: which artifact the running instances score with (the
 * latest one for the model name that passes the checks every instance applies, as {@code ModelUpdates} replays the
 * topic), and publishing one ({@code publish}, {@code retrain --publish-if-better}): keyed by its model name, byte for
 * byte, acknowledged by every in-sync replica.
 */
public final class ModelsTopic {

  private static final Logger LOG = LoggerFactory.getLogger(ModelsTopic.class);

  /**
   * An artifact as it sits on the topic.
   *
   * @param json its bytes, as published
   */
  public record Published(ModelArtifact artifact, byte[] json, String topic, int partition, long offset) {
    @Override
    public String toString() {
      return "model " + artifact.modelName() + " version " + artifact.modelVersion() + " (topic " + topic
          + ", partition " + partition + ", offset " + offset + ")";
    }
  }

  private ModelsTopic() {}

  /**
   * The artifact every instance with {@code model.name = modelName} scores with once it has read {@code topic}: the
   * last one under that key that is valid JSON, passes the artifact checks and the scoring checks, and names that
   * model. Tombstones and invalid artifacts are logged (never their content) and skipped, as the instances do.
   *
   * @throws MissingTopicException the topic does not exist
   * @throws KafkaException the cluster cannot be reached
   */
  public static Optional<Published> latest(Properties consumerProperties, String topic, String modelName) {
    Published[] latest = new Published[1];
    CommittedLog.read(consumerProperties, topic, null, record -> {
      if (record.key() == null || !modelName.equals(new String(record.key(), StandardCharsets.UTF_8))) {
        return;
      }
      String where = "topic " + topic + " partition " + record.partition() + " offset " + record.offset();
      if (record.value() == null) {
        LOG.info("a tombstone for model {} at {}: ignored, as the instances ignore it", modelName, where);
        return;
      }
      try {
        ModelArtifact artifact = check(record.value(), modelName);
        latest[0] = new Published(artifact, record.value(), topic, record.partition(), record.offset());
      } catch (RuntimeException e) {
        LOG.warn("ignoring an invalid artifact for model {} at {}: {}", modelName, where, e.getMessage());
      }
    });
    return Optional.ofNullable(latest[0]);
  }

  /**
   * Parses {@code json} and applies the checks every instance applies before it switches.
   *
   * @throws InvalidModelArtifactException naming the faulty field, or the model name
   */
  public static ModelArtifact check(byte[] json, String modelName) {
    ModelArtifact artifact = ModelArtifactJson.read(json);
    ScoringModel.compile(artifact);
    if (modelName != null && !modelName.equals(artifact.modelName())) {
      throw new InvalidModelArtifactException("model_name '" + artifact.modelName() + "' is not '" + modelName + "'");
    }
    return artifact;
  }

  /**
   * Publishes {@code json} (an artifact that passed {@link #check}) to {@code topic}, keyed by the artifact's model
   * name, and waits for the acknowledgement of every in-sync replica (idempotent producer).
   *
   * @throws KafkaException the broker did not acknowledge it (the cause says why)
   */
  public static Published publish(Properties producerProperties, String topic, ModelArtifact artifact, byte[] json)
      throws InterruptedException {
    Properties properties = new Properties();
    properties.putAll(producerProperties);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
      RecordMetadata written = producer.send(new ProducerRecord<>(topic, artifact.modelName(), json)).get();
      return new Published(artifact, json, written.topic(), written.partition(), written.offset());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw cause instanceof KafkaException k ? k : new KafkaException(cause.getMessage(), cause);
    }
  }
}
