package io.driftwatch.simulate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link PatientSimulator}'s visits to Kafka at a steady rate, keyed by patient id, and each visit's outcome
 * after a fixed delay. {@link #run()} blocks until {@code count} events and their outcomes are sent, or until
 * {@link #stop()}; outcomes not yet due when stopped are dropped (their patients have not been followed up yet).
 */
public final class PatientProducer {

  /**
   * Where and how fast to send.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}
   * @param featuresTopic topic for feature events
   * @param outcomesTopic topic for outcomes
   * @param eventsPerSecond target rate, > 0
   * @param count events to send; 0 sends until stopped
   * @param outcomeDelay time between a visit and its outcome; zero sends the outcome right after the visit
   * @param producerConfig extra Kafka producer properties, applied last
   */
  public record Settings(
      String bootstrapServers,
      String featuresTopic,
      String outcomesTopic,
      double eventsPerSecond,
      long count,
      Duration outcomeDelay,
      Map<String, Object> producerConfig) {

    public Settings {
      if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
        throw new IllegalArgumentException("eventsPerSecond must be a positive number, got " + eventsPerSecond);
      }
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, got " + count);
      }
      if (outcomeDelay.isNegative()) {
        throw new IllegalArgumentException("outcomeDelay must not be negative, got " + outcomeDelay);
      }
      producerConfig = Map.copyOf(producerConfig);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(PatientProducer.class);
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Settings settings;
  private final PatientSimulator simulator;
  private final SimulatorJson json;
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong outcomesSent = new AtomicLong();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final Callback onEventSent = countingCallback(eventsSent);
  private final Callback onOutcomeSent = countingCallback(outcomesSent);
  private volatile boolean stopped;

  public PatientProducer(Settings settings, PatientSimulator simulator) {
    this.settings = settings;
    this.simulator = simulator;
    this.json = new SimulatorJson(simulator.sample().features());
  }

  /** Sends until done or stopped, then flushes. Throws if Kafka rejected a record. */
  public void run() {
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
      run(producer);
    }
    Exception failure = sendFailure.get();
    if (failure != null) {
      throw new IllegalStateException("Kafka rejected a simulated record: " + failure.getMessage(), failure);
    }
  }

  /** Asks {@link #run()} to finish after the record in flight; safe from any thread, e.g. a shutdown hook. */
  public void stop() {
    stopped = true;
  }

  /** Events acknowledged by Kafka so far. */
  public long eventsSent() {
    return eventsSent.get();
  }

  /** Outcomes acknowledged by Kafka so far. */
  public long outcomesSent() {
    return outcomesSent.get();
  }

  private void run(Producer<String, byte[]> producer) {
    long intervalNanos = Math.max(1, (long) (1e9 / settings.eventsPerSecond()));
    long delayNanos = settings.outcomeDelay().toNanos();
    ArrayDeque<PendingOutcome> pending = new ArrayDeque<>();
    long start = System.nanoTime();
    long nextProgress = start + PROGRESS_EVERY_NANOS;
    long sent = 0;
    while (!stopped && sendFailure.get() == null && (settings.count() == 0 || sent < settings.count())) {
      long due = start + sent * intervalNanos;
      if (System.nanoTime() - due > MAX_CATCH_UP_NANOS) {
        // Behind after a stall (e.g. the first metadata fetch): resume the pace instead of bursting to catch up.
        start = System.nanoTime() - sent * intervalNanos;
        due = start + sent * intervalNanos;
      }
      sendDueOutcomes(producer, pending, due);
      parkUntil(due);
      if (stopped) {
        break;
      }
      // Millisecond event times, like the record timestamps Kafka keeps.
      SimulatedEvent event = simulator.next(Instant.now().truncatedTo(ChronoUnit.MILLIS));
      producer.send(
          new ProducerRecord<>(settings.featuresTopic(), event.patientId(), json.event(event)), onEventSent);
      SimulatedOutcome outcome = event.outcome(event.eventTime().plus(settings.outcomeDelay()));
      pending.addLast(new PendingOutcome(System.nanoTime() + delayNanos, outcome));
      sent++;
      if (System.nanoTime() >= nextProgress) {
        log.info("Simulator: {} events and {} outcomes sent", eventsSent(), outcomesSent());
        nextProgress += PROGRESS_EVERY_NANOS;
      }
    }
    // The last visits' outcomes are still to come: wait for them unless asked to stop.
    while (!stopped && sendFailure.get() == null && !pending.isEmpty()) {
      parkUntil(pending.peekFirst().dueNanos());
      sendDueOutcomes(producer, pending, System.nanoTime());
    }
    producer.flush();
    if (!pending.isEmpty()) {
      log.info("Simulator stopped with {} outcomes not yet due", pending.size());
    }
  }

  private void sendDueOutcomes(Producer<String, byte[]> producer, ArrayDeque<PendingOutcome> pending, long now) {
    while (!pending.isEmpty() && pending.peekFirst().dueNanos() <= now && !stopped) {
      SimulatedOutcome outcome = pending.removeFirst().outcome();
      producer.send(
          new ProducerRecord<>(settings.outcomesTopic(), outcome.patientId(), json.outcome(outcome)), onOutcomeSent);
    }
  }

  private void parkUntil(long deadlineNanos) {
    long wait = deadlineNanos - System.nanoTime();
    while (wait > 0 && !stopped) {
      LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
      wait = deadlineNanos - System.nanoTime();
    }
  }

  private Callback countingCallback(AtomicLong counter) {
    return (metadata, exception) -> {
      if (exception == null) {
        counter.incrementAndGet();
      } else {
        sendFailure.compareAndSet(null, exception);
      }
    };
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-simulator");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.putAll(settings.producerConfig());
    return config;
  }

  private record PendingOutcome(long dueNanos, SimulatedOutcome outcome) {}
}
