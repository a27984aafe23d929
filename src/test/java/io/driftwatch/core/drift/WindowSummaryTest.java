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
    assertThat(HexFormat.of().formatHex(bytes, 0, 4)).isEqualTo("44575301"); // "DWS", version 1
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
    String hex = HexFormat.of().formatHex(summary.toBytes());
    assertThat(hex).isEqualTo(STABLE_BYTES);
    WindowSummary back = WindowSummary.fromBytes(HexFormat.of().parseHex(STABLE_BYTES), layout);
    assertThat(back).isEqualTo(summary);
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
    futureVersion[3] = 2;
    assertThatThrownBy(() -> WindowSummary.fromBytes(truncated, DETECTOR.layout()))
        .hasMessage("corrupt window summary: truncated");
    assertThatThrownBy(() -> WindowSummary.fromBytes(futureVersion, DETECTOR.layout()))
        .hasMessage("corrupt window summary: format version 2 is not supported (this reader knows 1)");
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
