package io.driftwatch.core.performance;

import java.nio.ByteBuffer;

/**
 * The sequential statistics of {@link ConceptAlarmDetector}, shared with its calibration so that the simulated runs
 * use exactly the live arithmetic. Not thread-safe; allocation-free.
 *
 * <p>Per usable feature j, a two-sided CUSUM (Page 1954) on the standardized score
 * s = clip(r·(z_j − m_j) / (σ_r·√v_j), ±{@link #ASSOCIATION_CLIP}), where σ_r is the reference RMSE and m_j, v_j are
 * exponentially weighted (λ = {@link #LAMBDA}) mean and mean square deviation of z_j, started at the training values
 * 0 and 1 and updated after the score (so the score's standardization does not depend on the current label). Under no
 * concept drift r is uncorrelated with z_j, so s has mean 0 and variance ≈ 1 whatever the distribution of z_j: a
 * covariate shift with the relation intact moves m_j and v_j, not the score. When feature j's effect changes by δ
 * (target units per σ), r gains δ·z_j and s's mean becomes ≈ δ/σ_r (0.46 for a doubling of bmi's effect).
 * Upper: S⁺ = max(0, S⁺ + s − k), lower: S⁻ = max(0, S⁻ − s − k), k = {@link #ASSOCIATION_K}.
 *
 * <p>Error level: a one-sided CUSUM E = max(0, E + u − k_e) on u = min((r²/σ_r² − 1)/sd₀, {@link #ERROR_CLIP}), sd₀
 * the standard deviation of r²/σ_r² under the reference (√(κ − 1)), k_e = {@link #ERROR_K}.
 *
 * <p>For attribution each side also keeps, since it last left zero (the CUSUM's change-point estimate), the number of
 * labels, Σs, Σr·(z − m) and Σ(z − m)².
 */
final class ConceptCusum {

  /** EWMA weight of the feature mean and variance: adapts to a covariate shift within a few hundred labels. */
  static final double LAMBDA = 1.0 / 200;
  /** Reference value of the association CUSUMs: half the standardized shift of a doubled bmi effect (0.46). */
  static final double ASSOCIATION_K = 0.25;
  /** Clip of the association score, against the heavy tails of a product of two variables. */
  static final double ASSOCIATION_CLIP = 4;
  /**
   * Reference value of the error CUSUM: the log-likelihood-ratio CUSUM for σ → 1.5σ of normal errors accumulates
   * r²/σ² − 1.46, i.e. k ≈ 0.33 in units of sd₀ = √2; 0.3 is a little more sensitive to smaller rises.
   */
  static final double ERROR_K = 0.3;
  /** Clip of the error score: one label at most moves E by 5 (a residual of about 3.4 σ_r for normal errors). */
  static final double ERROR_CLIP = 5;

  final int[] features;
  private final boolean track;
  private final double invSigma;
  private final double invSd0;

  final double[] mean;
  final double[] var;
  final double[] up;
  final double[] down;
  // Per side, since it last left zero: labels, sum of scores, sum of r·(z − m), sum of (z − m)².
  final long[] upN;
  final double[] upS;
  final double[] upRz;
  final double[] upDd;
  final long[] downN;
  final double[] downS;
  final double[] downRz;
  final double[] downDd;
  double error;
  long errorN;
  double errorS;

  /**
   * @param features indices (artifact order) of the features with a CUSUM
   * @param track keep the run sums for attribution (the detector); the calibration does not need them
   */
  ConceptCusum(int[] features, double sigma, double sd0, boolean track) {
    this.features = features;
    this.track = track;
    this.invSigma = 1 / sigma;
    this.invSd0 = 1 / sd0;
    int k = features.length;
    mean = new double[k];
    var = new double[k];
    java.util.Arrays.fill(var, 1.0);
    up = new double[k];
    down = new double[k];
    upN = new long[k];
    upS = new double[k];
    upRz = new double[k];
    upDd = new double[k];
    downN = new long[k];
    downS = new double[k];
    downRz = new double[k];
    downDd = new double[k];
  }

  /** One label: standardized features (artifact order) and residual; {@code accumulate} false only adapts m and v. */
  void step(double[] z, double r, boolean accumulate) {
    double rs = r * invSigma;
    for (int i = 0; i < features.length; i++) {
      double zj = z[features[i]];
      if (zj != zj) {
        continue; // NaN: nothing to learn from this label for feature i
      }
      double d = zj - mean[i];
      if (accumulate) {
        double s = rs * d / Math.sqrt(var[i]);
        s = Math.max(-ASSOCIATION_CLIP, Math.min(ASSOCIATION_CLIP, s));
        double u = up[i] + s - ASSOCIATION_K;
        double w = down[i] - s - ASSOCIATION_K;
        if (track) {
          // Branch-free restart of the run sums when a side was at zero (the CUSUM is at zero about half the time).
          double rd = r * d;
          double dd = d * d;
          double keepUp = up[i] > 0 ? 1.0 : 0.0;
          upN[i] = upN[i] * (long) keepUp + 1;
          upS[i] = upS[i] * keepUp + s;
          upRz[i] = upRz[i] * keepUp + rd;
          upDd[i] = upDd[i] * keepUp + dd;
          double keepDown = down[i] > 0 ? 1.0 : 0.0;
          downN[i] = downN[i] * (long) keepDown + 1;
          downS[i] = downS[i] * keepDown + s;
          downRz[i] = downRz[i] * keepDown + rd;
          downDd[i] = downDd[i] * keepDown + dd;
        }
        up[i] = u > 0 ? u : 0;
        down[i] = w > 0 ? w : 0;
      }
      mean[i] += LAMBDA * d;
      var[i] += LAMBDA * (d * d - var[i]);
    }
    if (accumulate) {
      double u = Math.min(ERROR_CLIP, (rs * rs - 1) * invSd0);
      if (track) {
        double keep = error > 0 ? 1.0 : 0.0;
        errorN = errorN * (long) keep + 1;
        errorS = errorS * keep + u;
      }
      double e = error + u - ERROR_K;
      error = e > 0 ? e : 0;
    }
  }

  /** Largest association statistic, max over features and sides. */
  double associationMax() {
    double m = 0;
    for (int i = 0; i < features.length; i++) {
      double a = up[i] > down[i] ? up[i] : down[i];
      m = a > m ? a : m;
    }
    return m;
  }

  double association(int i) {
    return Math.max(up[i], down[i]);
  }

  /** Effect-change estimate of feature i since its larger side last left zero: Σr·(z − m) / Σ(z − m)². */
  double effect(int i) {
    return up[i] >= down[i] ? upRz[i] / upDd[i] : downRz[i] / downDd[i];
  }

  /** Standardized sum of scores of feature i's larger side since it last left zero (positive: evidence for it). */
  double evidence(int i) {
    return up[i] >= down[i] ? upS[i] / Math.sqrt(upN[i]) : -downS[i] / Math.sqrt(downN[i]);
  }

  /** Restarts every CUSUM at zero; the feature means and variances keep their values. */
  void resetStatistics() {
    java.util.Arrays.fill(up, 0);
    java.util.Arrays.fill(down, 0);
    error = 0;
  }

  static int stateBytes(int k) {
    return k * (12 * 8) + 3 * 8;
  }

  void write(ByteBuffer out) {
    for (int i = 0; i < features.length; i++) {
      out.putDouble(mean[i]).putDouble(var[i]).putDouble(up[i]).putDouble(down[i]);
      out.putLong(upN[i]).putDouble(upS[i]).putDouble(upRz[i]).putDouble(upDd[i]);
      out.putLong(downN[i]).putDouble(downS[i]).putDouble(downRz[i]).putDouble(downDd[i]);
    }
    out.putDouble(error).putLong(errorN).putDouble(errorS);
  }

  void read(ByteBuffer in) {
    for (int i = 0; i < features.length; i++) {
      mean[i] = in.getDouble();
      var[i] = in.getDouble();
      up[i] = in.getDouble();
      down[i] = in.getDouble();
      upN[i] = in.getLong();
      upS[i] = in.getDouble();
      upRz[i] = in.getDouble();
      upDd[i] = in.getDouble();
      downN[i] = in.getLong();
      downS[i] = in.getDouble();
      downRz[i] = in.getDouble();
      downDd[i] = in.getDouble();
    }
    error = in.getDouble();
    errorN = in.getLong();
    errorS = in.getDouble();
  }
}
