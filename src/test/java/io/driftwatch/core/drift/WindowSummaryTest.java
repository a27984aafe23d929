package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.drift.PatientStream.Scenario;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.DistributionProfiles;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowSummaryTest {

  private static final ModelArtifact MODEL = NotebookModel.ARTIFACT;
  private static final DriftDetector DETECTOR =
      DriftDetector.create(MODEL, DriftSettings.defaults().withCalibration(500, 0));
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-24T10:01:00Z");

  @Test
  void mergingThePartitionsOfAWindowGivesExactlyTheSummaryOfAllItsEvents() {
    SplittableRandom random = new SplittableRandom(3);
    LinearScorer scorer = new LinearScorer(MODEL);
    WindowSummary all = DETECTOR.newSummary();
    WindowSummary[] partitions = new WindowSummary[4];
    for (int p = 0; p < partitions.length; p++) {
      partitions[p] = DETECTOR.newSummary();
    }
    double[] event = new double[MODEL.featureCount()];
    for (int i = 0; i < 4000; i++) {
      double[] row = NotebookModel.ROWS[random.nextInt(NotebookModel.ROWS.length)];
      for (int j = 0; j < event.length; j++) {
        event[j] = row[j] + (j == 1 ? 0 : random.nextDouble() - 0.5);
      }
      double prediction = scorer.predict(event);
      all.update(event, prediction);
      partitions[random.nextInt(partitions.length)].update(event, prediction);
    }
    WindowSummary inOrder = DETECTOR.newSummary();
    for (WindowSummary p : partitions) {
      inOrder.merge(p);
    }
    WindowSummary reversed = DETECTOR.newSummary().merge(partitions[3]).merge(partitions[2]).merge(partitions[1])
        .merge(partitions[0]);
    WindowSummary pairwise = partitions[0].copy().merge(partitions[1]).merge(partitions[2].copy().merge(partitions[3]));

    assertThat(inOrder).isEqualTo(all);
    assertThat(reversed).isEqualTo(all);
    assertThat(pairwise).isEqualTo(all);
    String expected = DriftReportJson.writeString(DETECTOR.evaluate(all, START, END, 0));
    assertThat(DriftReportJson.writeString(DETECTOR.evaluate(inOrder, START, END, 0))).isEqualTo(expected);
    assertThat(DriftReportJson.writeString(DETECTOR.evaluate(reversed, START, END, 0))).isEqualTo(expected);
    assertThat(DriftReportJson.writeString(DETECTOR.evaluate(pairwise, START, END, 0))).isEqualTo(expected);
    assertThat(inOrder.count()).isEqualTo(4000);
    // The joint tests are part of those reports, computed from the merged joint moments.
    DriftReport report = DETECTOR.evaluate(pairwise, START, END, 0);
    assertThat(report.multivariate().tested()).isTrue();
    assertThat(report.multivariate().count()).isEqualTo(4000);
    assertThat(report.multivariate().pairs()).hasSize(45);
  }

  /** k = 2..6 partitions of one window, merged in a shuffled order: the same report, to the last digit. */
  @Test
  void anyPartitioningMergedInAnyOrderGivesTheSameReport() {
    SplittableRandom random = new SplittableRandom(11);
    LinearScorer scorer = new LinearScorer(MODEL);
    double[][] events = new double[3000][];
    double[] predictions = new double[events.length];
    for (int i = 0; i < events.length; i++) {
      double[] row = NotebookModel.ROWS[random.nextInt(NotebookModel.ROWS.length)];
      events[i] = row.clone();
      events[i][NotebookModel.index("bmi")] += 2 + random.nextDouble();
      predictions[i] = scorer.predict(events[i]);
    }
    WindowSummary all = DETECTOR.newSummary();
    for (int i = 0; i < events.length; i++) {
      all.update(events[i], predictions[i]);
    }
    String expected = DriftReportJson.writeString(DETECTOR.evaluate(all, START, END, 0));
    assertThat(expected).contains("\"shifted_features\":[\"bmi\"");
    for (int k = 2; k <= 6; k++) {
      List<WindowSummary> parts = new java.util.ArrayList<>();
      for (int p = 0; p < k; p++) {
        parts.add(DETECTOR.newSummary());
      }
      for (int i = 0; i < events.length; i++) {
        parts.get(random.nextInt(k)).update(events[i], predictions[i]);
      }
      java.util.Collections.shuffle(parts, new java.util.Random(k));
      WindowSummary merged = DETECTOR.newSummary();
      for (WindowSummary part : parts) {
        merged.merge(WindowSummary.fromBytes(part.toBytes(), DETECTOR.layout()));
      }
      assertThat(DriftReportJson.writeString(DETECTOR.evaluate(merged, START, END, 0))).as("%d partitions", k)
          .isEqualTo(expected);
    }
  }

  @Test
  void bytesRoundTripExactlyAndStayCompact() {
    WindowSummary summary = DETECTOR.newSummary();
    new PatientStream(NotebookModel.ROWS, MODEL, 5).fill(summary, 500, Scenario.none());
    byte[] bytes = summary.toBytes();
    WindowSummary back = WindowSummary.fromBytes(bytes, DETECTOR.layout());

    assertThat(back).isEqualTo(summary);
    assertThat(back.toBytes()).isEqualTo(bytes);
    assertThat(DriftReportJson.writeString(DETECTOR.evaluate(back, START, END, 0)))
        .isEqualTo(DriftReportJson.writeString(DETECTOR.evaluate(summary, START, END, 0)));
    assertThat(bytes.length).as("bytes for 500 events").isLessThan(6_000);
    assertThat(HexFormat.of().formatHex(bytes, 0, 4)).isEqualTo("44575302"); // "DWS", format 2
    assertThat(back.jointComplete()).isTrue();
    assertThat(back.joint().count()).isEqualTo(500);
    assertThat(WindowSummary.modelVersionOf(bytes)).isEqualTo(MODEL.modelVersion());

    WindowSummary empty = DETECTOR.newSummary();
    assertThat(WindowSummary.fromBytes(empty.toBytes(), DETECTOR.layout())).isEqualTo(empty);
  }

  /** The binary form is a contract with the changelog: these bytes must read the same in every later version. */
  @Test
  void binaryFormIsStable() {
    DistributionProfile x = DistributionProfiles.of("x", FeatureKind.CONTINUOUS, new double[] {1, 2, 3, 4});
    SummaryLayout layout = SummaryLayout.of("v1", List.of(x), x);
    WindowSummary summary = layout.newSummary();
    summary.update(new double[] {2.5}, 0.5);
    summary.update(new double[] {9}, 3);
    // Format 1, as written before the joint moments, still reads.
    assertThat(WindowSummary.fromBytes(HexFormat.of().parseHex(STABLE_BYTES), layout)).isEqualTo(summary);
    // Format 2 without joint moments: format 1's bytes, version 2, and a 0 (no joint values) at the end.
    String hex = HexFormat.of().formatHex(summary.toBytes());
    assertThat(hex).isEqualTo("44575302" + STABLE_BYTES.substring(8) + "00");
    assertThat(WindowSummary.fromBytes(summary.toBytes(), layout)).isEqualTo(summary);
  }

  /** Format 2 with joint moments (two features, reference moments): pinned as well. */
  @Test
  void binaryFormWithJointMomentsIsStable() {
    DistributionProfile x = DistributionProfiles.of("x", FeatureKind.CONTINUOUS, new double[] {1, 2, 3, 4});
    DistributionProfile y = DistributionProfiles.of("y", FeatureKind.CONTINUOUS, new double[] {10, 30, 20, 40});
    SummaryLayout plain = SummaryLayout.of("v2", List.of(x, y), x);
    double[][] rows = {{1, 10}, {2, 30}, {3, 20}, {4, 40}};
    SummaryLayout layout = SummaryLayout.of("v2", List.of(x, y), x, MultivariateLayout.of(plain).referenceMoments(rows));
    WindowSummary summary = layout.newSummary();
    summary.update(new double[] {2.5, 25}, 0.5);
    summary.update(new double[] {9, -3}, 3);
    summary.update(new double[] {1, 12}, 1);
    String hex = HexFormat.of().formatHex(summary.toBytes());
    assertThat(hex).isEqualTo(STABLE_JOINT_BYTES);
    WindowSummary back = WindowSummary.fromBytes(HexFormat.of().parseHex(STABLE_JOINT_BYTES), layout);
    assertThat(back).isEqualTo(summary);
    assertThat(back.joint().standardizedMean()).containsExactly(summary.joint().standardizedMean());
    // Read with a layout that tracks no joint moments (drift.multivariate=false): they are skipped.
    WindowSummary without = WindowSummary.fromBytes(HexFormat.of().parseHex(STABLE_JOINT_BYTES), plain);
    assertThat(without.joint()).isNull();
    assertThat(without.count()).isEqualTo(3);
  }

  private static final String STABLE_JOINT_BYTES = "44575302fe6abe70b44c64670276320303033ff00000000000004022000000000000401400000000000000000000000000004046400000"
      + "0000000000000000000000030001c2de0d3101c2de0d3101a99af12303c0080000000000004039000000000000c0448000000000000000"
      + "000000000000408dc80000000000000000000000000003000198b3b4090601eef2162a01c2de0d033fe000000000000040080000000000"
      + "00c0080000000000000000000000000000401a00000000000000000000000000000200029bb6e5034201eef2160c06009c9e02d9ea019a"
      + "9e029dd002d4fdcab90499d5ffcf01baacfe79ba85888907aba7d7e902e2c1a88502";

  /**
   * A window partly summarised before the joint moments existed (format 1, read back after an upgrade) is reported
   * with every per-feature statistic but not tested jointly, and says why; merged with newer partials it stays so.
   */
  @Test
  void aFormatOneSummaryIsNotTestedJointly() {
    WindowSummary old = DETECTOR.newSummary();
    new PatientStream(NotebookModel.ROWS, MODEL, 6).fill(old, 300, Scenario.none());
    byte[] two = old.toBytes();
    WindowSummary withoutJoint = SummaryLayout.of(MODEL, false).newSummary();
    new PatientStream(NotebookModel.ROWS, MODEL, 6).fill(withoutJoint, 300, Scenario.none());
    byte[] plain = withoutJoint.toBytes();
    // Format 1 = format 2 without its trailing "no joint values" byte, version 1.
    byte[] one = java.util.Arrays.copyOf(plain, plain.length - 1);
    one[3] = 1;
    WindowSummary read = WindowSummary.fromBytes(one, DETECTOR.layout());
    assertThat(read.count()).isEqualTo(300);
    assertThat(read.jointComplete()).isFalse();
    WindowSummary merged = read.merge(WindowSummary.fromBytes(two, DETECTOR.layout()));
    assertThat(merged.count()).isEqualTo(600);
    assertThat(merged.jointComplete()).isFalse();
    DriftReport report = DETECTOR.evaluate(merged, START, END, 0);
    assertThat(report.multivariate().tested()).isFalse();
    assertThat(report.multivariate().notTestedReason())
        .isEqualTo("some of the window's events were summarised without joint moments (by an earlier version)");
    assertThat(report.feature("bmi").count()).isEqualTo(600);
    assertThat(DETECTOR.evaluate(WindowSummary.fromBytes(two, DETECTOR.layout()), START, END, 0).multivariate()
        .tested()).isTrue();
  }

  private static final String STABLE_BYTES = "44575301946cce0d6aa42d3e02763102020240040000000000004022000000000000"
      + "401a000000000000000000000000000040452000000000000000000000000000023201c2de0d3101a99af123023fe000000000000040"
      + "08000000000000bff8000000000000000000000000000040110000000000000000000000000000020001d9d7d7034201eef216";

  @Test
  void readingOrMergingWithAnotherModelsLayoutFails() {
    ModelArtifact other = NotebookModel.artifact("other-version", NotebookModel.trainingRows(), MODEL.scaler(),
        MODEL.model());
    DriftDetector otherDetector = DriftDetector.create(other, DriftSettings.defaults().withCalibration(500, 0));
    byte[] bytes = DETECTOR.newSummary().toBytes();

    assertThatThrownBy(() -> WindowSummary.fromBytes(bytes, otherDetector.layout()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("summary of model version " + MODEL.modelVersion()
            + " does not match the layout of model version other-version");
    assertThatThrownBy(() -> otherDetector.newSummary().merge(DETECTOR.newSummary()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model version " + MODEL.modelVersion());
    assertThatThrownBy(() -> otherDetector.evaluate(DETECTOR.newSummary(), START, END, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("summary of model version " + MODEL.modelVersion()
            + " cannot be judged by the detector of model version other-version");
  }

  @Test
  void malformedBytesAreRefusedWithTheReason() {
    byte[] good = DETECTOR.newSummary().toBytes();
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    byte[] futureVersion = good.clone();
    futureVersion[3] = 3;
    assertThatThrownBy(() -> WindowSummary.fromBytes(truncated, DETECTOR.layout()))
        .hasMessage("corrupt window summary: truncated");
    assertThatThrownBy(() -> WindowSummary.fromBytes(futureVersion, DETECTOR.layout()))
        .hasMessage("corrupt window summary: format version 3 is not supported (this reader knows 1 to 2)");
    assertThatThrownBy(() -> WindowSummary.fromBytes("{}".getBytes(), DETECTOR.layout()))
        .hasMessage("corrupt window summary: not a window summary");
  }

  @Test
  void anEventWithTheWrongNumberOfFeaturesIsRefused() {
    assertThatThrownBy(() -> DETECTOR.newSummary().update(new double[3], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 10 features [age, sex, bmi, bp, s1, s2, s3, s4, s5, s6], got 3");
  }

  @Test
  void nonFiniteValuesAreLeftOutOfTheirFeatureOnly() {
    WindowSummary summary = DETECTOR.newSummary();
    double[] event = NotebookModel.ROWS[0].clone();
    summary.update(event, 150);
    event[NotebookModel.index("bmi")] = Double.NaN;
    summary.update(event, 150);
    DriftReport report = DETECTOR.evaluate(summary, START, END, 0);
    assertThat(report.count()).isEqualTo(2);
    assertThat(report.feature("bmi").count()).isEqualTo(1);
    assertThat(report.feature("age").count()).isEqualTo(2);
    assertThat(report.feature("bmi").mean()).isEqualTo(NotebookModel.ROWS[0][NotebookModel.index("bmi")]);
  }

  @Test
  void updatingAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    WindowSummary summary = DETECTOR.newSummary();
    double[][] rows = NotebookModel.ROWS;
    summary.update(rows[0], 150);
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 200_000; i++) {
      summary.update(rows[i % rows.length], 150 + (i % 7));
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 200 000 updates").isLessThan(1_000);
    assertThat(summary.count()).isEqualTo(200_001);
  }
}
