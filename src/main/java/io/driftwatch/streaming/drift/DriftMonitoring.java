package io.driftwatch.streaming.drift;

import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.scoring.ScoringOutcome;
import io.driftwatch.streaming.windows.WindowMerger;
import io.driftwatch.streaming.windows.WindowSignal;
import io.driftwatch.streaming.windows.WindowSignalSerde;
import io.driftwatch.streaming.windows.WriteAtCommitStore;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Data drift in the topology:
 *
 * <pre>
 * scored and rejected ──► drift-windows (per task: heap summaries and reject counters, persisted at commit)
 *                           │ partials, heartbeats (with the counters), model artifacts
 *                           ▼
 *        drift-partials (internal topic, 1 partition) ──► drift-merge ──► drift-reports
 *                                                        (drift-merged-windows, drift-states)
 * </pre>
 *
 * Events are never repartitioned: each task pre-aggregates its own, and only the small partial summaries travel.
 */
public final class DriftMonitoring {

  /** Name of the internal topic's part: the topic is {@code <application.id>-drift-partials-repartition}. */
  static final String PARTIALS = "drift-partials";
  /** The merge stage's changelogged store. */
  static final String MERGE_STORE = "drift-merged-windows";
  /** The drift states (runs of flagged windows) per model version, changelogged: {@link DriftReporter}. */
  public static final String STATE_STORE = "drift-states";

  private DriftMonitoring() {}

  /** @param outcomes every scoring outcome: scored events are summarized, rejected records counted per reason */
  public static void addTo(KStream<byte[], ScoringOutcome> outcomes, DriftConfig config, Topics topics,
      DriftReports reports) {
    KStream<String, WindowSignal> signals = outcomes
        .process(supplier(() -> new DriftWindowAggregator(config),
            WriteAtCommitStore.builder(DriftWindowAggregator.STORE)), Named.as("drift-windows"))
        .repartition(Repartitioned.<String, WindowSignal>as(PARTIALS)
            .withKeySerde(Serdes.String())
            .withValueSerde(new WindowSignalSerde())
            .withNumberOfPartitions(1));
    merge(signals, config, reports)
        .to(topics.driftReports(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("drift-reports"));
  }

  /** The merge stage on a single-partition stream of every task's signals: report JSON keyed by window start. */
  public static KStream<String, byte[]> merge(KStream<String, WindowSignal> signals, DriftConfig config,
      DriftReports reports) {
    return signals.process(supplier(() -> new WindowMerger<>(DriftSummaries.of(config.statistics()), MERGE_STORE,
            config,
            DriftCounters.COUNT, new DriftReporter(config.statistics(), reports)),
        Set.of(changelogged(MERGE_STORE), changelogged(STATE_STORE))), Named.as("drift-merge"));
  }

  private static StoreBuilder<KeyValueStore<Bytes, byte[]>> changelogged(String name) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
        .withCachingDisabled()
        .withLoggingEnabled(Map.of());
  }

  public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> supplier(
      Supplier<Processor<KIn, VIn, KOut, VOut>> processors, StoreBuilder<?> store) {
    return supplier(processors, Set.of(store));
  }

  public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> supplier(
      Supplier<Processor<KIn, VIn, KOut, VOut>> processors, Set<StoreBuilder<?>> stores) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<KIn, VIn, KOut, VOut> get() {
        return processors.get();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return stores;
      }
    };
  }
}
