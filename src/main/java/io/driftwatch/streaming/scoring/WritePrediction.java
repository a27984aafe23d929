package io.driftwatch.streaming.scoring;

import io.driftwatch.streaming.deadletter.RecordOutcomes;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys a scored event by {@code patient_id} and writes it as prediction JSON (one reused writer per task), with its
 * raw features in a {@link FeatureHeader} when labelled events are published.
 */
public final class WritePrediction implements Processor<byte[], ScoredEvent, String, byte[]> {

  private final PredictionJson.Writer writer = new PredictionJson.Writer();
  private final RecordOutcomes outcomes;
  private final boolean featureHeader;
  private ProcessorContext<String, byte[]> context;

  public WritePrediction(RecordOutcomes outcomes, boolean featureHeader) {
    this.outcomes = outcomes;
    this.featureHeader = featureHeader;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], ScoredEvent> record) {
    ScoredEvent event = record.value();
    outcomes.scored();
    outcomes.events().predicted(event.prediction());
    Headers headers = record.headers();
    if (featureHeader) {
      // A copy: the input record's headers object is shared with every other branch of this record.
      headers = new RecordHeaders(headers.toArray()).add(FeatureHeader.NAME, FeatureHeader.encode(event.features()));
    }
    // One new record rather than withKey(..).withValue(..): each copies the headers.
    context.forward(new Record<>(event.patientId(), writer.write(event), record.timestamp(), headers));
  }
}
