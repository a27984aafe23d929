package io.driftwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearScorerTest {

  private static ModelArtifact twoFeatureModel() {
    List<FeatureSpec> features =
        List.of(
            FeatureSpec.continuous("a", "u", 0, 100),
            FeatureSpec.continuous("b", "u", 0, 100));
    return new ModelArtifact(
        ModelArtifact.SCHEMA_VERSION, "m", "v", "2026-01-01T00:00:00Z", "y", features,
        new Standardizer(new double[] {10, 20}, new double[] {2, 4}),
        new LinearModel("lasso", 0.1, new double[] {3, -1}, 100),
        null, null);
  }

  @Test
  void predictsInterceptPlusCoefficientTimesStandardizedValue() {
    LinearScorer scorer = new LinearScorer(twoFeatureModel());
    // z = ((14-10)/2, (12-20)/4) = (2, -2): 100 + 3*2 + (-1)*(-2) = 108
    assertThat(scorer.predict(new double[] {14, 12})).isEqualTo(108.0);
  }

  @Test
  void contributionsPlusInterceptSumToThePrediction() {
    LinearScorer scorer = new LinearScorer(twoFeatureModel());
    double[] contributions = new double[2];
    double prediction = scorer.explain(new double[] {14, 12}, contributions);
    assertThat(contributions).containsExactly(6.0, 2.0);
    assertThat(prediction).isCloseTo(scorer.intercept() + 6.0 + 2.0, within(1e-12));
  }
}
