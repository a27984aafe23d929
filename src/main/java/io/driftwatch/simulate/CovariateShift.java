package io.driftwatch.simulate;

/**
 * The population changes: one feature's readings move by a number of reference standard deviations, at once or
 * ramping linearly over {@code ramp} events (a gradual shift). Readings keep their recorded precision.
 */
public final class CovariateShift implements Scenario {

  private final FeatureColumn feature;
  private final double shiftSigma;
  private final long driftAfter;
  private final long ramp;

  /**
   * @param feature a continuous feature
   * @param shiftSigma the full shift, in the feature's standard deviations over the data set
   * @param driftAfter events before the drift begins
   * @param ramp events over which the shift grows to its full size; 1 shifts at once
   */
  public CovariateShift(FeatureColumn feature, double shiftSigma, long driftAfter, long ramp) {
    if (feature.categorical()) {
      throw new IllegalArgumentException(feature.name() + " is categorical and cannot be shifted");
    }
    if (!Double.isFinite(shiftSigma) || driftAfter < 0 || ramp < 1) {
      throw new IllegalArgumentException("shift must be finite, driftAfter >= 0 and ramp >= 1");
    }
    this.feature = feature;
    this.shiftSigma = shiftSigma;
    this.driftAfter = driftAfter;
    this.ramp = ramp;
  }

  /** The shift applied to event {@code index}, in reference σ. */
  public double shiftAt(long index) {
    if (index < driftAfter) {
      return 0;
    }
    return shiftSigma * Math.min(1.0, (index - driftAfter + 1) / (double) ramp);
  }

  @Override
  public void apply(long index, double[] features) {
    double shift = shiftAt(index);
    if (shift != 0) {
      int i = feature.index();
      features[i] = feature.round(features[i] + shift * feature.std());
    }
  }
}
