package io.driftwatch.bench;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a service pays once per model version to build its drift detector, with the calibration {@code train} stored
 * in the artifact ({@code stored}: the settings match) and without ({@code resampled}: another {@code drift.seed}, so
 * the reference is resampled as before). Single shots: each call is what one start, restart or rebalance costs. Run:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.openjdk.jmh.Main DetectorCreationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class DetectorCreationBenchmark {

  private ModelArtifact artifact;
  private final DriftSettings defaults = DriftSettings.defaults();
  private final DriftSettings otherSeed = DriftSettings.defaults().withSeed(7);

  @Setup
  public void train() {
    artifact = ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults()).artifact();
  }

  @Benchmark
  public DriftDetector stored() {
    return DriftDetector.create(artifact, defaults);
  }

  @Benchmark
  public DriftDetector resampled() {
    return DriftDetector.create(artifact, otherSeed);
  }
}
