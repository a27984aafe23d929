package io.driftwatch.streaming.scoring;

import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.core.event.ParseResult;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.event.Rejection;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses, validates and scores one feature record with the registry's current model, or explains why it cannot. One
 * instance per stream task; it rebuilds its parser only when the model changes.
 */
public final class ScoreEvent implements FixedKeyProcessor<byte[], byte[], ScoringOutcome> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreEvent.class);
  private static final long NO_MODEL_WARNING_INTERVAL_MS = 60_000;

  private final ModelRegistry models;
  private final EventMeters meters;
  private final int maxBytes;
  private final long maxFutureSkewMs;
  private FixedKeyProcessorContext<byte[], ScoringOutcome> context;
  private ScoringModel parserModel;
  private PatientEventParser parser;
  private long lastNoModelWarningMs = Long.MIN_VALUE;

  public ScoreEvent(ModelRegistry models, int maxBytes, Duration maxFutureSkew, EventMeters meters) {
    this.models = models;
    this.meters = meters;
    this.maxBytes = maxBytes;
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], ScoringOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], byte[]> record) {
    long start = System.nanoTime();
    // forward() runs every downstream step of this record (prediction or dead letter, drift window) before it returns.
    context.forward(record.withValue(score(record)));
    meters.processed(start);
  }

  private ScoringOutcome score(FixedKeyRecord<byte[], byte[]> record) {
    ScoringModel model = models.current();
    if (model == null) {
      warnNoModel();
      return new RejectedEvent(
          record.value(), RejectReason.NO_MODEL, "no model '" + models.modelName() + "' is loaded", null);
    }
    ParseResult parsed = parserFor(model).parse(record.value());
    if (parsed instanceof Rejection rejection) {
      return new RejectedEvent(record.value(), rejection.reason(), rejection.message(), model.version());
    }
    PatientEvent event = (PatientEvent) parsed;
    long eventTime = event.hasEventTime() ? event.eventTimeMillis() : record.timestamp();
    if (eventTime < 0 || eventTime > IsoInstants.MAX_MILLIS) {
      return new RejectedEvent(
          record.value(), RejectReason.INVALID_EVENT_TIME,
          "the event has no event_time and its record timestamp " + eventTime + " is not between 0 and "
              + IsoInstants.MAX_MILLIS, model.version());
    }
    // Stream time only moves forward: one event from a clock set years ahead would close every window for good.
    long latest = context.currentSystemTimeMs() + maxFutureSkewMs;
    if (eventTime > latest) {
      return new RejectedEvent(
          record.value(), RejectReason.FUTURE_EVENT_TIME,
          (event.hasEventTime() ? "field 'event_time' is " : "the record timestamp (no event_time) is ")
              + IsoInstants.format(eventTime) + ", more than input.max-future-skew=" + Duration.ofMillis(maxFutureSkewMs)
              + " ahead of this instance's clock (" + IsoInstants.format(context.currentSystemTimeMs()) + ")",
          model.version());
    }
    double[] contributions = new double[model.featureCount()];
    double prediction = model.scorer().explain(event.features(), contributions);
    String eventId = event.eventId() != null ? event.eventId() : derivedEventId();
    return new ScoredEvent(
        eventId, event.patientId(), eventTime, event.features(), prediction, contributions, model);
  }

  private PatientEventParser parserFor(ScoringModel model) {
    if (model != parserModel) {
      parser = new PatientEventParser(model.features(), maxBytes);
      parserModel = model;
    }
    return parser;
  }

  /** {@code topic:partition:offset}: stable across retries and restarts, and ':' never occurs in a topic name. */
  private String derivedEventId() {
    RecordMetadata source =
        context.recordMetadata().orElseThrow(() -> new IllegalStateException("a source record has no metadata"));
    return source.topic() + ':' + source.partition() + ':' + source.offset();
  }

  private void warnNoModel() {
    long now = context.currentSystemTimeMs();
    if (lastNoModelWarningMs == Long.MIN_VALUE || now - lastNoModelWarningMs >= NO_MODEL_WARNING_INTERVAL_MS) {
      lastNoModelWarningMs = now;
      LOG.warn(
          "no model '{}' is loaded: events go to the dead-letter topic with reason no_model until one is published"
              + " (./driftwatch publish --model FILE) or the service is started with --model FILE",
          models.modelName());
    }
  }
}
