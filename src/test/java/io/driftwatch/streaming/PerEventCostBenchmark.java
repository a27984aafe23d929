package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.driftwatch.core.event.ParseResult;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.driftwatch.testing.TestArtifacts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event work of the scoring step, without Kafka: parse and validate the example event, score it with
 * contributions, write the prediction JSON. Run with
 * {@code mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath} then
 * {@code java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" org.openjdk.jmh.Main PerEventCost
 * -prof gc} (README, Benchmarks).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerEventCostBenchmark {

  private final byte[] event = ("{\"patient_id\":\"p-17\",\"event_time\":\"2026-11-24T10:00:00Z\","
      + TestArtifacts.FIRST_TEST_PATIENT_FEATURES + "}").getBytes(UTF_8);
  private final ScoringModel model = ScoringModel.compile(TestArtifacts.diabetes("v1"));
  private final PatientEventParser parser = new PatientEventParser(model.features(), 1 << 20);
  private final PredictionJson.Writer writer = new PredictionJson.Writer();
  private final PatientEvent parsed = (PatientEvent) parser.parse(event);
  private final double[] contributions = new double[model.featureCount()];
  // The real prediction and contributions: writing full-precision doubles is most of the JSON's cost (zeros are cheap).
  private final double prediction = model.scorer().explain(parsed.features(), contributions);
  private final ScoredEvent scored = new ScoredEvent("e-1", "p-17", 1_795_514_400_000L, parsed.features(),
      prediction, contributions.clone(), model);

  @Benchmark
  public ParseResult parse() {
    return parser.parse(event);
  }

  @Benchmark
  public double score() {
    return model.scorer().explain(parsed.features(), contributions);
  }

  @Benchmark
  public byte[] writePrediction() {
    return writer.write(scored);
  }

  @Benchmark
  public byte[] parseScoreWrite() {
    PatientEvent e = (PatientEvent) parser.parse(event);
    double[] c = new double[model.featureCount()];
    double prediction = model.scorer().explain(e.features(), c);
    return writer.write(new ScoredEvent("e-1", e.patientId(), e.eventTimeMillis(), e.features(), prediction, c,
        model));
  }
}
