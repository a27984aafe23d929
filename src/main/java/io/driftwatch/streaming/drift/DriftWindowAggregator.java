package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.streaming.windows.TaskWindowing;
import io.driftwatch.streaming.windows.WindowSignal;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Folds the scored events of one stream task (one input partition) into heap window summaries, in the scoring
 * sub-topology: no repartition of events. Per event: a window lookup and {@code WindowSummary.update}, no allocation,
 * no serialization, no store access; the window machinery ({@link TaskWindowing}) persists at commit and sends
 * partials, heartbeats and model artifacts to the merge stage.
 */
public final class DriftWindowAggregator implements Processor<byte[], ScoredEvent, String, WindowSignal> {

  public static final String STORE = "drift-task-windows";

  private final TaskWindowing<SummaryLayout, WindowSummary> windowing;

  DriftWindowAggregator(DriftConfig config) {
    this.windowing = new TaskWindowing<>(DriftSummaries.INSTANCE, config, 1);
  }

  @Override
  public void init(ProcessorContext<String, WindowSignal> context) {
    windowing.init(context, context.getStateStore(STORE));
  }

  @Override
  public void process(Record<byte[], ScoredEvent> record) {
    ScoredEvent event = record.value();
    WindowSummary summary = windowing.summaryFor(event.model(), event.eventTimeMillis(), record.timestamp());
    if (summary != null) {
      summary.update(event.features(), event.prediction());
      windowing.afterUpdate(record.timestamp());
    }
  }
}
