package io.driftwatch.streaming.metrics;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code driftwatch_records_total{outcome="scored"}} and {@code {outcome="dead_lettered",reason="<code>"}}: read from
 * {@link RecordOutcomes}' adders at scrape time, one series per {@link RejectReason} registered up front (at 0).
 */
public final class RecordOutcomeMetrics implements MeterBinder {

  static final String RECORDS = "driftwatch.records";

  private final RecordOutcomes outcomes;

  public RecordOutcomeMetrics(RecordOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(RECORDS, outcomes, RecordOutcomes::scoredCount)
        .description("Input records this instance read, by outcome (and dead-letter reason), since it started")
        .tags("outcome", "scored", "reason", "")
        .register(registry);
    for (RejectReason reason : RejectReason.values()) {
      FunctionCounter.builder(RECORDS, outcomes, o -> o.rejectedCount(reason))
          .description("Input records this instance read, by outcome (and dead-letter reason), since it started")
          .tags("outcome", "dead_lettered", "reason", reason.code())
          .register(registry);
    }
  }
}
