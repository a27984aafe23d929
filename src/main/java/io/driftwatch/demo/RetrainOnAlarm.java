package io.driftwatch.demo;

import io.driftwatch.core.performance.ConceptAlarm;
import io.driftwatch.core.retrain.RetrainPolicy;
import io.driftwatch.streaming.DriftwatchService;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.retrain.ModelsTopic;
import io.driftwatch.streaming.retrain.RetrainReport;
import io.driftwatch.streaming.retrain.RetrainRun;
import io.driftwatch.streaming.scoring.ScoringModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's {@code --retrain-on-alarm}: closes the loop in process. When the service raises a concept-drift alarm on
 * the model in use, it waits until {@code minLabels} outcomes have been joined after the alarm, then runs what {@code
 * ./driftwatch retrain --since <time since the alarm> --min-labels N --publish-if-better} runs ({@link RetrainRun}),
 * prints the comparison, and publishes the challenger if it is better. Once per model version: a version that was
 * retrained is not retrained again, and alarms on a version no longer in use are ignored.
 */
final class RetrainOnAlarm implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetrainOnAlarm.class);
  /** Labels joined after the alarm, beyond {@code minLabels}, before reading: some were outcomes sent before it. */
  private static final double SLACK = 1.05;

  private record Trigger(String modelVersion, ConceptAlarm alarm, Instant at, long joinedAtAlarm) {}

  private final DriftwatchConfig config;
  private final DriftwatchService service;
  private final int minLabels;
  private final String codeVersion;
  private final Consumer<String> console;
  private final BlockingQueue<Trigger> triggers = new LinkedBlockingQueue<>();
  private final Set<String> handled = new HashSet<>();
  private final Thread worker;

  /**
   * @param minLabels labelled outcomes after the alarm to retrain on ({@code --min-labels})
   * @param codeVersion the running driftwatch, for the challenger's lineage
   * @param console where the comparison is printed (the demo's standard output)
   */
  RetrainOnAlarm(DriftwatchConfig config, DriftwatchService service, int minLabels, String codeVersion,
      Consumer<String> console) {
    this.config = config;
    this.service = service;
    this.minLabels = minLabels;
    this.codeVersion = codeVersion;
    this.console = console;
    this.worker = new Thread(this::run, "demo-retrain-on-alarm");
    this.worker.setDaemon(true);
  }

  void start() {
    service.performanceReports().addAlarmListener(this::onAlarm);
    worker.start();
  }

  /** On the stream thread: only a note in a queue. */
  private void onAlarm(String modelVersion, ConceptAlarm alarm) {
    triggers.offer(new Trigger(modelVersion, alarm, Instant.now(), service.performanceReports().labels().joined()));
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Trigger trigger = triggers.take();
        ScoringModel current = service.models().current();
        if (current == null || !current.version().equals(trigger.modelVersion())
            || !handled.add(trigger.modelVersion())) {
          continue;
        }
        retrain(trigger);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retrain(Trigger trigger) throws InterruptedException {
    String feature = trigger.alarm().attribution().isEmpty() ? "the error level"
        : trigger.alarm().attribution().get(0).feature();
    long wanted = (long) Math.ceil(minLabels * SLACK);
    LOG.info("retrain on alarm: concept drift alarm on model version {} ({}, {}): retraining once {} outcomes have"
        + " been joined after it", trigger.modelVersion(), trigger.alarm().detector(), feature, wanted);
    while (service.performanceReports().labels().joined() - trigger.joinedAtAlarm() < wanted) {
      Thread.sleep(500);
    }
    Instant started = Instant.now();
    // Whole seconds since the alarm, rounded up: the labels written after it (and a few joined just before).
    Duration since = Duration.ofSeconds(Duration.between(trigger.at(), started).toSeconds() + 1);
    LOG.info("retrain on alarm: {} outcomes joined since the alarm {} s ago; retraining model version {} on the"
        + " labelled events of the last {}", service.performanceReports().labels().joined() - trigger.joinedAtAlarm(),
        Duration.between(trigger.at(), started).toSeconds(), trigger.modelVersion(), since);
    try {
      RetrainRun.Outcome outcome = RetrainRun.run(config, new RetrainRun.Request(since, Optional.empty(),
          RetrainPolicy.defaults().withMinLabels(minLabels), Optional.empty(), Optional.empty(), codeVersion),
          Clock.systemUTC());
      Optional<ModelsTopic.Published> published = outcome.better()
          ? Optional.of(RetrainRun.publish(config, outcome)) : Optional.empty();
      console.accept("\n" + RetrainReport.text(outcome, true, published));
      if (published.isPresent()) {
        LOG.info("retrain on alarm: published model {} version {} (parent {}) after {} ms; the service switches to"
            + " it from its next record", published.get().artifact().modelName(),
            published.get().artifact().modelVersion(), trigger.modelVersion(),
            Duration.between(started, Instant.now()).toMillis());
      } else {
        LOG.info("retrain on alarm: nothing published ({}); model version {} stays", outcome.challenger().isEmpty()
            ? "refused" : "the challenger is not better", trigger.modelVersion());
      }
    } catch (RuntimeException e) {
      LOG.warn("retrain on alarm: retraining failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    worker.interrupt();
    try {
      worker.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
