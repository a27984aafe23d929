package io.driftwatch.streaming.deadletter;

import io.driftwatch.streaming.scoring.RejectedEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Restores a rejected record's original value and adds the {@link DeadLetterHeaders}; the key is untouched. */
public final class ToDeadLetter implements FixedKeyProcessor<byte[], RejectedEvent, byte[]> {

  private final RecordOutcomes outcomes;
  private FixedKeyProcessorContext<byte[], byte[]> context;

  public ToDeadLetter(RecordOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], RejectedEvent> record) {
    RejectedEvent rejected = record.value();
    outcomes.rejected(rejected.reason());
    RejectedEvent.Source given = rejected.source();
    if (given != null) { // rejected after it was read (a punctuation): its coordinates travel with it
      context.forward(record.withValue(rejected.value()).withHeaders(DeadLetterHeaders.of(record.headers(),
          rejected.reason(), rejected.message(), rejected.modelVersion(), given.topic(), given.partition(),
          given.offset())));
      return;
    }
    RecordMetadata source =
        context.recordMetadata().orElseThrow(() -> new IllegalStateException("a source record has no metadata"));
    context.forward(
        record.withValue(rejected.value()).withHeaders(DeadLetterHeaders.of(record.headers(), rejected, source)));
  }
}
