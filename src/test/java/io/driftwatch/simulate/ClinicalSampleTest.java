package io.driftwatch.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClinicalSampleTest {

  private final ClinicalSample sample = ClinicalSample.bundledDiabetes();

  @Test
  void bundledDataHas442RowsAndTheTenFeaturesInOrder() {
    assertThat(sample.size()).isEqualTo(442);
    assertThat(sample.featureNames())
        .containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
    assertThat(sample.row(0)).containsExactly(59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87);
    assertThat(sample.outcome(0)).isEqualTo(151);
  }

  @Test
  void measuresPrecisionAndSpreadFromTheData() {
    assertThat(sample.features())
        .extracting(FeatureColumn::decimals)
        .containsExactly(0, 0, 1, 2, 0, 1, 1, 2, 4, 0);
    assertThat(sample.features()).filteredOn(FeatureColumn::categorical).extracting(FeatureColumn::name)
        .containsExactly("sex");
    FeatureColumn bmi = sample.feature("bmi").orElseThrow();
    // NumPy: X[:, 2].mean(), X[:, 2].std() on the raw data.
    assertThat(bmi.mean()).isCloseTo(26.37579185520362, within(1e-9));
    assertThat(bmi.std()).isCloseTo(4.413120855492464, within(1e-9));
    assertThat(sample.outcomeColumn().decimals()).isZero();
  }

  @Test
  void rowsAreCopiesTheCallerMayChange() {
    sample.row(0)[0] = -1;
    assertThat(sample.row(0)[0]).isEqualTo(59);
  }

  @Test
  void refusesDataWithoutTheOutcomeColumnOrWithBadNumbers() {
    assertThatThrownBy(() -> ClinicalSample.parse("age,bmi\n1,2\n"))
        .hasMessage("The data set has no 'progression' column");
    assertThatThrownBy(() -> ClinicalSample.parse("age,progression\n1,2\nx,3\n"))
        .hasMessage("Line 3, column age: not a number: 'x'");
    assertThatThrownBy(() -> ClinicalSample.parse("age,progression\n1\n"))
        .hasMessage("Line 2 has 1 fields, the header 2");
  }
}
