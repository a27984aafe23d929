package io.driftwatch.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.testing.TrainedModels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated world's outcomes: the model plus its own out-of-fold residuals, changed only by concept scenarios. */
class GroundTruthTest {

  private static final ClinicalSample SAMPLE = ClinicalSample.bundledDiabetes();
  private static final ModelArtifact MODEL = TrainedModels.diabetes();
  private static final int BMI = 2;
  private static final double[] ROW = {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90}; // sample order = model order

  private static GroundTruth truth(ScenarioKind kind, Double effect, Double factor, long after) {
    ScenarioSettings settings = ScenarioSettings.of(kind, kind == ScenarioKind.CONCEPT_SHIFT ? "bmi" : null, null,
        null, after == 0 ? null : after, effect, factor, SAMPLE);
    return GroundTruth.of(MODEL, SAMPLE.features(), settings.relation(MODEL));
  }

  @Test
  void withoutChangeTheOutcomeIsThePredictionPlusTheResidualQuantile() {
    double prediction = new LinearScorer(MODEL).predict(ROW);
    double[] q = MODEL.reference().residuals().quantiles();
    GroundTruth none = GroundTruth.of(MODEL, SAMPLE.features(), GroundTruth.Relation.UNCHANGED);

    assertThat(none.outcome(0, ROW, 0.5)).isCloseTo(prediction + q[50], within(1e-9));
    assertThat(none.outcome(0, ROW, 0.0)).isCloseTo(prediction + q[0], within(1e-9));
    assertThat(none.outcome(0, ROW, 0.255)).isCloseTo(prediction + q[25] + 0.5 * (q[26] - q[25]), within(1e-9));
  }

  @Test
  void aConceptShiftScalesOneFeaturesEffectFromItsChangePointAndNoiseIncreaseScalesTheResidual() {
    double prediction = new LinearScorer(MODEL).predict(ROW);
    double bmiContribution = MODEL.model().coefficients()[BMI] * (ROW[BMI] - MODEL.scaler().mean()[BMI])
        / MODEL.scaler().scale()[BMI];
    double median = MODEL.reference().residuals().quantiles()[50];
    GroundTruth shift = truth(ScenarioKind.CONCEPT_SHIFT, 2.0, null, 100);
    GroundTruth noise = truth(ScenarioKind.NOISE_INCREASE, null, 1.5, 100);

    assertThat(shift.outcome(99, ROW, 0.5)).isCloseTo(prediction + median, within(1e-9));
    assertThat(shift.outcome(100, ROW, 0.5)).isCloseTo(prediction + bmiContribution + median, within(1e-9));
    assertThat(noise.outcome(99, ROW, 0.5)).isCloseTo(prediction + median, within(1e-9));
    assertThat(noise.outcome(100, ROW, 0.5)).isCloseTo(prediction + 1.5 * median, within(1e-9));
  }

  /**
   * A wrong unit or a stuck sensor changes what is measured, not the patient: every outcome equals the outcome of the
   * same visit without the fault (same seed), while the readings differ. A covariate shift changes the patients, so
   * their outcomes move with them.
   */
  @Test
  void measurementFaultsLeaveTheOutcomesOfTheRealPatients() {
    ScenarioSettings[] faults = {
      ScenarioSettings.of(ScenarioKind.UNIT_ERROR, "bp", null, null, 10L, SAMPLE),
      ScenarioSettings.of(ScenarioKind.STUCK_SENSOR, "bmi", null, null, 10L, SAMPLE)};
    List<SimulatedEvent> none = visits(ScenarioSettings.NONE, 200);
    for (ScenarioSettings fault : faults) {
      List<SimulatedEvent> faulty = visits(fault, 200);
      int changedReadings = 0;
      for (int i = 0; i < 200; i++) {
        assertThat(faulty.get(i).progression()).as(fault.kind() + " visit " + i).isEqualTo(none.get(i).progression());
        changedReadings += java.util.Arrays.equals(faulty.get(i).features(), none.get(i).features()) ? 0 : 1;
      }
      assertThat(changedReadings).as(fault.kind() + ": readings changed").isGreaterThan(150);
    }
    List<SimulatedEvent> shifted =
        visits(ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "bmi", 1.0, null, null, SAMPLE), 200);
    assertThat(shifted.stream().mapToDouble(SimulatedEvent::progression).sum())
        .isGreaterThan(none.stream().mapToDouble(SimulatedEvent::progression).sum() + 200 * 10.0);
  }

  private static List<SimulatedEvent> visits(ScenarioSettings settings, int n) {
    PatientSimulator simulator = new PatientSimulator(SAMPLE, settings.create(SAMPLE),
        GroundTruth.of(MODEL, SAMPLE.features(), settings.relation(MODEL)), 11);
    List<SimulatedEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(simulator.next(Instant.EPOCH));
    }
    return events;
  }

  @Test
  void theSimulatorsWorldHasTheModelsOutOfFoldErrorAndFeatureScenariosKeepTheRelation() {
    LinearScorer scorer = new LinearScorer(MODEL);
    ScenarioSettings covariate = ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "bmi", 1.0, null, null, SAMPLE);
    for (ScenarioSettings settings : new ScenarioSettings[] {ScenarioSettings.NONE, covariate}) {
      PatientSimulator simulator = new PatientSimulator(SAMPLE, settings.create(SAMPLE),
          GroundTruth.of(MODEL, SAMPLE.features(), settings.relation(MODEL)), 11);
      double sum = 0;
      double squares = 0;
      int n = 50_000;
      for (int i = 0; i < n; i++) {
        SimulatedEvent event = simulator.next(Instant.EPOCH);
        double residual = event.progression() - scorer.predict(event.features());
        sum += residual;
        squares += residual * residual;
      }
      // The out-of-fold RMSE is 55.78; the quantile function's own is a little lower (its tails are cut at the
      // extreme residuals). Bias 0.31 in the artifact.
      assertThat(Math.sqrt(squares / n)).as(settings.describe()).isBetween(53.0, 56.5);
      assertThat(sum / n).as(settings.describe()).isBetween(-1.5, 2.0);
    }
  }

  @Test
  void conceptOptionsAreRefusedWhereTheyDoNotApply() {
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.COVARIATE_SHIFT, "bmi", null, null, null, 2.0, null,
        SAMPLE)).hasMessage("--effect does not apply to scenario covariate-shift");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.CONCEPT_SHIFT, "bmi", null, null, null, null, 1.5,
        SAMPLE)).hasMessage("--factor does not apply to scenario concept-shift");
    assertThatThrownBy(() -> ScenarioSettings.of(ScenarioKind.NOISE_INCREASE, "bmi", null, null, null, null, null,
        SAMPLE)).hasMessage("--feature does not apply to scenario noise-increase");
    assertThat(ScenarioSettings.of(ScenarioKind.CONCEPT_SHIFT, null, null, null, 500L, null, null, SAMPLE).describe())
        .isEqualTo("concept-shift: the effect of bmi on the outcome x2.0 after 500 events");
    assertThat(ScenarioSettings.of(ScenarioKind.NOISE_INCREASE, null, null, null, null, null, 1.5, SAMPLE).describe())
        .isEqualTo("noise-increase: outcome noise x1.5 from the first event");
  }
}
