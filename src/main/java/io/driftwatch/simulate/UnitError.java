package io.driftwatch.simulate;

/**
 * An upstream system starts sending one feature in other units (blood pressure in kPa instead of mmHg). The service
 * should reject these events as out of range rather than score them.
 */
public final class UnitError implements Scenario {

  private final FeatureColumn feature;
  private final UnitConversion conversion;
  private final long driftAfter;

  public UnitError(FeatureColumn feature, UnitConversion conversion, long driftAfter) {
    if (!conversion.feature().equals(feature.name())) {
      throw new IllegalArgumentException(
          "conversion for " + conversion.feature() + " applied to " + feature.name());
    }
    if (driftAfter < 0) {
      throw new IllegalArgumentException("driftAfter must be >= 0");
    }
    this.feature = feature;
    this.conversion = conversion;
    this.driftAfter = driftAfter;
  }

  @Override
  public void apply(long index, double[] features) {
    if (index >= driftAfter) {
      features[feature.index()] = conversion.convert(features[feature.index()]);
    }
  }

  /** A measurement fault: the patient, and so the outcome, is as if read correctly. */
  @Override
  public boolean measurementOnly() {
    return true;
  }
}
