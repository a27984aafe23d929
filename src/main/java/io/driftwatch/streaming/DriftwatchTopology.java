package io.driftwatch.streaming;

import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.deadletter.DeadLetterOnError;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.deadletter.ToDeadLetter;
import io.driftwatch.streaming.drift.DriftMonitoring;
import io.driftwatch.streaming.drift.DriftReports;
import io.driftwatch.streaming.performance.ConceptMonitoring;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.ModelUpdates;
import io.driftwatch.streaming.scoring.RejectedEvent;
import io.driftwatch.streaming.scoring.ScoreEvent;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.streaming.scoring.ScoringOutcome;
import io.driftwatch.streaming.scoring.WritePrediction;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.ForeachAction;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole data flow in one place:
 *
 * <pre>
 * models ──► global store ──► ModelRegistry (volatile, swapped live)
 *                                   │
 * patient-features ──► score ──┬─► scored ──► prediction JSON ──► predictions
 *                              ├─► rejected ──► dead letter (value unchanged, + headers) ──► patient-features-dlq
 *                              └─► drift windows (per task: scored summarized, rejected counted per reason)
 *                                     ──► drift-partials ──► merge ──► drift-reports
 * </pre>
 *
 * Events are never repartitioned: predictions are re-keyed by {@code patient_id} only at the sink, and data drift
 * sends only per-task partial summaries to its single merge task ({@link DriftMonitoring}). The drift windows read the
 * scoring step's output before the split, so that a report can count the rejected records too, at no extra step per
 * scored event.
 */
public final class DriftwatchTopology {

  private DriftwatchTopology() {}

  public static Topology build(DriftwatchConfig config, ModelRegistry models) {
    return build(config, models, new DriftReports(), new RecordOutcomes());
  }

  /** With performance reports and alarms published to {@code performance} in process. */
  public static Topology build(DriftwatchConfig config, ModelRegistry models, DriftReports reports,
      PerformanceReports performance, RecordOutcomes counts) {
    return build(config, models, reports, performance, counts, null);
  }

  /**
   * The topology; the drift reports this instance emits are also published to {@code reports}, and every scored or
   * dead-lettered record is counted in {@code counts}.
   */
  public static Topology build(
      DriftwatchConfig config, ModelRegistry models, DriftReports reports, RecordOutcomes counts) {
    return build(config, models, reports, new PerformanceReports(), counts, null);
  }

  /**
   * Kafka Streams properties for running the topology built with {@code counts}: the configuration's, plus the handler
   * that dead-letters a record on which processing throws ({@link DeadLetterOnError}).
   */
  public static Properties streamsProperties(DriftwatchConfig config, RecordOutcomes counts) {
    return DeadLetterOnError.configure(config.toStreamsProperties(), config.topics(), counts);
  }

  /** As above; a non-null {@code probe} sees every scored event before its prediction is written (tests inject faults). */
  static Topology build(DriftwatchConfig config, ModelRegistry models, DriftReports reports,
      PerformanceReports performance, RecordOutcomes counts, ForeachAction<byte[], ScoredEvent> probe) {
    Topics topics = config.topics();
    Properties properties = streamsProperties(config, counts);
    // Topology-level settings (e.g. max.task.idle.ms, processing exception handlers) come from the same config.
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));

    ModelUpdates.addTo(builder, topics.models(), models);

    KStream<byte[], ScoringOutcome> scoring =
        builder.stream(topics.features(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("features"))
            .processValues(
                () -> new ScoreEvent(models, config.inputMaxBytes(), config.maxFutureSkew(), counts.events()),
                Named.as("score"));
    Map<String, KStream<byte[], ScoringOutcome>> outcomes =
        scoring
            .split(Named.as("outcome-"))
            .branch((key, outcome) -> outcome instanceof ScoredEvent, Branched.as("scored"))
            .defaultBranch(Branched.as("rejected"));

    KStream<byte[], ScoredEvent> scored = narrow(outcomes.get("outcome-scored"));
    if (probe != null) {
      scored = scored.peek(probe, Named.as("probe"));
    }
    KStream<byte[], RejectedEvent> rejected = narrow(outcomes.get("outcome-rejected"));

    // Later steps attach to `scored`, still keyed and partitioned as the input; concept drift will join outcomes by
    // event_id.
    scored
        .process(() -> new WritePrediction(counts, config.concept().labelledEvents()), Named.as("prediction-json"))
        .to(topics.predictions(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("predictions"));

    if (config.drift().enabled()) {
      DriftMonitoring.addTo(scoring, config.drift(), topics, reports);
    }
    if (config.concept().enabled()) {
      ConceptMonitoring.addTo(builder, config, models, performance, counts);
    }

    rejected
        .processValues(() -> new ToDeadLetter(counts), Named.as("dead-letter"))
        .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters"));

    return builder.build(properties);
  }

  /**
   * A branch of the split, typed as what its predicate let through ({@code ScoringOutcome} is sealed: a branch that is
   * not scored is rejected). A cast of the stream, not a {@code mapValues} node: no extra node and no record copy per
   * event.
   */
  @SuppressWarnings("unchecked")
  private static <T extends ScoringOutcome> KStream<byte[], T> narrow(KStream<byte[], ScoringOutcome> branch) {
    return (KStream<byte[], T>) (KStream<byte[], ?>) branch;
  }
}
