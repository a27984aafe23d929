package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceProfile;
import io.driftwatch.testing.LabelledStream;
import io.driftwatch.testing.LabelledStream.Scenario;
import io.driftwatch.testing.TrainedModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Window tests on labelled streams resampled from the diabetes rows with reference residuals (seeded). */
class PerformanceDetectorTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final PerformanceDetector DETECTOR = PerformanceDetector.create(MODEL, ConceptSettings.defaults());
  private static final int WINDOW = 500;

  private static List<PerformanceReport> windows(Scenario scenario, int windows, long seed) {
    LabelledStream stream = new LabelledStream(MODEL, seed);
    List<PerformanceReport> reports = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      PerformanceSummary s = DETECTOR.newSummary();
      for (int i = 0; i < WINDOW; i++) {
        stream.next(scenario);
        s.update(stream.z, stream.residual);
      }
      reports.add(DETECTOR.evaluate(s));
    }
    return reports;
  }

  @Test
  void withoutDriftAtMostOnePercentOfWindowsIsFlagged() {
    List<PerformanceReport> reports = windows(Scenario.none(), 120, 1);
    long flagged = reports.stream().filter(PerformanceReport::conceptDrift).count();
    List<PerformanceReport> longer = windows(Scenario.none(), 2_000, 2);
    long flaggedLonger = longer.stream().filter(PerformanceReport::conceptDrift).count();
    System.out.printf("none: %d of 120 windows of 500 labels flagged; %d of 2000 in a longer run%n", flagged,
        flaggedLonger);
    assertThat(flagged).isLessThanOrEqualTo(1);
    // Holm keeps the family-wise rate at most 1 %; the nine association tests are nearly independent and the error
    // test is conservative, so the rate is about 9 × 0.1 % (47 of 5 000 over several seeds). 30 of 2 000 is the 1 %
    // bound plus two binomial standard deviations.
    assertThat(flaggedLonger).isLessThanOrEqualTo(30);
    double meanRatio = reports.stream().mapToDouble(PerformanceReport::rmseRatio).average().orElseThrow();
    assertThat(meanRatio).isCloseTo(1.0, within(0.01));
  }

  @Test
  void doubledBmiEffectIsAttributedToBmi() {
    List<PerformanceReport> reports = windows(Scenario.effect("bmi", 2), 50, 12);
    double sum = 0;
    for (PerformanceReport r : reports) {
      assertThat(r.conceptDrift()).isTrue();
      assertThat(r.attribution().get(0).feature()).isEqualTo("bmi");
      // One window's standard error of the bmi coefficient is about 3 (55.8·√VIF/√500 with VIF ≈ 1.5, plus the
      // extra noise the product adds): ± 12 is four of them.
      assertThat(r.attribution().get(0).effectChange()).isCloseTo(25.9, within(12.0));
      assertThat(r.attribution().get(0).pValue()).isEqualTo(r.feature("bmi").adjustedPValue());
      sum += r.feature("bmi").effectChange();
    }
    long onlyBmi = reports.stream().filter(r -> r.attribution().size() == 1).count();
    System.out.printf("bmi x2: mean effect_change %.2f over 50 windows; bmi alone in %d of 50; error_drift in %d%n",
        sum / 50, onlyBmi, reports.stream().filter(PerformanceReport::errorDrift).count());
    // The mean over 50 windows has a standard error of about 0.45.
    assertThat(sum / 50).isCloseTo(25.9, within(2.0));
    assertThat(onlyBmi).isGreaterThanOrEqualTo(49);
  }

  @Test
  void noiseIncreaseIsAnErrorDrift() {
    List<PerformanceReport> reports = windows(Scenario.noise(1.5), 20, 13);
    for (PerformanceReport r : reports) {
      assertThat(r.errorDrift()).isTrue();
      assertThat(r.rmseRatio()).isCloseTo(1.5, within(0.15));
    }
  }

  @Test
  void covariateShiftWithTheRelationIntactIsNotFlagged() {
    // The regression has an intercept, so shifting z_bmi by a constant changes no coefficient, t or p: with the same
    // seed the shifted stream flags exactly the windows the unshifted one flags.
    List<PerformanceReport> shifted = windows(Scenario.covariateShift("bmi", 1), 120, 1);
    List<PerformanceReport> none = windows(Scenario.none(), 120, 1);
    for (int w = 0; w < shifted.size(); w++) {
      assertThat(shifted.get(w).conceptDrift()).isEqualTo(none.get(w).conceptDrift());
      assertThat(shifted.get(w).feature("bmi").effectChange())
          .isCloseTo(none.get(w).feature("bmi").effectChange(), within(1e-6));
    }
    assertThat(shifted.stream().filter(PerformanceReport::conceptDrift).count()).isLessThanOrEqualTo(1);
  }

  @Test
  void errorTestKeepsItsSizeAgainstAResampledReference() {
    // The two-sample null: a pseudo-reference of 353 residuals and a window of 500, both from the reference
    // distribution; the window is tested against the pseudo-reference's mean square.
    ReferenceResiduals reference = ReferenceResiduals.of(MODEL);
    SplittableRandom random = new SplittableRandom(15);
    int rounds = 4_000;
    int rejected = 0;
    double e0 = reference.rmse * reference.rmse;
    double v0 = e0 * e0 * (reference.kurtosis - 1);
    for (int round = 0; round < rounds; round++) {
      double ref = 0;
      for (int i = 0; i < reference.count; i++) {
        double r = reference.draw(random);
        ref += r * r;
      }
      ref /= reference.count;
      double win = 0;
      for (int i = 0; i < WINDOW; i++) {
        double r = reference.draw(random);
        win += r * r;
      }
      win /= WINDOW;
      double z = (win - ref) / Math.sqrt(v0 * (1.0 / WINDOW + 1.0 / reference.count));
      rejected += z > 2.3263478740408408 ? 1 : 0; // one-sided 1 %
    }
    System.out.printf("error test size at 1 %%: %d of %d (two-sample null); kurtosis %.4f%n", rejected, rounds,
        reference.kurtosis);
    assertThat(rejected).isBetween(20, 60);
    // Against the reference distribution itself (no reference noise) the test is conservative.
    int oneSample = 0;
    for (int round = 0; round < rounds; round++) {
      double win = 0;
      for (int i = 0; i < WINDOW; i++) {
        double r = reference.draw(random);
        win += r * r;
      }
      oneSample += DETECTOR.errorPValue(win / WINDOW, WINDOW) <= 0.01 ? 1 : 0;
    }
    System.out.printf("error test at 1 %% against the reference itself: %d of %d%n", oneSample, rounds);
    assertThat(oneSample).isLessThanOrEqualTo(10);
  }

  @Test
  void emptyAndSmallWindowsGiveNaNNotExceptions() throws Exception {
    PerformanceReport empty = DETECTOR.evaluate(DETECTOR.newSummary());
    assertThat(empty.count()).isZero();
    assertThat(empty.rmse()).isNaN();
    assertThat(empty.pValue()).isNaN();
    assertThat(empty.conceptDrift()).isFalse();
    assertThat(empty.belowMinSamples()).isTrue();
    assertThat(empty.feature("bmi").effectChange()).isNaN();
    JsonNode json = new ObjectMapper().readTree(PerformanceReportJson.write(empty));
    assertThat(json.get("rmse").isNull()).isTrue();
    assertThat(json.get("features").get("bmi").get("effect_change").isNull()).isTrue();

    PerformanceSummary few = DETECTOR.newSummary();
    LabelledStream stream = new LabelledStream(MODEL, 3);
    for (int i = 0; i < 50; i++) {
      stream.next(Scenario.noise(3));
      few.update(stream.z, stream.residual);
    }
    PerformanceReport r = DETECTOR.evaluate(few);
    assertThat(r.pValue()).isLessThan(1e-6);
    assertThat(r.errorDrift()).isFalse();
    assertThat(r.belowMinSamples()).isTrue();
    assertThat(r.feature("s3").usable()).isFalse();
    assertThat(r.feature("bmi").usable()).isTrue();
  }

  @Test
  void jsonPutsHeaderFirstAndTrailerLast() throws Exception {
    PerformanceReport r = windows(Scenario.effect("bmi", 2), 1, 16).get(0);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kind", "window");
    header.put("window_start", "2026-11-24T10:00:00Z");
    header.put("window_end", "2026-11-24T10:01:00Z");
    header.put("model_version", "23cd27602268");
    Map<String, Object> trailer = new LinkedHashMap<>();
    trailer.put("label_coverage", 0.5);
    trailer.put("unmatched_outcomes", 3L);
    trailer.put("expired_predictions", 4);
    trailer.put("late_records", 0L);
    String json = PerformanceReportJson.writeString(r, header, trailer);
    JsonNode node = new ObjectMapper().readTree(json);
    List<String> fields = new ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("kind", "window_start", "window_end", "model_version", "count", "rmse", "mae",
        "bias", "reference_rmse", "rmse_ratio", "p_value", "p_value_adjusted", "below_min_samples", "error_drift",
        "concept_drift", "attribution", "features", "thresholds", "label_coverage", "unmatched_outcomes",
        "expired_predictions", "late_records");
    assertThat(node.get("attribution").get(0).get("feature").asText()).isEqualTo("bmi");
    assertThat(node.get("attribution").get(0).get("effect_change").asDouble()).isEqualTo(r.attribution().get(0)
        .effectChange());
    assertThat(node.get("thresholds").get("min_effect_change").asDouble())
        .isCloseTo(5.577722214605206, within(1e-12));
    assertThat(node.get("count").asLong()).isEqualTo(500);
  }

  @Test
  void artifactsWithoutResidualsAreRefused() {
    ModelArtifact noReference = new ModelArtifact(MODEL.schemaVersion(), MODEL.modelName(), "v1", MODEL.createdAt(),
        MODEL.target(), MODEL.features(), MODEL.scaler(), MODEL.model(), MODEL.training(), null);
    assertThatThrownBy(() -> PerformanceDetector.create(noReference, ConceptSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model v1 has no reference profile (reference): concept drift cannot be monitored");
    ReferenceProfile partial = new ReferenceProfile(MODEL.reference().features(), MODEL.reference().prediction(), null);
    ModelArtifact noResiduals = new ModelArtifact(MODEL.schemaVersion(), MODEL.modelName(), "v2", MODEL.createdAt(),
        MODEL.target(), MODEL.features(), MODEL.scaler(), MODEL.model(), MODEL.training(), partial);
    assertThatThrownBy(() -> ConceptAlarmDetector.create(noResiduals, ConceptSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model v2 has no residual profile (reference.residuals): concept drift cannot be monitored");
  }
}
