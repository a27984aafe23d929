package io.driftwatch.streaming.performance;

import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.core.event.OutcomeParser;
import io.driftwatch.core.event.ParseResult;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.event.Rejection;
import io.driftwatch.core.performance.PerformanceSummary;
import io.driftwatch.streaming.config.ConceptConfig;
import io.driftwatch.streaming.config.DriftConfig;
import io.driftwatch.streaming.config.Topics;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.FeatureHeader;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.streaming.scoring.RejectedEvent;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.driftwatch.streaming.windows.TaskWindowing;
import io.driftwatch.streaming.windows.TaskWindows;
import io.driftwatch.streaming.windows.WindowSignal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins delayed outcomes to the predictions they judge, per stream task: the {@code predictions} topic (keyed by
 * {@code patient_id}, written by the scoring sub-topology) and the outcomes topic (keyed by {@code patient_id} too)
 * are co-partitioned, so a patient's predictions and outcomes meet in one task without repartitioning either.
 *
 * <p>Each prediction waits in a changelogged store ({@value #STORE}) as a {@link PendingPrediction}, under its
 * {@code event_id}, and as its patient's latest. An outcome is matched by {@code event_id}, or without one to its
 * patient's latest prediction; the residual (outcome − prediction) goes into the window of the outcome's event time
 * ({@link TaskWindowing}) and, as a {@link WindowSignal.Label}, to the sequential alarm. A matched prediction stays
 * as a marker until the horizon, so a second outcome counts as a duplicate; one whose horizon passes unmatched is
 * counted as expired. Bad outcomes are forwarded as {@link RejectedEvent}s for the dead-letter topic.
 *
 * <p>With {@code labels.publish}, each prediction's raw features ({@link FeatureHeader}) wait with it, and every
 * joined outcome is also emitted as a {@link LabelledEvent} (key {@code event_id}) for retraining.
 *
 * <p>Emits {@link WindowSignal}s (key {@link TaskWindowing#SIGNAL_KEY}), {@link RejectedEvent}s (key unchanged) and
 * {@link LabelledEvent}s.
 */
public final class LabelJoin implements Processor<byte[], byte[], Object, Object> {

  static final String STORE = "concept-pending";
  static final String WINDOW_STORE = "concept-task-windows";
  /** How often expired predictions are looked for. */
  static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

  /** How often outcomes that waited too long for their prediction are looked for. */
  static final Duration OUTCOME_WAIT_CHECK = Duration.ofSeconds(1);

  private static final byte EVENT = 'E';
  private static final byte OUTCOME = 'O';
  private static final byte PATIENT = 'P';
  private static final int KEPT_MODELS = 8;

  private final ModelRegistry models;
  private final Topics topics;
  private final long horizonMs;
  private final long outcomeWaitMs;
  private final long maxFutureSkewMs;
  private final int maxBytes;
  private final boolean publishLabelled;
  private final TaskWindowing<PerformanceSummaries.Layout, PerformanceSummary> windowing;

  private ProcessorContext<Object, Object> context;
  private KeyValueStore<Bytes, byte[]> pending;
  private OutcomeParser parser;
  // Models whose predictions may still be waiting, by version: z needs their coefficients, windows their artifact.
  private final Map<String, ScoringModel> known = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ScoringModel> eldest) {
      return size() > KEPT_MODELS;
    }
  };
  private long streamTime = WindowSignal.NO_TIME;
  private final LabelOutcomes labels;

  LabelJoin(ModelRegistry models, Topics topics, DriftConfig windows, ConceptConfig concept, int maxBytes,
      Duration maxFutureSkew, LabelOutcomes labels) {
    this.models = models;
    this.labels = labels;
    this.topics = topics;
    this.horizonMs = concept.horizon().toMillis();
    this.outcomeWaitMs = concept.outcomeWait().toMillis();
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
    this.maxBytes = maxBytes;
    this.publishLabelled = concept.labelledEvents();
    this.windowing = new TaskWindowing<>(PerformanceSummaries.INSTANCE, windows, PerformanceSummaries.COUNTERS);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.pending = context.getStateStore(STORE);
    known.clear();
    parser = null;
    streamTime = WindowSignal.NO_TIME;
    windowing.init((ProcessorContext<String, WindowSignal>) (ProcessorContext<?, ?>) context,
        context.getStateStore(WINDOW_STORE));
    context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> expire());
    context.schedule(OUTCOME_WAIT_CHECK, PunctuationType.WALL_CLOCK_TIME, this::giveUpWaiting);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    if (source.topic().equals(topics.predictions())) {
      await(record);
    } else {
      join(record);
    }
  }

  /** A prediction: keep what its outcome will need. */
  private void await(Record<byte[], byte[]> record) {
    Prediction prediction = PredictionJson.read(record.value());
    ScoringModel model = modelOf(prediction.modelVersion());
    double[] z = new double[model == null ? 0 : model.featureCount()];
    if (model != null) {
      double[] coefficients = model.artifact().model().coefficients();
      for (int j = 0; j < z.length; j++) {
        Double contribution = prediction.contributions().get(model.featureName(j));
        z[j] = coefficients[j] == 0 || contribution == null ? Double.NaN : contribution / coefficients[j];
      }
    }
    double[] raw = null;
    if (publishLabelled && model != null) {
      raw = FeatureHeader.decode(record.headers(), model.featureCount());
    }
    long time = prediction.eventTime().toEpochMilli();
    advance(time);
    pending.put(key(EVENT, prediction.eventId()), new PendingPrediction(prediction.patientId(), time,
        prediction.modelVersion(), prediction.prediction(), z, raw == null ? new double[0] : raw, false).toBytes());
    Bytes patientKey = key(PATIENT, prediction.patientId());
    byte[] latest = pending.get(patientKey);
    if (latest == null || latestTime(latest) <= time) {
      pending.put(patientKey, latest(prediction.eventId(), time));
    }
    Bytes waitingKey = key(OUTCOME, prediction.eventId());
    byte[] waiting = pending.get(waitingKey);
    if (waiting != null) { // its outcome came first and waited: join it now
      pending.delete(waitingKey);
      WaitingOutcome outcome = WaitingOutcome.fromBytes(waiting);
      join(outcome.record(), outcome.source());
    }
  }

  /** An outcome as it is read. */
  private void join(Record<byte[], byte[]> record) {
    RecordMetadata metadata = context.recordMetadata().orElseThrow();
    join(record, new RejectedEvent.Source(metadata.topic(), metadata.partition(), metadata.offset()));
  }

  /** An outcome, read now or earlier (it waited for its prediction): match it, wait, or say why not. */
  private void join(Record<byte[], byte[]> record, RejectedEvent.Source source) {
    ScoringModel current = models.current();
    String target = current == null ? "progression" : current.artifact().target();
    if (parser == null || !parser.target().equals(target)) {
      parser = new OutcomeParser(target, maxBytes);
    }
    String version = current == null ? null : current.version();
    ParseResult parsed = parser.parse(record.value());
    if (parsed instanceof Rejection rejection) {
      reject(record, source, rejection.reason(), rejection.message(), version);
      return;
    }
    PatientEvent outcome = (PatientEvent) parsed;
    long time = outcome.hasEventTime() ? outcome.eventTimeMillis() : record.timestamp();
    if (time < 0 || time > IsoInstants.MAX_MILLIS) {
      reject(record, source, RejectReason.INVALID_EVENT_TIME, "the outcome has no event_time and its record timestamp "
          + time + " is not between 0 and " + IsoInstants.MAX_MILLIS, version);
      return;
    }
    if (time > context.currentSystemTimeMs() + maxFutureSkewMs) {
      reject(record, source, RejectReason.FUTURE_EVENT_TIME,
          (outcome.hasEventTime() ? "field 'event_time' is " : "the record timestamp (no event_time) is ")
              + IsoInstants.format(time) + ", more than input.max-future-skew=" + Duration.ofMillis(maxFutureSkewMs)
              + " ahead of this instance's clock (" + IsoInstants.format(context.currentSystemTimeMs()) + ")",
          version);
      return;
    }
    String eventId = outcome.eventId();
    if (eventId == null) {
      byte[] latest = pending.get(key(PATIENT, outcome.patientId()));
      if (latest == null) {
        count(PerformanceSummaries.UNMATCHED, 1);
        reject(record, source, RejectReason.UNKNOWN_PATIENT, "the outcome has no event_id and patient '"
            + outcome.patientId() + "' has no prediction waiting for an outcome", version);
        return;
      }
      eventId = latestEventId(latest);
    }
    Bytes eventKey = key(EVENT, eventId);
    byte[] stored = pending.get(eventKey);
    PendingPrediction prediction = stored == null ? null : PendingPrediction.fromBytes(stored);
    if (prediction == null && outcomeWaitMs > 0) {
      Bytes waitingKey = key(OUTCOME, eventId);
      if (pending.get(waitingKey) != null) {
        count(PerformanceSummaries.DUPLICATE, 1); // the same outcome, already waiting
      } else {
        pending.put(waitingKey,
            new WaitingOutcome(context.currentSystemTimeMs(), source, record).toBytes());
      }
      return;
    }
    if (prediction == null || time - prediction.eventTimeMs() > horizonMs) {
      count(PerformanceSummaries.UNMATCHED, 1);
      reject(record, source, RejectReason.UNMATCHED_OUTCOME, prediction == null
          ? "no prediction with event_id '" + eventId + "' is waiting for an outcome (never made, not yet made, or"
              + " older than labels.horizon=" + Duration.ofMillis(horizonMs) + ")"
          : "the outcome comes " + Duration.ofMillis(time - prediction.eventTimeMs()) + " after prediction '"
              + eventId + "', more than labels.horizon=" + Duration.ofMillis(horizonMs), version);
      return;
    }
    advance(time);
    if (prediction.matched()) {
      count(PerformanceSummaries.DUPLICATE, 1);
      return;
    }
    pending.put(eventKey, prediction.asMatched().toBytes());
    count(PerformanceSummaries.MATCHED, 1);
    ScoringModel model = modelOf(prediction.modelVersion());
    if (model == null || prediction.z().length != model.featureCount()) {
      windowing.count(TaskWindows.LATE, 1); // its model is gone from this instance: counted, not windowed
      return;
    }
    double residual = outcome.features()[0] - prediction.prediction();
    if (publishLabelled && prediction.raw().length == model.featureCount()) {
      context.forward(new Record<Object, Object>(eventId, new LabelledEvent(eventId, prediction.eventTimeMs(), time,
          model, prediction.prediction(), prediction.raw(), outcome.features()[0]), record.timestamp()));
    }
    PerformanceSummary summary = windowing.summaryFor(model, time, record.timestamp());
    if (summary != null) {
      summary.update(prediction.z(), residual);
      windowing.send(new WindowSignal.Label(windowing.partition(), model.version(), time, prediction.z(), residual),
          record.timestamp());
      windowing.afterUpdate(record.timestamp());
    }
  }

  private void reject(Record<byte[], byte[]> record, RejectedEvent.Source source, RejectReason reason,
      String message, String version) {
    context.forward(record.withValue(new RejectedEvent(record.value(), reason, message, version, source)));
  }

  /** Outcomes that waited {@code labels.outcome-wait} for a prediction that never came: unmatched, dead-lettered. */
  private void giveUpWaiting(long nowMs) {
    if (outcomeWaitMs <= 0) {
      return;
    }
    java.util.List<KeyValue<Bytes, byte[]>> due = new java.util.ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = pending.range(Bytes.wrap(new byte[] {OUTCOME}),
        Bytes.wrap(new byte[] {OUTCOME + 1}))) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        if (entry.key.get()[0] == OUTCOME && WaitingOutcome.arrivedAt(entry.value) + outcomeWaitMs <= nowMs) {
          due.add(entry);
        }
      }
    }
    for (KeyValue<Bytes, byte[]> entry : due) {
      pending.delete(entry.key);
      WaitingOutcome outcome = WaitingOutcome.fromBytes(entry.value);
      String eventId = new String(entry.key.get(), 1, entry.key.get().length - 1, StandardCharsets.UTF_8);
      ScoringModel current = models.current();
      count(PerformanceSummaries.UNMATCHED, 1);
      reject(outcome.record(), outcome.source(), RejectReason.UNMATCHED_OUTCOME, "no prediction with event_id '"
          + eventId + "' came within labels.outcome-wait=" + Duration.ofMillis(outcomeWaitMs)
          + " of the outcome, and none is waiting (never made, or older than labels.horizon="
          + Duration.ofMillis(horizonMs) + ")", current == null ? null : current.version());
    }
  }

  private ScoringModel modelOf(String version) {
    ScoringModel current = models.current();
    if (current != null && !known.containsKey(current.version())) {
      known.put(current.version(), current);
    }
    return known.get(version);
  }

  private void advance(long time) {
    streamTime = Math.max(streamTime, time);
  }

  /** A label outcome: into this task's window counters and the process's (for metrics). */
  private void count(int counter, long n) {
    windowing.count(counter, n);
    labels.add(counter, n);
  }

  /** Drops predictions older than the horizon (in this task's stream time); unmatched ones count as expired. */
  private void expire() {
    if (streamTime == WindowSignal.NO_TIME) {
      return;
    }
    long oldest = streamTime - horizonMs;
    long expired = 0;
    try (KeyValueIterator<Bytes, byte[]> all = pending.range(Bytes.wrap(new byte[] {EVENT}),
        Bytes.wrap(new byte[] {EVENT + 1}))) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        if (entry.key.get()[0] != EVENT) {
          continue;
        }
        PendingPrediction p = PendingPrediction.fromBytes(entry.value);
        if (p.eventTimeMs() < oldest) {
          pending.delete(entry.key);
          Bytes patientKey = key(PATIENT, p.patientId());
          byte[] latest = pending.get(patientKey);
          if (latest != null && latestTime(latest) < oldest) {
            pending.delete(patientKey);
          }
          if (!p.matched()) {
            expired++;
          }
        }
      }
    }
    count(PerformanceSummaries.EXPIRED, expired);
  }

  private static Bytes key(byte kind, String id) {
    byte[] text = id.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + text.length];
    key[0] = kind;
    System.arraycopy(text, 0, key, 1, text.length);
    return Bytes.wrap(key);
  }

  private static byte[] latest(String eventId, long time) {
    byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
    return java.nio.ByteBuffer.allocate(8 + id.length).putLong(time).put(id).array();
  }

  private static long latestTime(byte[] latest) {
    return java.nio.ByteBuffer.wrap(latest).getLong();
  }

  private static String latestEventId(byte[] latest) {
    return new String(latest, 8, latest.length - 8, StandardCharsets.UTF_8);
  }
}
