package io.driftwatch.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.testing.LabelledStream;
import io.driftwatch.testing.LabelledStream.Scenario;
import io.driftwatch.testing.TrainedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sequential alarm on labelled streams resampled from the diabetes rows with reference residuals (seeded):
 * 2 000 stable labels, then the scenario; the delay is counted in labels after the change.
 */
class ConceptAlarmDetectorTest {

  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final ConceptSettings SETTINGS = ConceptSettings.defaults();
  private static final ConceptAlarmDetector CALIBRATED = ConceptAlarmDetector.create(MODEL, SETTINGS);
  private static final int STABLE = 2_000;
  private static final int RUNS = 50;

  private static ConceptAlarmDetector fresh() {
    return ConceptAlarmDetector.create(MODEL, SETTINGS, CALIBRATED.thresholds());
  }

  /** Runs 2 000 stable labels then {@code scenario} up to {@code after} labels; the first alarm and its delay. */
  private record Outcome(long delay, ConceptAlarm alarm, long stableAlarms) {}

  private static Outcome run(Scenario scenario, long seed, int after) {
    ConceptAlarmDetector detector = fresh();
    LabelledStream stream = new LabelledStream(MODEL, seed);
    long stableAlarms = 0;
    for (int i = 0; i < STABLE; i++) {
      stream.next(Scenario.none());
      stableAlarms += detector.update(stream.z, stream.residual, i) == null ? 0 : 1;
    }
    for (int i = 1; i <= after; i++) {
      stream.next(scenario);
      ConceptAlarm alarm = detector.update(stream.z, stream.residual, STABLE + i);
      if (alarm != null) {
        return new Outcome(i, alarm, stableAlarms);
      }
    }
    return new Outcome(-1, null, stableAlarms);
  }

  private static String distribution(long[] delays) {
    long[] d = delays.clone();
    Arrays.sort(d);
    return String.format("min %d, quartiles %d / %d / %d, max %d", d[0], d[d.length / 4], d[d.length / 2],
        d[3 * d.length / 4], d[d.length - 1]);
  }

  @Test
  void thresholdsAreDeterministic() {
    AlarmThresholds t = CALIBRATED.thresholds();
    long start = System.nanoTime();
    assertThat(ConceptAlarmDetector.create(MODEL, SETTINGS).thresholds()).isEqualTo(t);
    System.out.printf("alarm thresholds: %s; calibration took %d ms%n", t, (System.nanoTime() - start) / 1_000_000);
    assertThat(t.calibrationRuns()).isEqualTo(200);
    assertThat(t.simulatedLabels()).isEqualTo(15_000);
    assertThat(t.association()).isBetween(28.0, 38.0);
    assertThat(t.error()).isBetween(25.0, 38.0);
    assertThat(CALIBRATED.monitoredFeatures()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s4", "s5", "s6");
  }

  @Test
  void noAlarmInSixtyThousandStableLabels() {
    ConceptAlarmDetector detector = fresh();
    LabelledStream stream = new LabelledStream(MODEL, 21);
    int alarms = 0;
    for (int i = 0; i < 60_000; i++) {
      stream.next(Scenario.none());
      alarms += detector.update(stream.z, stream.residual, i) == null ? 0 : 1;
    }
    assertThat(alarms).isZero();
    assertThat(detector.labels()).isEqualTo(60_000);
  }

  @Test
  void simulatedFalseAlarmRateOverTheHorizonIsAtMostTheTarget() {
    // Full-length stable runs from the calibration's own simulation (independent features), 300 of them, and 100
    // runs of the resampled diabetes rows (correlated features).
    ReferenceResiduals reference = ReferenceResiduals.of(MODEL);
    int[] usable = ConceptAlarmDetector.usableFeatures(MODEL);
    AlarmThresholds t = CALIBRATED.thresholds();
    AlarmCalibration.Maxima m = AlarmCalibration.simulate(MODEL, usable, reference, 300, 60_000, 77);
    int association = 0;
    int error = 0;
    int any = 0;
    for (int run = 0; run < 300; run++) {
      double max = 0;
      for (double[] feature : m.association()) {
        max = Math.max(max, feature[run]);
      }
      association += max > t.association() ? 1 : 0;
      error += m.error()[run] > t.error() ? 1 : 0;
      any += max > t.association() || m.error()[run] > t.error() ? 1 : 0;
    }
    int dataRuns = 0;
    for (int run = 0; run < 100; run++) {
      ConceptAlarmDetector detector = fresh();
      LabelledStream stream = new LabelledStream(MODEL, 1_000 + run);
      for (int i = 0; i < 60_000; i++) {
        stream.next(Scenario.none());
        if (detector.update(stream.z, stream.residual, i) != null) {
          dataRuns++;
          break;
        }
      }
    }
    System.out.printf("stable runs of 60 000 labels with an alarm: simulated %d of 300 (association %d, error %d); "
        + "diabetes rows %d of 100%n", any, association, error, dataRuns);
    assertThat(any).isLessThanOrEqualTo(8);
    assertThat(dataRuns).isLessThanOrEqualTo(3);
  }

  @Test
  void doubledBmiEffectAlarmsWithinAFewHundredLabelsAndBlamesBmi() throws Exception {
    long[] delays = new long[RUNS];
    int bmiFirst = 0;
    double effect = 0;
    for (int run = 0; run < RUNS; run++) {
      Outcome o = run(Scenario.effect("bmi", 2), 100 + run, 5_000);
      assertThat(o.stableAlarms()).isZero();
      assertThat(o.alarm()).as("run %d", run).isNotNull();
      delays[run] = o.delay();
      if (o.alarm().detector().equals(ConceptAlarm.ASSOCIATION) && o.alarm().attribution().get(0).feature()
          .equals("bmi")) {
        bmiFirst++;
        effect += o.alarm().attribution().get(0).effectChange();
      }
    }
    System.out.printf("bmi effect x2: alarm delay over %d runs: %s; bmi first in %d; mean effect_change %.1f%n", RUNS,
        distribution(delays), bmiFirst, effect / bmiFirst);
    long[] sorted = delays.clone();
    Arrays.sort(sorted);
    assertThat(sorted[RUNS / 2]).isLessThanOrEqualTo(300);
    assertThat(bmiFirst).isGreaterThanOrEqualTo(45);
    // Since the CUSUM left zero, which is at or a little before the change: biased somewhat towards 0.
    assertThat(effect / bmiFirst).isBetween(15.0, 35.0);
  }

  @Test
  void noiseIncreaseAlarmsWithinAHundredLabels() {
    long[] delays = new long[RUNS];
    int error = 0;
    for (int run = 0; run < RUNS; run++) {
      Outcome o = run(Scenario.noise(1.5), 200 + run, 5_000);
      assertThat(o.alarm()).as("run %d", run).isNotNull();
      delays[run] = o.delay();
      error += o.alarm().detector().equals(ConceptAlarm.ERROR) ? 1 : 0;
    }
    System.out.printf("noise x1.5: alarm delay over %d runs: %s; error detector in %d%n", RUNS, distribution(delays),
        error);
    long[] sorted = delays.clone();
    Arrays.sort(sorted);
    assertThat(sorted[RUNS / 2]).isLessThanOrEqualTo(100);
    assertThat(error).isGreaterThanOrEqualTo(45);
  }

  @Test
  void covariateShiftWithTheRelationIntactDoesNotAlarm() {
    int alarmed = 0;
    for (int run = 0; run < RUNS; run++) {
      Outcome o = run(Scenario.covariateShift("bmi", 1), 300 + run, 20_000);
      alarmed += o.alarm() == null ? 0 : 1;
    }
    System.out.printf("bmi +1 sigma, relation intact: %d of %d runs alarmed within 20 000 labels%n", alarmed, RUNS);
    assertThat(alarmed).isLessThanOrEqualTo(1);
  }

  @Test
  void statisticsClimbToTheThresholdBeforeAnAlarmAndRestartFromZeroAfterIt() {
    ConceptAlarmDetector detector = fresh();
    LabelledStream stream = new LabelledStream(MODEL, 11);
    int bmi = detector.monitoredFeatures().indexOf("bmi");
    DetectorStatistics before = null;
    ConceptAlarm alarm = null;
    for (int i = 0; i < 5_000 && alarm == null; i++) {
      stream.next(i < 1_000 ? Scenario.none() : Scenario.effect("bmi", 2));
      before = detector.statistics();
      alarm = detector.update(stream.z, stream.residual, i);
    }
    assertThat(alarm).isNotNull();
    assertThat(alarm.attribution().get(0).feature()).isEqualTo("bmi");
    assertThat(before.modelVersion()).isEqualTo(MODEL.modelVersion());
    assertThat(before.features()).isEqualTo(detector.monitoredFeatures());
    assertThat(before.associationThreshold()).isEqualTo(CALIBRATED.thresholds().association());
    assertThat(before.errorThreshold()).isEqualTo(CALIBRATED.thresholds().error());
    // One label before the alarm, bmi's statistic was within one (clipped) step of the threshold.
    assertThat(before.association()[bmi]).isLessThanOrEqualTo(before.associationThreshold())
        .isGreaterThan(before.associationThreshold() - ConceptCusum.ASSOCIATION_CLIP);
    DetectorStatistics after = detector.statistics();
    assertThat(after.labels()).isEqualTo(before.labels() + 1);
    assertThat(after.association()).containsOnly(0.0);
    assertThat(after.error()).isZero();
  }

  @Test
  void restoredStateContinuesExactlyAndRearmsAfterAnAlarm() {
    ConceptAlarmDetector uninterrupted = fresh();
    ConceptAlarmDetector first = fresh();
    LabelledStream a = new LabelledStream(MODEL, 5);
    LabelledStream b = new LabelledStream(MODEL, 5);
    List<ConceptAlarm> expected = new ArrayList<>();
    List<ConceptAlarm> actual = new ArrayList<>();
    ConceptAlarmDetector current = first;
    for (int i = 0; i < 6_000; i++) {
      Scenario s = i < 1_000 ? Scenario.none() : Scenario.effect("bmi", 2);
      a.next(s);
      b.next(s);
      ConceptAlarm x = uninterrupted.update(a.z, a.residual, i);
      if (x != null) {
        expected.add(x);
      }
      ConceptAlarm y = current.update(b.z, b.residual, i);
      if (y != null) {
        actual.add(y);
      }
      if (i % 777 == 0) {
        ConceptAlarmDetector next = fresh();
        next.restore(current.state());
        current = next;
      }
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(current.state()).isEqualTo(uninterrupted.state());
    assertThat(expected.size()).isBetween(3, 5);
    for (int k = 1; k < expected.size(); k++) {
      assertThat(expected.get(k).eventTimeMs() - expected.get(k - 1).eventTimeMs()).isGreaterThan(1_000);
    }
  }

  @Test
  void restoreRefusesOtherStates() {
    byte[] state = fresh().state();
    byte[] version = state.clone();
    version[3] = 9;
    assertThatThrownBy(() -> fresh().restore(version)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("corrupt concept alarm state: format version 9 is not supported (this reader knows 1)");
    assertThatThrownBy(() -> fresh().restore(Arrays.copyOf(state, 20)))
        .hasMessage("corrupt concept alarm state: truncated");
    ConceptAlarmDetector other = ConceptAlarmDetector.create(MODEL, SETTINGS.withRearmLabels(10), CALIBRATED.thresholds());
    assertThatThrownBy(() -> other.restore(state)).hasMessageContaining("another model version, thresholds or settings");
  }

  @Test
  void updateWithoutAlarmAllocatesNothing() {
    int labels = 60_000;
    double[][] z = new double[labels][];
    double[] r = new double[labels];
    LabelledStream stream = new LabelledStream(MODEL, 21); // the stable stream that never alarms above
    for (int i = 0; i < labels; i++) {
      stream.next(Scenario.none());
      z[i] = stream.z.clone();
      r[i] = stream.residual;
    }
    ConceptAlarmDetector warm = fresh();
    for (int i = 0; i < labels; i++) {
      warm.update(z[i], r[i], i);
    }
    ConceptAlarmDetector detector = fresh();
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    int alarms = 0;
    for (int i = 0; i < labels; i++) {
      alarms += detector.update(z[i], r[i], i) == null ? 0 : 1;
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertThat(alarms).isZero();
    assertThat(allocated).isLessThan(1_000);
  }

  @Test
  void alarmJson() throws Exception {
    ConceptAlarm alarm = new ConceptAlarm(1_795_514_400_000L, ConceptAlarm.ASSOCIATION, 33.5, 32.1,
        List.of(new Attribution("bmi", 24.5, 1e-12), new Attribution("bp", Double.NaN, 0.5)));
    JsonNode node = new ObjectMapper().readTree(ConceptAlarmJson.write(alarm, "23cd27602268"));
    List<String> fields = new ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("kind", "event_time", "model_version", "detector", "statistic", "threshold",
        "attribution");
    assertThat(node.get("kind").asText()).isEqualTo("alarm");
    assertThat(node.get("event_time").asText()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(node.get("detector").asText()).isEqualTo("cusum-association");
    assertThat(node.get("attribution").get(0).get("effect_change").asDouble()).isCloseTo(24.5, within(0.0));
    assertThat(node.get("attribution").get(1).get("effect_change").isNull()).isTrue();
  }
}
