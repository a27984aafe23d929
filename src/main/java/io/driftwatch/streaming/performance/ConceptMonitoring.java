package io.driftwatch.streaming.performance;

import io.driftwatch.streaming.config.ConceptConfig;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.deadletter.ToDeadLetter;
import io.driftwatch.streaming.drift.DriftMonitoring;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.RejectedEvent;
import io.driftwatch.streaming.windows.WindowMerger;
import io.driftwatch.streaming.windows.WindowSignal;
import io.driftwatch.streaming.windows.WindowSignalSerde;
import io.driftwatch.streaming.windows.WriteAtCommitStore;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Concept drift in the topology, a sub-topology of its own, off the scoring path:
 *
 * <pre>
 * predictions (topic, key patient_id) ──┐
 *                                        ├─► label-join (per task: waiting predictions, performance windows)
 * patient-outcomes (key patient_id) ────┘      │ partials, heartbeats, artifacts, labels   ├─► bad outcomes ──► dlq
 *                                              │                                           └─► labelled-events
 *                                              ▼
 *                     performance-partials (internal topic, 1 partition) ──► performance-merge ──► performance-reports
 *                                                                             (windows, sequential alarms)
 * </pre>
 *
 * The scoring sub-topology is untouched: the join reads back the predictions it wrote, which are keyed and
 * partitioned by {@code patient_id} like the outcomes, so both meet in the same task without a repartition.
 */
public final class ConceptMonitoring {

  static final String PARTIALS = "performance-partials";
  static final String MERGE_STORE = "performance-merged-windows";

  private ConceptMonitoring() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void addTo(StreamsBuilder builder, DriftwatchConfig config, ModelRegistry models, PerformanceReports reports,
      RecordOutcomes counts) {
    Topics topics = config.topics();
    DriftConfig windows = config.drift();
    ConceptConfig concept = config.concept();
    KStream<byte[], byte[]> predictions = builder.stream(topics.predictions(),
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("predictions-in"));
    KStream<byte[], byte[]> outcomes = builder.stream(topics.outcomes(),
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("outcomes-in"));

    Map<String, KStream<Object, Object>> joined = ((KStream<Object, Object>) (KStream) predictions
        .merge(outcomes, Named.as("labels-in"))
        .process(DriftMonitoring.supplier(
            () -> (Processor) new LabelJoin(models, topics, windows, concept, config.inputMaxBytes(),
                config.maxFutureSkew(), reports.labels()),
            Set.of(pendingStore(), WriteAtCommitStore.builder(LabelJoin.WINDOW_STORE))), Named.as("label-join")))
        .split(Named.as("label-"))
        .branch((key, value) -> value instanceof WindowSignal, Branched.as("signals"))
        .branch((key, value) -> value instanceof LabelledEvent, Branched.as("labelled"))
        .defaultBranch(Branched.as("rejected"));

    KStream<String, WindowSignal> signals = ((KStream<String, WindowSignal>) (KStream) joined.get("label-signals"))
        .repartition(Repartitioned.<String, WindowSignal>as(PARTIALS)
            .withKeySerde(Serdes.String())
            .withValueSerde(new WindowSignalSerde())
            .withNumberOfPartitions(1));
    signals
        .process(DriftMonitoring.supplier(
            () -> new WindowMerger<>(PerformanceSummaries.INSTANCE, MERGE_STORE, windows,
                PerformanceSummaries.COUNTERS, new PerformanceReporter(concept.statistics(), reports)),
            Set.of(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MERGE_STORE), Serdes.Bytes(),
                    Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of()),
                WriteAtCommitStore.builder(PerformanceReporter.ALARM_STORE))), Named.as("performance-merge"))
        .to(topics.performanceReports(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("performance-reports"));

    if (concept.labelledEvents()) {
      ((KStream<String, LabelledEvent>) (KStream) joined.get("label-labelled"))
          .mapValues(LabelledEvent::toJson, Named.as("labelled-json"))
          .to(topics.labelledEvents(),
              Produced.with(Serdes.String(), Serdes.ByteArray()).withName("labelled-events"));
    }

    ((KStream<byte[], RejectedEvent>) (KStream) joined.get("label-rejected"))
        .processValues(() -> new ToDeadLetter(counts), Named.as("outcome-dead-letter"))
        .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("outcome-dead-letters"));
  }

  /**
   * Waiting predictions: on disk (RocksDB), since a year's horizon can hold millions; cached, so a prediction matched
   * within the same commit interval never reaches the changelog twice.
   */
  private static StoreBuilder<?> pendingStore() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoin.STORE), Serdes.Bytes(),
            Serdes.ByteArray())
        .withCachingEnabled()
        .withLoggingEnabled(Map.of());
  }
}
