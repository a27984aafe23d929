package io.driftwatch.core.drift;

/** The significance test behind a quantity's {@code p_value}. */
public enum DistributionTest {
  /** Two-sample Kolmogorov–Smirnov on the frozen cut points (continuous quantities). */
  KS("ks"),
  /** Chi-square test of homogeneity of the reference and window category counts (categorical features). */
  CHI_SQUARE("chi_square");

  private final String jsonName;

  DistributionTest(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }
}
