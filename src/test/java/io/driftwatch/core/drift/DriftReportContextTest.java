package io.driftwatch.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.drift.PatientStream.Scenario;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a report says beyond its window's statistics: the records rejected over the same interval, how each quantity
 * looks on PSI's bins beside its reference, and since when it drifts.
 */
class DriftReportContextTest {

  private static final ModelArtifact MODEL = NotebookModel.ARTIFACT;
  private static final DriftDetector DETECTOR =
      DriftDetector.create(MODEL, DriftSettings.defaults().withCalibration(500, 0));
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A continuous profile on 0, 10, ..., 1000 whose values 100, 200, ..., 900 each fill two grid points, so that every
   * decile has one nearest cut point: 105, 205, ..., 905 (reference CDF 0.105, 0.205, ..., 0.905).
   */
  private static DistributionProfile steps() {
    double[] q = new double[DistributionProfile.QUANTILE_COUNT];
    for (int i = 0; i < q.length; i++) {
      q[i] = 10.0 * i;
    }
    for (int d = 1; d <= 9; d++) {
      q[10 * d - 1] = 100.0 * d;
    }
    return new DistributionProfile("x", FeatureKind.CONTINUOUS, 1000, 500, 10, 0, 1000, q, new double[0],
        new double[0]);
  }

  @Test
  void aContinuousHistogramHasPsisDecileBinsTheReferenceSharesAndTheWindowsCounts() {
    DistributionProfile x = steps();
    SummaryLayout layout = SummaryLayout.of("v", List.of(x), x);
    WindowSummary summary = layout.newSummary();
    for (double value : new double[] {-50, 0, 104.999, 105, 404.9, 500, 905, 1e6}) {
      summary.update(new double[] {value}, 500);
    }

    Histogram h = Histogram.of(layout.quantities[0], summary, 0);

    assertThat(h.categorical()).isFalse();
    assertThat(h.categories()).isEmpty();
    assertThat(h.edges()).containsExactly(105, 205, 305, 405, 505, 605, 705, 805, 905);
    assertThat(h.reference()).containsExactly(0.105, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.095);
    // (-inf, 105): -50, 0, 104.999; [105, 205): 105; [305, 405): 404.9; [405, 505): 500; [905, +inf): 905, 1e6.
    assertThat(h.window()).containsExactly(3, 1, 0, 1, 1, 0, 0, 0, 0, 2);
    assertThat(Arrays.stream(h.window()).sum()).isEqualTo(summary.count());
    // The same bins as PSI: its value from these shares equals the report's.
    double[] actual = Arrays.stream(h.window()).mapToDouble(n -> n / 8.0).toArray();
    assertThat(PopulationStability.index(h.reference(), actual))
        .isCloseTo(QuantityStatistics.measure(layout.quantities[0], summary, 0, 0).psi(),
            org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void aCategoricalHistogramHasOneBinPerCode() {
    DistributionProfile sex = new DistributionProfile("sex", FeatureKind.CATEGORICAL, 100, 1.75, 0.433, 1, 2,
        new double[0], new double[] {1, 2}, new double[] {0.25, 0.75});
    DistributionProfile prediction = steps();
    SummaryLayout layout = SummaryLayout.of("v", List.of(sex), prediction);
    WindowSummary summary = layout.newSummary();
    for (double code : new double[] {2, 1, 2, 2}) {
      summary.update(new double[] {code}, 500);
    }

    Histogram h = Histogram.of(layout.quantities[0], summary, 0);

    assertThat(h.categorical()).isTrue();
    assertThat(h.edges()).isEmpty();
    assertThat(h.categories()).containsExactly(1, 2);
    assertThat(h.reference()).containsExactly(0.25, 0.75);
    assertThat(h.window()).containsExactly(1, 3);
  }

  @Test
  void theReportsJsonCarriesEveryHistogramDataQualityAndDriftState() throws Exception {
    WindowSummary summary = DETECTOR.newSummary();
    new PatientStream(NotebookModel.ROWS, MODEL, 3).fill(summary, 500, Scenario.shift("s3", 0.5));
    DriftReport report = DETECTOR.evaluate(summary, T0, T0.plusSeconds(60), 2,
        Map.of(RejectReason.OUT_OF_RANGE, 3L, RejectReason.MISSING_FIELD, 1L, RejectReason.NO_MODEL, 0L),
        DriftStates.NONE);
    JsonNode json = JSON.readTree(DriftReportJson.write(report));

    assertThat(json.get("data_quality").toString()).isEqualTo("{\"records\":504,\"rejected\":4,\"rejected_share\":"
        + (4 / 504.0) + ",\"by_reason\":{\"missing_field\":1,\"out_of_range\":3}}");
    assertThat(report.dataQuality().rejected(RejectReason.OUT_OF_RANGE)).isEqualTo(3);
    assertThat(json.get("drift_state").toString())
        .isEqualTo("{\"drifting\":true,\"since\":\"2026-11-24T10:00:00Z\",\"ended\":null}");
    JsonNode s3 = json.get("features").get("s3");
    assertThat(s3.get("drift_state").toString())
        .isEqualTo("{\"drifting\":true,\"since\":\"2026-11-24T10:00:00Z\",\"ended\":null}");
    assertThat(json.get("features").get("bmi").get("drift_state").toString())
        .isEqualTo("{\"drifting\":false,\"since\":null,\"ended\":null}");
    for (String name : MODEL.featureNames()) {
      JsonNode histogram = json.get("features").get(name).get("histogram");
      long sum = 0;
      for (JsonNode n : histogram.get("window")) {
        sum += n.asLong();
      }
      assertThat(sum).as(name).isEqualTo(500);
      double shares = 0;
      for (JsonNode p : histogram.get("reference")) {
        shares += p.asDouble();
      }
      assertThat(shares).as(name).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
      if (name.equals("sex")) {
        assertThat(fields(histogram)).containsExactly("categories", "reference", "window");
        assertThat(histogram.get("categories").toString()).isEqualTo("[1,2]");
        assertThat(histogram.get("window")).hasSize(2);
      } else {
        assertThat(fields(histogram)).containsExactly("edges", "reference", "window");
        assertThat(histogram.get("window")).hasSize(histogram.get("edges").size() + 1);
        assertThat(histogram.get("reference")).hasSize(histogram.get("edges").size() + 1);
      }
    }
    JsonNode prediction = json.get("prediction").get("histogram");
    assertThat(prediction.get("edges")).hasSize(9);
    assertThat(json.get("prediction").get("drift_state").get("drifting").asBoolean())
        .isEqualTo(report.prediction().drift());
  }

  @Test
  void withoutAnyRecordTheRejectedShareIsNull() throws Exception {
    DriftReport report = DETECTOR.evaluate(DETECTOR.newSummary(), T0, T0.plusSeconds(60), 0, Map.of(),
        DriftStates.NONE);
    assertThat(report.dataQuality().rejectedShare()).isNaN();
    assertThat(JSON.readTree(DriftReportJson.write(report)).get("data_quality").toString())
        .isEqualTo("{\"records\":0,\"rejected\":0,\"rejected_share\":null,\"by_reason\":{}}");
    assertThatThrownBy(() -> DataQuality.of(1, Map.of(RejectReason.OUT_OF_RANGE, -1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("negative count of out_of_range records: -1");
  }

  @Test
  void aRunStartsWithItsFirstFlaggedWindowOutlastsSmallWindowsAndEndsWithTheLastFlaggedOne() {
    Scenario shifted = Scenario.shift("s3", 0.5);
    DriftStates states = DriftStates.NONE;
    PatientStream stream = new PatientStream(NotebookModel.ROWS, MODEL, 11);
    // minute: 0 quiet, 1 and 2 flagged, 3 too small (shifted, not flagged), 4 flagged, 5 and 6 quiet, 7 flagged.
    Object[][] windows = {{500, Scenario.none()}, {500, shifted}, {500, shifted}, {150, shifted}, {500, shifted},
        {500, Scenario.none()}, {500, Scenario.none()}, {500, shifted}};
    String[] expected = {
        "false null null",
        "true 10:01 null",
        "true 10:01 null",
        "true 10:01 null", // below min_samples: no decision, the run goes on
        "true 10:01 null",
        "false 10:01 10:05", // ended: the end of the last flagged window
        "false 10:01 10:05",
        "true 10:07 null"};
    for (int minute = 0; minute < windows.length; minute++) {
      WindowSummary summary = DETECTOR.newSummary();
      stream.fill(summary, (Integer) windows[minute][0], (Scenario) windows[minute][1]);
      Instant start = T0.plus(Duration.ofMinutes(minute));
      DriftReport report = DETECTOR.evaluate(summary, start, start.plusSeconds(60), 0, Map.of(), states);
      assertThat(report.feature("s3").drift()).as("minute %d flag", minute)
          .isEqualTo(expected[minute].startsWith("true") && minute != 3);
      assertThat(text(report.driftStates().feature("s3"))).as("s3 at minute %d", minute).isEqualTo(expected[minute]);
      assertThat(text(report.driftStates().dataset())).as("dataset at minute %d", minute).isEqualTo(expected[minute]);
      assertThat(text(report.driftStates().feature("bmi"))).as("bmi at minute %d", minute).isEqualTo("false null null");
      states = report.driftStates();
      assertThat(DriftStates.fromBytes(states.toBytes())).isEqualTo(states);
    }
  }

  @Test
  void afterAGapWithoutReportsTheRunEndsWhenItsLastFlaggedWindowEndedNotWhenTheNextWindowStarts() {
    Instant t1001 = T0.plusSeconds(60);
    Instant t1030 = T0.plusSeconds(1800);
    DriftState flagged = DriftState.NEVER.next(true, true, T0, t1001);
    assertThat(flagged).isEqualTo(new DriftState(true, T0, null, t1001));
    assertThat(flagged.next(false, false, t1001, t1001.plusSeconds(60))).as("no decision").isSameAs(flagged);
    DriftState ended = flagged.next(true, false, t1030, t1030.plusSeconds(60));
    assertThat(ended).isEqualTo(new DriftState(false, T0, t1001, t1001));
    assertThat(ended.next(true, false, t1030.plusSeconds(60), t1030.plusSeconds(120))).isSameAs(ended);
    assertThat(ended.next(true, true, t1030, t1030.plusSeconds(60)))
        .isEqualTo(new DriftState(true, t1030, null, t1030.plusSeconds(60)));
  }

  @Test
  void statesWrittenAsBytesReadBackAndForeignBytesAreRefused() {
    DriftStates states = new DriftStates(new DriftState(true, T0, null, T0.plusSeconds(60)), DriftState.NEVER,
        Map.of("bmi", new DriftState(false, T0, T0.plusSeconds(120), T0.plusSeconds(120)), "s5", DriftState.NEVER));
    assertThat(DriftStates.fromBytes(states.toBytes())).isEqualTo(states);
    assertThat(DriftStates.fromBytes(DriftStates.NONE.toBytes())).isEqualTo(DriftStates.NONE);
    assertThatThrownBy(() -> DriftStates.fromBytes(new byte[] {'D', 'W', 'S', 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not drift states");
    byte[] bytes = states.toBytes();
    assertThatThrownBy(() -> DriftStates.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("truncated drift states");
  }

  private static String text(DriftState s) {
    return s.drifting() + " " + hhmm(s.since()) + " " + hhmm(s.ended());
  }

  private static String hhmm(Instant t) {
    return t == null ? "null" : t.toString().substring(11, 16);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
