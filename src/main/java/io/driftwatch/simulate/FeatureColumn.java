package io.driftwatch.simulate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One feature of the data set as the simulator treats it: where it sits in a row, its spread in the data (the
 * "reference σ" that shifts are measured in) and the precision its readings are recorded with.
 *
 * @param name JSON field name, e.g. {@code bmi}
 * @param index position in a row of features
 * @param mean arithmetic mean over the data set
 * @param std population standard deviation over the data set
 * @param decimals decimal places the data records it with (0 for whole numbers such as age)
 * @param categorical a code such as {@code sex} (1 or 2) that is never jittered or shifted
 */
public record FeatureColumn(
    String name, int index, double mean, double std, int decimals, boolean categorical) {

  /** Rounds to this feature's recorded precision, so integers stay integers and 25.84 becomes 25.8. */
  public double round(double value) {
    return roundTo(value, decimals);
  }

  static double roundTo(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
  }
}
