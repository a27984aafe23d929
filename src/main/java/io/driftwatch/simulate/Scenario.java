package io.driftwatch.simulate;

/**
 * How the simulated world departs from the data set. A scenario changes readings after they are drawn and never uses
 * randomness itself, so the same seed gives the same patients under every scenario and differences are the drift.
 */
@FunctionalInterface
public interface Scenario {

  /** The world as the data set describes it. */
  Scenario NONE = (index, features) -> {};

  /**
   * Alters the readings of event {@code index} in place.
   *
   * @param index 0-based position of the event in the simulated stream; events arrive in order
   * @param features the event's readings in the data set's units and feature order
   */
  void apply(long index, double[] features);

  /**
   * Whether the scenario changes only what is measured, not the patient (a stuck sensor, a wrong unit): the outcome
   * then follows the true readings. A covariate shift changes the patients themselves, and their outcomes with them.
   */
  default boolean measurementOnly() {
    return false;
  }
}
