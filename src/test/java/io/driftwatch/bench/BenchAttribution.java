package io.driftwatch.bench;

import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.demo.EmbeddedKafka;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.driftwatch.testing.TrainedModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where the scoring topology's time goes, measured rather than guessed: the benchmark of {@code ./driftwatch bench}
 * over topologies that each add one part of the scoring path to the one before. Not a test; run with
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" -Dlog4j2.configurationFile=log4j2.xml \
 *     io.driftwatch.bench.BenchAttribution [events] [rounds] [streams.property=value ...]
 * </pre>
 *
 * <ol>
 *   <li>{@code pass-through}: copies bytes (the baseline);
 *   <li>{@code prediction-sized}: one processor node that writes a typical prediction (about 330 bytes) instead of
 *       the event (about 220): the cost of larger records for the producer, the broker and the reader;
 *   <li>{@code parse-score}: parses, validates and scores each event, then writes that typical prediction;
 *   <li>{@code parse-score-write}: writes each event's own prediction JSON;
 *   <li>{@code scoring}: the service's topology (scored/rejected branches, re-keyed by patient id, models global
 *       store).
 * </ol>
 */
public final class BenchAttribution {

  private static final ScoringModel MODEL = ScoringModel.compile(TrainedModels.diabetes());

  private BenchAttribution() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Map<String, Object> streams = new HashMap<>(StreamsBenchmark.Settings.defaultStreamsConfig());
    for (int i = 2; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      streams.put(pair[0], pair[1]);
    }
    List<BenchSubject> subjects = new ArrayList<>();
    subjects.add(new PassThroughSubject());
    subjects.add(MappedValueSubject.predictionSized(TrainedModels.diabetes()));
    subjects.add(new MappedValueSubject("parse-score", () -> parseAndScore(false)));
    subjects.add(new MappedValueSubject("parse-score-write", () -> parseAndScore(true)));
    subjects.add(new ScoringSubject(TrainedModels.diabetes()));
    var settings = new StreamsBenchmark.Settings(events, events / 20, 4, rounds, 1, 1000, 1000, streams);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
      System.out.print(BenchReport.markdown(new StreamsBenchmark(kafka.bootstrapServers(), settings).run(subjects)));
    }
  }

  /** Parses and scores each event (one parser and writer per task, as the service does). */
  private static UnaryOperator<byte[]> parseAndScore(boolean writeJson) {
    PatientEventParser parser = new PatientEventParser(MODEL.features(), PatientEventParser.DEFAULT_MAX_BYTES);
    PredictionJson.Writer writer = new PredictionJson.Writer();
    byte[] typical = MappedValueSubject.typicalPrediction(MODEL);
    return value -> {
      PatientEvent event = (PatientEvent) parser.parse(value);
      double[] contributions = new double[MODEL.featureCount()];
      double prediction = MODEL.scorer().explain(event.features(), contributions);
      if (!writeJson) {
        return typical;
      }
      return writer.write(new ScoredEvent(event.eventId(), event.patientId(), event.eventTimeMillis(),
          event.features(), prediction, contributions, MODEL));
    };
  }
}
