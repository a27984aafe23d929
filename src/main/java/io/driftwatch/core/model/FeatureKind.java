package io.driftwatch.core.model;

/** How a feature's values are distributed, which decides how drift is measured on it. */
public enum FeatureKind {
  /** Real-valued: compared by PSI on frozen quantile bins, KS, Wasserstein. */
  CONTINUOUS,
  /** A few discrete codes (e.g. {@code sex} = 1 or 2): compared by chi-square and PSI on categories. */
  CATEGORICAL
}
