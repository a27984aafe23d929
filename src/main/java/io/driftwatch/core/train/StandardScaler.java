package io.driftwatch.core.train;

import io.driftwatch.core.model.ConstantFeature;
import io.driftwatch.core.model.Standardizer;

/**
 * scikit-learn's {@code StandardScaler}: per column the mean and the population standard deviation, computed with the
 * same corrected two-pass formula; a column indistinguishable from a constant ({@link ConstantFeature}) gets scale 1
 * so it standardizes to (nearly) 0.
 */
public final class StandardScaler {

  private StandardScaler() {}

  public static Standardizer fit(double[][] rows) {
    int n = rows.length;
    int p = rows[0].length;
    double[] mean = new double[p];
    double[] scale = new double[p];
    for (int j = 0; j < p; j++) {
      double sum = 0;
      for (double[] row : rows) {
        sum += row[j];
      }
      double m = sum / n;
      double correction = 0;
      double squares = 0;
      for (double[] row : rows) {
        double d = row[j] - m;
        correction += d;
        squares += d * d;
      }
      double variance = (squares - correction * correction / n) / n;
      mean[j] = m;
      scale[j] = ConstantFeature.scale(variance, m, n);
    }
    return new Standardizer(mean, scale);
  }

  public static double[][] transform(Standardizer scaler, double[][] rows) {
    double[][] z = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      z[i] = transform(scaler, rows[i]);
    }
    return z;
  }

  public static double[] transform(Standardizer scaler, double[] row) {
    double[] z = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      z[j] = (row[j] - scaler.mean()[j]) / scaler.scale()[j];
    }
    return z;
  }
}
