package io.driftwatch.streaming.scoring;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ModelRegistry} in step with the compacted models topic, on every instance: the topic feeds a global
 * store, and this processor checks each artifact for {@code model.name}, swaps it into the registry, and keeps it in
 * the store. An invalid artifact is logged (never its content) and ignored, so the previous model stays.
 *
 * <p>Kafka Streams replays the topic through this processor when it restores the global store at start-up, before
 * any event is processed, so a restarted instance scores with the latest valid artifact; {@link #init} also re-loads
 * what the store holds.
 */
public final class ModelUpdates implements Processor<String, byte[], Void, Void> {

  static final String STORE = "model-artifacts";

  private static final Logger LOG = LoggerFactory.getLogger(ModelUpdates.class);

  private final ModelRegistry models;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;

  ModelUpdates(ModelRegistry models) {
    this.models = models;
  }

  /** Adds the models topic, its global store (in memory: the topic is its changelog) and this processor. */
  public static void addTo(StreamsBuilder builder, String modelsTopic, ModelRegistry models) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        modelsTopic,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("models"),
        () -> new ModelUpdates(models));
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    byte[] restored = store.get(models.modelName());
    if (restored != null) {
      install(restored, "the restored models store");
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!models.modelName().equals(record.key())) {
      return; // another model's artifact: other instances may score with it
    }
    String where = context.recordMetadata()
        .map(m -> "models topic " + m.topic() + "-" + m.partition() + " offset " + m.offset())
        .orElse("the models topic");
    if (record.value() == null) {
      LOG.warn("ignoring a tombstone for model {} on {}: keeping the current model", models.modelName(), where);
      return;
    }
    if (install(record.value(), where)) {
      store.put(record.key(), record.value());
    }
  }

  private boolean install(byte[] json, String where) {
    try {
      ModelArtifact artifact = ModelArtifactJson.read(json);
      models.install(artifact);
      return true;
    } catch (RuntimeException e) {
      // The global thread must survive any artifact; the message names the faulty field, not patient data.
      ScoringModel current = models.current();
      LOG.warn(
          "ignoring an invalid artifact for model {} from {}: {}; still scoring with {}",
          models.modelName(), where, e.getMessage(), current == null ? "no model" : "version " + current.version());
      return false;
    }
  }
}
