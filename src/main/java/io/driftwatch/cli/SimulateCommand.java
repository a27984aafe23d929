package io.driftwatch.cli;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.FeatureColumn;
import io.driftwatch.simulate.GroundTruth;
import io.driftwatch.simulate.PatientProducer;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.ScenarioKind;
import io.driftwatch.simulate.ScenarioSettings;
import io.driftwatch.simulate.SimulatedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Produces realistic patient events (and later their outcomes) to Kafka, or, with --csv, writes them to a file.",
      "Patients are rows of the diabetes data set, resampled with small measurement noise; a scenario can make the "
          + "world drift after a number of events."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:DRIFTWATCH_BOOTSTRAP_SERVERS}",
      description = "Kafka brokers (default: $DRIFTWATCH_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(names = "--rate", paramLabel = "N", defaultValue = "10", description = "Events per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Events to send; 0 sends until Ctrl-C (default).")
  long count;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      defaultValue = "none",
      description = "none, covariate-shift, gradual-shift, stuck-sensor, unit-error, concept-shift, noise-increase or"
          + " correlation-break (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--effect", paramLabel = "X",
      description = "concept-shift: factor on the feature's effect on the outcome (default: 2.0).")
  Double effect;

  @Option(names = "--factor", paramLabel = "X",
      description = "noise-increase: factor on the outcome's noise around the model (default: 1.5).")
  Double noiseFactor;

  @Option(names = "--model", paramLabel = "FILE", defaultValue = "models/diabetes-lasso.json",
      description = "The model whose world outcomes come from: its prediction plus a resampled out-of-fold residual"
          + " (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--feature", paramLabel = "F", description = "Feature the scenario alters (default: bmi; bp for unit-error).")
  String feature;

  @Option(names = "--features", paramLabel = "A,B",
      description = "correlation-break: B is read from another patient and no longer goes with A, nor with any other"
          + " feature; A and B must be continuous (default: s1,s2).")
  String features;

  @Option(names = "--shift", paramLabel = "S", description = "Shift in reference standard deviations (default: 0.5).")
  Double shift;

  @Option(names = "--ramp", paramLabel = "N", description = "gradual-shift: events over which the shift grows (default: 1000).")
  Long ramp;

  @Option(names = "--drift-after", paramLabel = "N", description = "Events before the drift begins (default: 0).")
  Long driftAfter;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed, to repeat a stream exactly (default: random).")
  Long seed;

  @Option(
      names = {"--outcome-delay", "--label-delay"},
      paramLabel = "DURATION",
      defaultValue = "PT30S",
      converter = DurationConverter.class,
      description = "Time between a visit and its outcome, e.g. PT30S or 30s (default: ${DEFAULT-VALUE}).")
  Duration outcomeDelay;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Writes --count events to a CSV file instead of Kafka (patient_id, event_id, event_time, the"
          + " features, progression), event times 1/--rate seconds apart from --start: a batch for drift --csv or"
          + " predict --csv.")
  Path csv;

  @Option(names = "--start", paramLabel = "INSTANT", converter = RetrainCommand.InstantConverter.class,
      description = "With --csv: the first event time, ISO-8601 (default: now, to the second).")
  Instant start;

  @Option(names = "--features-topic", paramLabel = "TOPIC", defaultValue = "patient-features", description = "Default: ${DEFAULT-VALUE}.")
  String featuresTopic;

  @Option(names = "--outcomes-topic", paramLabel = "TOPIC", defaultValue = "patient-outcomes", description = "Default: ${DEFAULT-VALUE}.")
  String outcomesTopic;

  @Override
  public Integer call() throws InterruptedException {
    if (csv != null) {
      return writeCsv();
    }
    PatientProducer producer = producer();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              producer.stop();
              try {
                finished.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "simulator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      producer.run();
    } catch (RuntimeException e) {
      System.err.println("simulate: " + e.getMessage());
      return 1;
    } finally {
      finished.countDown();
      System.err.printf("simulate: sent %d events and %d outcomes%n", producer.eventsSent(), producer.outcomesSent());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the hook is running and waits for us.
    }
    return 0;
  }

  /** {@code --csv}: the same simulated events, written as rows rather than produced. */
  private int writeCsv() {
    if (count <= 0) {
      throw usage("--count must be a positive number of events with --csv, got " + count);
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw usage("--rate must be a positive number of events per second, got " + rate);
    }
    PatientSimulator simulator = simulator("rows to " + csv);
    List<FeatureColumn> columns = simulator.sample().features();
    Instant first = start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (java.io.BufferedWriter out = Files.newBufferedWriter(csv, java.nio.charset.StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("patient_id,event_id,event_time");
      columns.forEach(c -> header.append(',').append(c.name()));
      out.write(header.append(",progression\n").toString());
      for (long i = 0; i < count; i++) {
        SimulatedEvent event = simulator.next(first.plusNanos(Math.round(i * 1e9 / rate)));
        StringBuilder row = new StringBuilder()
            .append(event.patientId()).append(',').append(event.eventId()).append(',').append(event.eventTime());
        for (FeatureColumn c : columns) {
          row.append(',').append(plain(event.features()[c.index()]));
        }
        out.write(row.append(',').append(plain(event.progression())).append('\n').toString());
      }
    } catch (java.io.IOException e) {
      System.err.println("simulate: cannot write " + csv + ": " + Problems.describe(e));
      return 1;
    }
    System.err.printf("simulate: wrote %d events to %s%n", count, csv);
    return 0;
  }

  private static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  /** Validates the options into a ready producer; errors name the option. */
  PatientProducer producer() {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw usage("--bootstrap-servers is required (or set DRIFTWATCH_BOOTSTRAP_SERVERS)");
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw usage("--rate must be a positive number of events per second, got " + rate);
    }
    if (count < 0) {
      throw usage("--count must be 0 (until Ctrl-C) or a positive number of events, got " + count);
    }
    if (outcomeDelay.isNegative()) {
      throw usage("--outcome-delay must not be negative, got " + outcomeDelay);
    }
    requireTopic("--features-topic", featuresTopic);
    requireTopic("--outcomes-topic", outcomesTopic);
    PatientSimulator simulator = simulator(null);
    return new PatientProducer(
        new PatientProducer.Settings(
            bootstrapServers, featuresTopic, outcomesTopic, rate, count, outcomeDelay, Map.of()),
        simulator);
  }

  /** The scenario's simulator; logs what it will do, to Kafka or to {@code file} when not null. */
  private PatientSimulator simulator(String file) {
    ClinicalSample sample = ClinicalSample.bundledDiabetes();
    ScenarioSettings settings;
    try {
      ScenarioKind kind = ScenarioKind.parse(scenario);
      if (features != null && kind != ScenarioKind.CORRELATION_BREAK) {
        throw new IllegalArgumentException("--features does not apply to scenario " + kind);
      }
      if (feature != null && kind == ScenarioKind.CORRELATION_BREAK) {
        throw new IllegalArgumentException("--feature does not apply to scenario " + kind + "; use --features A,B");
      }
      settings = ScenarioSettings.of(kind, kind == ScenarioKind.CORRELATION_BREAK ? features : feature, shift, ramp,
          driftAfter, effect,
          noiseFactor, sample);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw usage(message.startsWith("--") ? message : "--scenario: " + message);
    }
    GroundTruth truth = groundTruth(settings, sample);
    long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    if (file == null) {
      System.err.printf(
          "simulate: %s; %s events/s%s; seed %d; events to %s, outcomes after %s to %s%n",
          settings.describe(), formatRate(rate), count == 0 ? " until Ctrl-C" : ", " + count + " events", actualSeed,
          featuresTopic, outcomeDelay, outcomesTopic);
    } else {
      System.err.printf("simulate: %s; %d events, %s per second of event time; seed %d; %s%n", settings.describe(),
          count, formatRate(rate), actualSeed, file);
    }
    return new PatientSimulator(sample, settings.create(sample), truth, actualSeed);
  }

  /**
   * Outcomes from the model's world (drift-free unless the scenario changes the relation). Without the model file,
   * feature scenarios fall back to the data set's recorded outcomes; concept scenarios need the model.
   */
  private GroundTruth groundTruth(ScenarioSettings settings, ClinicalSample sample) {
    boolean concept = settings.kind() == ScenarioKind.CONCEPT_SHIFT || settings.kind() == ScenarioKind.NOISE_INCREASE;
    if (!Files.exists(model)) {
      if (concept) {
        throw usage("--model: " + model + " does not exist; " + settings.kind() + " changes the model's world, so it"
            + " needs the model (./driftwatch train writes models/diabetes-lasso.json)");
      }
      System.err.println("simulate: no model at " + model + ": outcomes are the data set's recorded progression");
      return null;
    }
    try {
      ModelArtifact artifact = ModelArtifactJson.read(model);
      return GroundTruth.of(artifact, sample.features(), settings.relation(artifact));
    } catch (InvalidModelArtifactException | IllegalArgumentException e) {
      throw usage("--model: " + e.getMessage());
    }
  }

  private void requireTopic(String option, String topic) {
    if (topic == null || topic.isBlank()) {
      throw usage(option + " must name a topic");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String formatRate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
