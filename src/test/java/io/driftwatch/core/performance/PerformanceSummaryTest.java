package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.testing.LabelledStream;
import io.driftwatch.testing.LabelledStream.Scenario;
import io.driftwatch.testing.TrainedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceSummaryTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();

  @Test
  void sumsAreExactForSmallValues() {
    PerformanceSummary s = new PerformanceSummary(3);
    s.update(new double[] {1, Double.NaN, 2}, 3);
    s.update(new double[] {-0.5, Double.NaN, 4}, -1);
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.featureCount(0)).isEqualTo(2);
    assertThat(s.featureCount(1)).isZero();
    assertThat(s.sumResidual()).isEqualTo(2.0);
    assertThat(s.sumSquaredResidual()).isEqualTo(10.0);
    assertThat(s.sumAbsoluteResidual()).isEqualTo(4.0);
    assertThat(s.sumZ(0)).isEqualTo(0.5);
    assertThat(s.sumZ(1)).isZero();
    assertThat(s.sumZZ(0, 2)).isEqualTo(0.0); // 1·2 − 0.5·4
    assertThat(s.sumZZ(2, 0)).isEqualTo(0.0);
    assertThat(s.sumZZ(2, 2)).isEqualTo(20.0);
    assertThat(s.sumResidualZ(0)).isEqualTo(3.5);
    assertThat(s.sumResidualZ(2)).isEqualTo(2.0);
    assertThat(s.sumZZ(1, 2)).isZero();
  }

  @Test
  void refusesWrongInput() {
    PerformanceSummary s = new PerformanceSummary(3);
    assertThatThrownBy(() -> s.update(new double[2], 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 3 standardized features, got 2");
    assertThatThrownBy(() -> s.update(new double[3], Double.NaN)).hasMessage("residual must be finite, got NaN");
    assertThatThrownBy(() -> s.merge(new PerformanceSummary(4)))
        .hasMessage("cannot merge a summary of 4 features into one of 3");
  }

  private static List<PerformanceSummary> parts(int labels, int k, long seed) {
    LabelledStream stream = new LabelledStream(MODEL, seed);
    List<PerformanceSummary> parts = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      parts.add(new PerformanceSummary(MODEL.featureCount()));
    }
    java.util.SplittableRandom which = new java.util.SplittableRandom(seed + 1);
    for (int i = 0; i < labels; i++) {
      stream.next(Scenario.effect("bmi", 2));
      parts.get(which.nextInt(k)).update(stream.z, stream.residual);
    }
    return parts;
  }

  @Test
  void mergeInAnyOrderGivesTheSameBytesAndReport() {
    List<PerformanceSummary> p = parts(2_000, 4, 7);
    PerformanceSummary whole = new PerformanceSummary(MODEL.featureCount());
    LabelledStream stream = new LabelledStream(MODEL, 7);
    for (int i = 0; i < 2_000; i++) {
      stream.next(Scenario.effect("bmi", 2));
      whole.update(stream.z, stream.residual);
    }
    PerformanceSummary a = p.get(0).copy().merge(p.get(1)).merge(p.get(2)).merge(p.get(3));
    PerformanceSummary b = p.get(3).copy().merge(p.get(1)).merge(p.get(0)).merge(p.get(2));
    PerformanceSummary c = p.get(2).copy().merge(p.get(3)).merge(p.get(1).copy().merge(p.get(0)));
    assertThat(a.toBytes()).isEqualTo(b.toBytes()).isEqualTo(c.toBytes()).isEqualTo(whole.toBytes());
    assertThat(a).isEqualTo(b).isEqualTo(c).isEqualTo(whole).hasSameHashCodeAs(whole);
    PerformanceDetector detector = PerformanceDetector.create(MODEL, ConceptSettings.defaults());
    assertThat(detector.evaluate(a)).isEqualTo(detector.evaluate(b)).isEqualTo(detector.evaluate(c))
        .isEqualTo(detector.evaluate(whole));
    assertThat(a.count()).isEqualTo(2_000);
  }

  @Test
  void roundTripsThroughBytes() {
    PerformanceSummary s = parts(500, 1, 3).get(0);
    byte[] bytes = s.toBytes();
    PerformanceSummary back = PerformanceSummary.fromBytes(bytes);
    assertThat(back).isEqualTo(s);
    assertThat(back.toBytes()).isEqualTo(bytes);
    // s3 is unused: its 12 sums are zero and not written.
    assertThat(bytes.length).isLessThan(1_200);
    assertThat(PerformanceSummary.fromBytes(new PerformanceSummary(10).toBytes())).isEqualTo(new PerformanceSummary(10));
  }

  @Test
  void refusesOtherBytes() {
    byte[] bytes = parts(50, 1, 3).get(0).toBytes();
    byte[] version = bytes.clone();
    version[3] = 2;
    assertThatThrownBy(() -> PerformanceSummary.fromBytes(version)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("corrupt performance summary: format version 2 is not supported (this reader knows 1)");
    assertThatThrownBy(() -> PerformanceSummary.fromBytes("DWS\1".getBytes()))
        .hasMessage("corrupt performance summary: not a performance summary");
    assertThatThrownBy(() -> PerformanceSummary.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .hasMessage("corrupt performance summary: truncated");
    assertThatThrownBy(() -> PerformanceSummary.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessage("corrupt performance summary: 1 trailing bytes");
  }

  @Test
  void updateAllocatesNothing() {
    LabelledStream stream = new LabelledStream(MODEL, 5);
    stream.next(Scenario.none());
    PerformanceSummary s = new PerformanceSummary(MODEL.featureCount());
    for (int i = 0; i < 20_000; i++) {
      s.update(stream.z, stream.residual);
    }
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 200_000; i++) {
      s.update(stream.z, stream.residual);
    }
    assertThat(bean.getCurrentThreadAllocatedBytes() - before).isLessThan(1_000);
  }
}
