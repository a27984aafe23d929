package io.driftwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.MultivariateLayout;
import io.driftwatch.core.drift.MultivariateSummary;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.LinearModel;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceProfile;
import io.driftwatch.core.model.Standardizer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of data-drift monitoring per scored event (the notebook's 10 features and the prediction), side by side with
 * scoring alone, plus the per-window costs (merge, serialize for the changelog, evaluate). Run:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.openjdk.jmh.Main DriftUpdateBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DriftUpdateBenchmark {

  private static final int EVENTS = 4096; // a power of two, cycled through

  private double[][] events;
  private double[] predictions;
  private LinearScorer scorer;
  private DriftDetector detector;
  private WindowSummary summary;
  private WindowSummary perFeatureSummary;
  private WindowSummary window;
  private byte[] windowBytes;
  private MultivariateLayout multivariateLayout;
  private MultivariateSummary joint;
  private int[][] bins;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ModelArtifact artifact = notebookArtifact();
    scorer = new LinearScorer(artifact);
    detector = DriftDetector.create(artifact, DriftSettings.defaults().withCalibration(500, 0));
    double[][] rows = rows();
    SplittableRandom random = new SplittableRandom(1);
    events = new double[EVENTS][];
    predictions = new double[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      double[] row = rows[random.nextInt(rows.length)].clone();
      for (int j = 0; j < row.length; j++) {
        row[j] += j == 1 ? 0 : 0.05 * artifact.scaler().scale()[j] * (random.nextDouble() - 0.5);
      }
      events[i] = row;
      predictions[i] = scorer.predict(row);
    }
    summary = detector.newSummary();
    perFeatureSummary = SummaryLayout.of(artifact, false).newSummary();
    window = detector.newSummary();
    for (int i = 0; i < 500; i++) {
      window.update(events[i], predictions[i]);
    }
    windowBytes = window.toBytes();
    multivariateLayout = MultivariateLayout.of(detector.layout());
    joint = new MultivariateSummary(multivariateLayout);
    bins = new int[EVENTS][FEATURES.size()];
    for (int i = 0; i < EVENTS; i++) {
      for (int j = 0; j < FEATURES.size(); j++) {
        bins[i][j] = multivariateLayout.bin(j, events[i][j]);
      }
    }
  }

  /** Baseline: scoring one event. */
  @Benchmark
  public double score() {
    double[] event = events[next++ & (EVENTS - 1)];
    return scorer.predict(event);
  }

  /** Scoring plus the drift summary update, as the stream does per event. */
  @Benchmark
  public double scoreAndUpdate() {
    double[] event = events[next++ & (EVENTS - 1)];
    double prediction = scorer.predict(event);
    summary.update(event, prediction);
    return prediction;
  }

  /** The drift summary update alone (10 features + prediction). */
  @Benchmark
  public long update() {
    int i = next++ & (EVENTS - 1);
    summary.update(events[i], predictions[i]);
    return summary.count();
  }

  /** The same update without the joint moments ({@code drift.multivariate=false}): the difference is their cost. */
  @Benchmark
  public long updatePerFeatureOnly() {
    int i = next++ & (EVENTS - 1);
    perFeatureSummary.update(events[i], predictions[i]);
    return perFeatureSummary.count();
  }

  /** The multivariate moments alone, finding each feature's bin itself (10 binary searches). */
  @Benchmark
  public long multivariateUpdate() {
    int i = next++ & (EVENTS - 1);
    joint.update(events[i]);
    return joint.count();
  }

  /** The multivariate moments alone, with the bins passed in (as WindowSummary would hand them over). */
  @Benchmark
  public long multivariateUpdateWithBins() {
    int i = next++ & (EVENTS - 1);
    joint.update(events[i], bins[i]);
    return joint.count();
  }

  /** Per task and window: merging a 500-event summary into the global one. */
  @Benchmark
  public long merge() {
    return summary.merge(window).count();
  }

  /** Per task and commit: the bytes written to the changelogged store for a 500-event summary. */
  @Benchmark
  public byte[] toBytes() {
    return window.toBytes();
  }

  @Benchmark
  public WindowSummary fromBytes() {
    return WindowSummary.fromBytes(windowBytes, detector.layout());
  }

  /** Per window: the report (11 tests, Holm, effect sizes). */
  @Benchmark
  public DriftReport evaluate() {
    return detector.evaluate(window, Instant.EPOCH, Instant.EPOCH, 0);
  }

  // --- the notebook's model on the bundled data ------------------------------------------------------------------

  private static final List<String> FEATURES = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");

  private static double[][] rows() {
    return Dataset.loadBundledDiabetes().rows();
  }

  private static ModelArtifact notebookArtifact() throws IOException {
    JsonNode nb;
    try (InputStream in = DriftUpdateBenchmark.class.getResourceAsStream("/golden/drift_scipy.json")) {
      nb = new ObjectMapper().readTree(in).get("notebook");
    }
    double[][] all = rows();
    double[][] training = new double[nb.get("train_index").size()][];
    for (int i = 0; i < training.length; i++) {
      training[i] = all[nb.get("train_index").get(i).asInt()];
    }
    List<FeatureSpec> specs = new ArrayList<>();
    List<DistributionProfile> profiles = new ArrayList<>();
    for (int j = 0; j < FEATURES.size(); j++) {
      FeatureKind kind = j == 1 ? FeatureKind.CATEGORICAL : FeatureKind.CONTINUOUS;
      double[] column = new double[training.length];
      for (int i = 0; i < training.length; i++) {
        column[i] = training[i][j];
      }
      profiles.add(DistributionProfiles.of(FEATURES.get(j), kind, column));
      specs.add(new FeatureSpec(FEATURES.get(j), "raw", 0, 1000, kind, profiles.get(j).categories()));
    }
    Standardizer scaler = new Standardizer(doubles(nb.get("scaler_mean")), doubles(nb.get("scaler_scale")));
    LinearModel lasso = new LinearModel("lasso", nb.get("lasso_alpha").asDouble(), doubles(nb.get("lasso_coef")),
        nb.get("lasso_intercept").asDouble());
    ModelArtifact bare = new ModelArtifact(ModelArtifact.SCHEMA_VERSION, "diabetes-lasso", "bench", "", "progression",
        specs, scaler, lasso, null, null);
    LinearScorer scorer = new LinearScorer(bare);
    double[] predictions = new double[training.length];
    for (int i = 0; i < training.length; i++) {
      predictions[i] = scorer.predict(training[i]);
    }
    ModelArtifact profiled = new ModelArtifact(ModelArtifact.SCHEMA_VERSION, "diabetes-lasso", "bench", "",
        "progression", specs, scaler, lasso, null, new ReferenceProfile(profiles,
            DistributionProfiles.of("prediction", FeatureKind.CONTINUOUS, predictions), null));
    ReferenceProfile withMoments = profiled.reference().withMoments(
        MultivariateLayout.of(SummaryLayout.of(profiled)).referenceMoments(training));
    return new ModelArtifact(ModelArtifact.SCHEMA_VERSION, "diabetes-lasso", "bench", "", "progression", specs, scaler,
        lasso, null, withMoments);
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
