package io.driftwatch.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's scenarios, checked event by event against the undrifted stream with the same seed. */
class PatientSimulatorTest {

  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final long SEED = 42;
  private static final int AGE = 0;
  private static final int SEX = 1;
  private static final int BMI = 2;
  private static final int BP = 3;
  private static final int S3 = 6;

  private static List<SimulatedEvent> stream(ScenarioSettings settings, int n) {
    PatientSimulator simulator = new PatientSimulator(SAMPLE, settings.create(SAMPLE), SEED);
    List<SimulatedEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(simulator.next(T0.plusMillis(100L * i)));
    }
    return events;
  }

  private static ScenarioSettings scenario(
      ScenarioKind kind, String feature, Double shift, Long ramp, Long driftAfter) {
    return ScenarioSettings.of(kind, feature, shift, ramp, driftAfter, SAMPLE);
  }

  private static double mean(List<SimulatedEvent> events, int feature) {
    return events.stream().mapToDouble(e -> e.features()[feature]).average().orElseThrow();
  }

  @Test
  void sameSeedSameStream() {
    List<SimulatedEvent> a = stream(ScenarioSettings.NONE, 100);
    List<SimulatedEvent> b = stream(ScenarioSettings.NONE, 100);
    for (int i = 0; i < 100; i++) {
      assertThat(a.get(i).features()).containsExactly(b.get(i).features());
      assertThat(a.get(i).eventId()).isEqualTo(b.get(i).eventId());
      assertThat(a.get(i).progression()).isEqualTo(b.get(i).progression());
    }
    assertThat(new PatientSimulator(SAMPLE, Scenario.NONE, 7).next(T0).eventId()).isNotEqualTo(a.get(0).eventId());
  }

  @Test
  void patientsKeepTheDataSetsUnitsPrecisionAndCategories() {
    List<SimulatedEvent> events = stream(ScenarioSettings.NONE, 20_000);
    for (SimulatedEvent event : events) {
      assertThat(event.features()[SEX]).isIn(1.0, 2.0);
      for (FeatureColumn column : SAMPLE.features()) {
        double value = event.features()[column.index()];
        assertThat(value).as(column.name()).isEqualTo(column.round(value)); // no more decimals than the data
        assertThat(value).as(column.name()).isPositive();
      }
      assertThat(event.progression()).isEqualTo(Math.rint(event.progression()));
    }
    assertThat(events).extracting(e -> e.features()[AGE]).allMatch(age -> age == Math.rint(age));
    // Resampled with 5% σ of noise: means stay within 0.05σ of the data set's.
    for (FeatureColumn column : SAMPLE.features()) {
      assertThat(mean(events, column.index())).as(column.name())
          .isCloseTo(column.mean(), within(0.05 * column.std()));
    }
    double progression = events.stream().mapToDouble(SimulatedEvent::progression).average().orElseThrow();
    assertThat(progression).isCloseTo(SAMPLE.outcomeColumn().mean(), within(0.05 * SAMPLE.outcomeColumn().std()));
  }

  @Test
  void jitterIsSmallAndVisitsAreDistinctPatientsWithUniqueIds() {
    List<SimulatedEvent> events = stream(ScenarioSettings.NONE, 2_000);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      SimulatedEvent event = events.get(i);
      assertThat(event.patientId()).isEqualTo("p-" + (i + 1));
      assertThat(event.eventTime()).isEqualTo(T0.plusMillis(100L * i));
      assertThat(ids.add(event.eventId())).isTrue();
      assertThat(event.eventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
    // Every event is within 5σ of noise (0.25 data σ) of some row of the data set.
    FeatureColumn bmi = SAMPLE.feature("bmi").orElseThrow();
    for (SimulatedEvent event : events.subList(0, 200)) {
      boolean nearARow = false;
      for (int r = 0; r < SAMPLE.size() && !nearARow; r++) {
        nearARow = Math.abs(SAMPLE.row(r)[BMI] - event.features()[BMI]) <= 0.25 * bmi.std() + 0.05
            && SAMPLE.row(r)[SEX] == event.features()[SEX];
      }
      assertThat(nearARow).isTrue();
    }
  }

  @Test
  void theOutcomeCarriesTheVisitsIdsAndTheRowsProgressionPlusNoise() {
    SimulatedEvent event = stream(ScenarioSettings.NONE, 1).get(0);
    SimulatedOutcome outcome = event.outcome(T0.plusSeconds(30));
    assertThat(outcome.eventId()).isEqualTo(event.eventId());
    assertThat(outcome.patientId()).isEqualTo(event.patientId());
    assertThat(outcome.eventTime()).isEqualTo(T0.plusSeconds(30));
    assertThat(outcome.progression()).isEqualTo(event.progression());
    assertThat(outcome.progression()).isBetween(0.0, 346 + 0.25 * SAMPLE.outcomeColumn().std());
  }

  @Test
  void covariateShiftMovesOnlyTheFeatureByHalfASigmaAfterTheDrift() {
    List<SimulatedEvent> none = stream(ScenarioSettings.NONE, 10_000);
    List<SimulatedEvent> shifted =
        stream(scenario(ScenarioKind.COVARIATE_SHIFT, "bmi", 0.5, null, 1_000L), 10_000);
    double sigma = SAMPLE.feature("bmi").orElseThrow().std();
    for (int i = 0; i < 10_000; i++) {
      double[] before = none.get(i).features();
      double[] after = shifted.get(i).features();
      for (int f = 0; f < before.length; f++) {
        if (f == BMI && i >= 1_000) {
          // +0.5σ = +2.2066, then rounded to bmi's one decimal.
          assertThat(after[f] - before[f]).isCloseTo(0.5 * sigma, within(0.05 + 1e-9));
        } else {
          assertThat(after[f]).isEqualTo(before[f]);
        }
      }
      assertThat(shifted.get(i).progression()).isEqualTo(none.get(i).progression());
    }
    double meanShift = (mean(shifted.subList(1_000, 10_000), BMI) - mean(none.subList(1_000, 10_000), BMI)) / sigma;
    assertThat(meanShift).isCloseTo(0.5, within(0.01));
  }

  @Test
  void gradualShiftRampsLinearlyOverTheRampThenHolds() {
    List<SimulatedEvent> none = stream(ScenarioSettings.NONE, 3_000);
    List<SimulatedEvent> ramped =
        stream(scenario(ScenarioKind.GRADUAL_SHIFT, "bmi", 0.5, 1_000L, 500L), 3_000);
    double sigma = SAMPLE.feature("bmi").orElseThrow().std();
    assertThat(diff(ramped, none, 499, BMI)).isZero();
    assertThat(diff(ramped, none, 500, BMI)).isCloseTo(0.5 * sigma / 1_000, within(0.05 + 1e-9));
    assertThat(diff(ramped, none, 999, BMI)).isCloseTo(0.5 * sigma * 500 / 1_000, within(0.05 + 1e-9));
    assertThat(diff(ramped, none, 1_499, BMI)).isCloseTo(0.5 * sigma, within(0.05 + 1e-9));
    assertThat(diff(ramped, none, 2_999, BMI)).isCloseTo(0.5 * sigma, within(0.05 + 1e-9));

    CovariateShift shift = new CovariateShift(SAMPLE.feature("bmi").orElseThrow(), 0.5, 500, 1_000);
    assertThat(shift.shiftAt(499)).isZero();
    assertThat(shift.shiftAt(500)).isEqualTo(0.0005);
    assertThat(shift.shiftAt(999)).isEqualTo(0.25);
    assertThat(shift.shiftAt(1_499)).isEqualTo(0.5);
    assertThat(shift.shiftAt(1_000_000)).isEqualTo(0.5);
  }

  @Test
  void stuckSensorRepeatsTheReadingOfTheFirstDriftedEvent() {
    List<SimulatedEvent> none = stream(ScenarioSettings.NONE, 2_000);
    List<SimulatedEvent> stuck = stream(scenario(ScenarioKind.STUCK_SENSOR, "s3", null, null, 300L), 2_000);
    double frozen = none.get(300).features()[S3];
    for (int i = 0; i < 2_000; i++) {
      double expected = i < 300 ? none.get(i).features()[S3] : frozen;
      assertThat(stuck.get(i).features()[S3]).isEqualTo(expected);
      assertThat(stuck.get(i).features()[BMI]).isEqualTo(none.get(i).features()[BMI]);
    }
    assertThat(stuck.subList(300, 2_000)).extracting(e -> e.features()[S3]).containsOnly(frozen);
  }

  @Test
  void aStuckSexSensorStaysCategorical() {
    List<SimulatedEvent> stuck = stream(scenario(ScenarioKind.STUCK_SENSOR, "sex", null, null, 10L), 500);
    assertThat(stuck).extracting(e -> e.features()[SEX]).containsOnly(1.0, 2.0);
    assertThat(stuck.subList(10, 500)).extracting(e -> e.features()[SEX]).containsOnly(stuck.get(10).features()[SEX]);
  }

  @Test
  void unitErrorSendsBloodPressureInKilopascals() {
    List<SimulatedEvent> none = stream(ScenarioSettings.NONE, 1_000);
    List<SimulatedEvent> kpa = stream(scenario(ScenarioKind.UNIT_ERROR, null, null, null, 100L), 1_000);
    for (int i = 0; i < 1_000; i++) {
      double mmHg = none.get(i).features()[BP];
      double expected = i < 100 ? mmHg : Math.round(mmHg * 0.133322 * 10) / 10.0;
      assertThat(kpa.get(i).features()[BP]).isEqualTo(expected);
    }
    // 62..133 mmHg in the data: in kPa every reading falls far below any plausible mmHg value.
    assertThat(kpa.subList(100, 1_000)).extracting(e -> e.features()[BP]).allMatch(bp -> bp > 7 && bp < 19);
    assertThat(UnitConversion.forFeature("bp").orElseThrow().convert(120)).isEqualTo(16.0);
    assertThat(UnitConversion.forFeature("age").orElseThrow().convert(61)).isEqualTo(732);
    assertThat(UnitConversion.forFeature("s1").orElseThrow().convert(193.35)).isEqualTo(5.0);
  }

  /**
   * s2 read from another patient: its correlation with s1 (0.9 in the data) is gone while its distribution stays; the
   * other readings and the events before the break are untouched.
   */
  @Test
  void correlationBreakKeepsTheMarginalAndLosesTheCorrelation() {
    int s1 = 4;
    int s2 = 5;
    int n = 20_000;
    List<SimulatedEvent> none = stream(ScenarioSettings.NONE, n);
    ScenarioSettings settings = ScenarioSettings.of(ScenarioKind.CORRELATION_BREAK, "s1, S2", null, null, 100L,
        null, null, SAMPLE);
    assertThat(settings.describe())
        .isEqualTo("correlation-break: s2 read from another patient, no longer going with s1, after 100 events");
    List<SimulatedEvent> broken = stream(settings, n);
    for (int i = 0; i < 100; i++) {
      assertThat(broken.get(i).features()).isEqualTo(none.get(i).features());
    }
    for (int i = 100; i < n; i++) {
      for (int j = 0; j < 10; j++) {
        if (j != s2) {
          assertThat(broken.get(i).features()[j]).isEqualTo(none.get(i).features()[j]);
        }
      }
    }
    List<SimulatedEvent> after = broken.subList(100, n);
    List<SimulatedEvent> before = none.subList(100, n);
    assertThat(correlation(before, s1, s2)).isGreaterThan(0.85);
    assertThat(Math.abs(correlation(after, s1, s2))).isLessThan(0.03);
    assertThat(mean(after, s2)).isCloseTo(mean(before, s2), org.assertj.core.api.Assertions.within(0.02 * 30.4));
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.CORRELATION_BREAK, "s1", null, null, null, null, null,
        SAMPLE)).hasMessage("--features: correlation-break takes two different features, e.g. s1,s2; got 's1'");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.CORRELATION_BREAK, "s1,sex", null, null, null, null,
        null, SAMPLE)).hasMessage("--features: sex is categorical; choose continuous features");
  }

  private static double correlation(List<SimulatedEvent> events, int a, int b) {
    double ma = mean(events, a);
    double mb = mean(events, b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (SimulatedEvent e : events) {
      double da = e.features()[a] - ma;
      double db = e.features()[b] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return sab / Math.sqrt(saa * sbb);
  }

  private static double diff(List<SimulatedEvent> a, List<SimulatedEvent> b, int i, int feature) {
    return a.get(i).features()[feature] - b.get(i).features()[feature];
  }
}
