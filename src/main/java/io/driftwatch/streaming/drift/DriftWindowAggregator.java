package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.scoring.RejectedEvent;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.streaming.scoring.ScoringOutcome;
import io.driftwatch.streaming.windows.TaskWindowing;
import io.driftwatch.streaming.windows.WindowSignal;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Folds the scoring outcomes of one stream task (one input partition) into heap window summaries, in the scoring
 * sub-topology: no repartition of events. Per scored event: a window lookup and {@code WindowSummary.update}, no
 * allocation, no serialization, no store access. Per rejected record: one counter per reason
 * ({@link DriftCounters}), which the next heartbeat carries to the merge stage and the next report shows in its
 * {@code data_quality}. The window machinery ({@link TaskWindowing}) persists at commit and sends partials,
 * heartbeats and model artifacts to the merge stage.
 */
public final class DriftWindowAggregator implements Processor<byte[], ScoringOutcome, String, WindowSignal> {

  public static final String STORE = "drift-task-windows";

  private final TaskWindowing<SummaryLayout, WindowSummary> windowing;

  DriftWindowAggregator(DriftConfig config) {
    this.windowing = new TaskWindowing<>(DriftSummaries.of(config.statistics()), config, DriftCounters.COUNT);
  }

  @Override
  public void init(ProcessorContext<String, WindowSignal> context) {
    windowing.init(context, context.getStateStore(STORE));
  }

  @Override
  public void process(Record<byte[], ScoringOutcome> record) {
    if (record.value() instanceof ScoredEvent event) {
      WindowSummary summary = windowing.summaryFor(event.model(), event.eventTimeMillis(), record.timestamp());
      if (summary != null) {
        summary.update(event.features(), event.prediction());
        windowing.afterUpdate(record.timestamp());
      }
    } else if (record.value() instanceof RejectedEvent rejected) {
      windowing.count(DriftCounters.rejected(rejected.reason()), 1);
    }
  }
}
