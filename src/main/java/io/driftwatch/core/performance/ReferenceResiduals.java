package io.driftwatch.core.performance;

import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ResidualProfile;
import java.util.SplittableRandom;

/**
 * What the artifact says about errors and features under no drift, in the forms the concept-drift statistics use.
 *
 * <p>The reference residual distribution is the one whose quantile function is the linear interpolation of the
 * profile's 101 quantiles (as for data drift), rescaled by a factor close to 1 so that its mean square equals the
 * profile's RMSE² exactly: the tests and detectors are centred on the profile's RMSE, and the simulation must be
 * centred on the same value or it would calibrate against a slightly different error level. Moments of a piecewise
 * linear quantile function are exact integrals: on a segment from a to b of probability width h,
 * ∫Q² = h(a² + ab + b²)/3 and ∫Q⁴ = h(a⁴ + a³b + a²b² + ab³ + b⁴)/5.
 */
final class ReferenceResiduals {

  final long count;
  final double rmse;
  /** Kurtosis of r about 0, E r⁴ / (E r²)², of the reference distribution. */
  final double kurtosis;
  /** Quantiles rescaled to mean square rmse². */
  final double[] quantiles;

  private ReferenceResiduals(long count, double rmse, double kurtosis, double[] quantiles) {
    this.count = count;
    this.rmse = rmse;
    this.kurtosis = kurtosis;
    this.quantiles = quantiles;
  }

  /** @throws IllegalArgumentException if the artifact has no reference profile or no residual profile */
  static ReferenceResiduals of(ModelArtifact artifact) {
    ResidualProfile profile = requireResiduals(artifact);
    double[] q = profile.quantiles();
    if (q == null || q.length < 2) {
      throw new IllegalArgumentException("model " + artifact.modelVersion() + ": reference.residuals has no quantiles");
    }
    if (!(profile.rmse() > 0) || !Double.isFinite(profile.rmse())) {
      throw new IllegalArgumentException("model " + artifact.modelVersion()
          + ": reference.residuals.rmse must be a positive number, was " + profile.rmse());
    }
    double h = 1.0 / (q.length - 1);
    double m2 = 0;
    double m4 = 0;
    for (int i = 0; i + 1 < q.length; i++) {
      double a = q[i];
      double b = q[i + 1];
      m2 += h * (a * a + a * b + b * b) / 3;
      m4 += h * (a * a * a * a + a * a * a * b + a * a * b * b + a * b * b * b + b * b * b * b) / 5;
    }
    double factor = m2 > 0 ? profile.rmse() / Math.sqrt(m2) : 1;
    double[] scaled = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      scaled[i] = q[i] * factor;
    }
    double kurtosis = m2 > 0 ? m4 / (m2 * m2) : Double.NaN;
    return new ReferenceResiduals(profile.count(), profile.rmse(), kurtosis, scaled);
  }

  static ResidualProfile requireResiduals(ModelArtifact artifact) {
    if (artifact.reference() == null) {
      throw new IllegalArgumentException("model " + artifact.modelVersion()
          + " has no reference profile (reference): concept drift cannot be monitored");
    }
    if (artifact.reference().residuals() == null) {
      throw new IllegalArgumentException("model " + artifact.modelVersion()
          + " has no residual profile (reference.residuals): concept drift cannot be monitored");
    }
    return artifact.reference().residuals();
  }

  /** Standard deviation of r²/rmse² under the reference: √(kurtosis − 1). */
  double squaredSd() {
    return Math.sqrt(kurtosis - 1);
  }

  /** One residual by inverse-CDF sampling of the (rescaled) quantile function. */
  double draw(SplittableRandom random) {
    return interpolate(quantiles, random.nextDouble());
  }

  /** A value of the grid {@code q} at probability u: linear between points, or the step value for categories. */
  static double draw(double[] q, boolean step, double u) {
    return step ? q[Math.min((int) (u * q.length), q.length - 1)] : interpolate(q, u);
  }

  static boolean isStep(ModelArtifact artifact, int j) {
    DistributionProfile p = artifact.reference().features().get(j);
    return p.kind() == FeatureKind.CATEGORICAL && p.categories().length > 0;
  }

  static double interpolate(double[] q, double u) {
    double position = u * (q.length - 1);
    int below = (int) position;
    if (below >= q.length - 1) {
      return q[q.length - 1];
    }
    return q[below] + (q[below + 1] - q[below]) * (position - below);
  }

  /**
   * Feature j's reference distribution in scaler units, z = (x − mean_j)/scale_j, as a quantile grid: the profile's
   * quantiles for a continuous feature (drawn by linear interpolation); for a categorical one a step grid of 1 000
   * points of its category shares (drawn as a step function: each category with its share, to 0.1 %).
   */
  static double[] standardizedQuantiles(ModelArtifact artifact, int j) {
    DistributionProfile p = artifact.reference().features().get(j);
    double mean = artifact.scaler().mean()[j];
    double scale = artifact.scaler().scale()[j];
    if (p.kind() == FeatureKind.CATEGORICAL && p.categories().length > 0) {
      double[] grid = new double[1000];
      double[] share = p.categoryProportions();
      int c = 0;
      double cumulative = share[0];
      for (int i = 0; i < grid.length; i++) {
        double u = (i + 0.5) / grid.length;
        while (u > cumulative && c < share.length - 1) {
          cumulative += share[++c];
        }
        grid[i] = (p.categories()[c] - mean) / scale;
      }
      return grid;
    }
    double[] q = p.quantiles();
    double[] z = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      z[i] = (q[i] - mean) / scale;
    }
    return z;
  }
}
