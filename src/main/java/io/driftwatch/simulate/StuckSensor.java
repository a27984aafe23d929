package io.driftwatch.simulate;

/**
 * A sensor stops updating: from the drift onwards one feature repeats the reading it had when it got stuck (its value
 * at the first drifted event), whatever the patient.
 */
public final class StuckSensor implements Scenario {

  private final FeatureColumn feature;
  private final long driftAfter;
  private boolean stuck;
  private double stuckValue;

  public StuckSensor(FeatureColumn feature, long driftAfter) {
    if (driftAfter < 0) {
      throw new IllegalArgumentException("driftAfter must be >= 0");
    }
    this.feature = feature;
    this.driftAfter = driftAfter;
  }

  @Override
  public void apply(long index, double[] features) {
    if (index < driftAfter) {
      return;
    }
    int i = feature.index();
    if (!stuck) {
      stuck = true;
      stuckValue = features[i];
    }
    features[i] = stuckValue;
  }

  /** A measurement fault: the patient, and so the outcome, is as if read correctly. */
  @Override
  public boolean measurementOnly() {
    return true;
  }
}
