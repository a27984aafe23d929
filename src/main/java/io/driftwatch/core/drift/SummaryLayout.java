package io.driftwatch.core.drift;

import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceMoments;
import io.driftwatch.core.model.ReferenceProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The frozen bins of every quantity a {@link WindowSummary} tracks, in the artifact's feature order followed by the
 * prediction. Immutable and shared: build it once per model version. Summaries can only be merged or read back with
 * the layout they were built with, which its {@link #fingerprint()} checks.
 */
public final class SummaryLayout {

  private final String modelVersion;
  private final List<String> featureNames;
  final ReferenceBins[] quantities;
  final int featureCount;
  // Flat copies for the per-event path.
  final double[] edges;
  final int[] edgeOffset;
  final int[] edgeCount;
  final int[] binOffset;
  final int totalBins;
  final double[] anchor;
  final double[] direction;
  final double[] unitsPerValue;
  final double[] center;
  private final long fingerprint;
  /** The multivariate part: null when the artifact has no reference moments or it is switched off. */
  private MultivariateLayout multivariate;
  private ReferenceMoments moments;

  private SummaryLayout(String modelVersion, List<DistributionProfile> features, DistributionProfile prediction,
      ReferenceMoments moments) {
    this.modelVersion = modelVersion;
    this.featureCount = features.size();
    this.quantities = new ReferenceBins[featureCount + 1];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < featureCount; j++) {
      quantities[j] = ReferenceBins.of(features.get(j));
      names.add(features.get(j).name());
    }
    quantities[featureCount] = ReferenceBins.of(prediction);
    this.featureNames = Collections.unmodifiableList(names);

    int q = quantities.length;
    edgeOffset = new int[q];
    edgeCount = new int[q];
    binOffset = new int[q];
    unitsPerValue = new double[q];
    center = new double[q];
    int edgeTotal = 0;
    int binTotal = 0;
    for (int i = 0; i < q; i++) {
      edgeOffset[i] = edgeTotal;
      edgeCount[i] = quantities[i].edges.length;
      binOffset[i] = binTotal;
      edgeTotal += quantities[i].edges.length;
      binTotal += quantities[i].binCount();
      unitsPerValue[i] = ReferenceBins.UNITS_PER_SIGMA / quantities[i].scale;
      center[i] = Double.isFinite(quantities[i].referenceMean) ? quantities[i].referenceMean : 0;
    }
    totalBins = binTotal;
    edges = new double[edgeTotal];
    anchor = new double[binTotal];
    direction = new double[binTotal];
    for (int i = 0; i < q; i++) {
      System.arraycopy(quantities[i].edges, 0, edges, edgeOffset[i], edgeCount[i]);
      System.arraycopy(quantities[i].anchor, 0, anchor, binOffset[i], quantities[i].binCount());
      System.arraycopy(quantities[i].direction, 0, direction, binOffset[i], quantities[i].binCount());
    }
    fingerprint = computeFingerprint();
    if (moments != null && moments.featureCount() != featureCount) {
      throw new IllegalArgumentException("reference moments have " + moments.featureCount() + " features, the model "
          + featureCount);
    }
    this.moments = moments;
    this.multivariate = moments == null ? null : MultivariateLayout.of(this);
  }

  /**
   * The layout for an artifact's reference profile, with the multivariate part when the artifact has reference moments;
   * fails if the profile does not match the artifact's features.
   */
  public static SummaryLayout of(ModelArtifact artifact) {
    return of(artifact, true);
  }

  /**
   * The layout for an artifact's reference profile; {@code multivariate} false leaves out the joint moments (and their
   * per-event cost) even when the artifact has reference moments. Summaries of both kinds of layout of one model
   * version have the same {@link #fingerprint()} and merge; a merged window that lacks some events' joint moments is
   * not tested jointly.
   */
  public static SummaryLayout of(ModelArtifact artifact, boolean multivariate) {
    ReferenceProfile reference = artifact.reference();
    if (reference == null || reference.features() == null || reference.prediction() == null) {
      throw new IllegalArgumentException(
          "model " + artifact.modelVersion() + " has no reference profile: cannot monitor drift");
    }
    List<FeatureSpec> specs = artifact.features();
    List<DistributionProfile> profiles = reference.features();
    if (profiles.size() != specs.size()) {
      throw new IllegalArgumentException("reference profile has " + profiles.size() + " features, the model has "
          + specs.size());
    }
    for (int j = 0; j < specs.size(); j++) {
      if (!specs.get(j).name().equals(profiles.get(j).name()) || specs.get(j).kind() != profiles.get(j).kind()) {
        throw new IllegalArgumentException("reference profile " + j + " is '" + profiles.get(j).name() + "' ("
            + profiles.get(j).kind() + "), the model's feature " + j + " is '" + specs.get(j).name() + "' ("
            + specs.get(j).kind() + ")");
      }
    }
    return new SummaryLayout(artifact.modelVersion(), profiles, reference.prediction(),
        multivariate ? reference.moments() : null);
  }

  static SummaryLayout of(String modelVersion, List<DistributionProfile> features, DistributionProfile prediction) {
    return new SummaryLayout(modelVersion, features, prediction, null);
  }

  /** As {@link #of(String, List, DistributionProfile)}, with a multivariate part from {@code moments}. */
  static SummaryLayout of(String modelVersion, List<DistributionProfile> features, DistributionProfile prediction,
      ReferenceMoments moments) {
    return new SummaryLayout(modelVersion, features, prediction, moments);
  }

  /**
   * This layout, without a multivariate part so far, given one: {@code transforms} must be
   * {@code MultivariateLayout.of(this)}. For the calibration, which fits each pseudo-reference's moments with the
   * transforms of its own layout; nothing may have used the layout before.
   */
  SummaryLayout withJointMoments(MultivariateLayout transforms, ReferenceMoments fitted) {
    if (multivariate != null || transforms.summaryLayout != this) {
      throw new IllegalStateException("joint moments are given once, with this layout's own transforms");
    }
    this.multivariate = transforms;
    this.moments = fitted;
    return this;
  }

  /** The multivariate transforms, or null when this layout tracks no joint moments. */
  public MultivariateLayout multivariate() {
    return multivariate;
  }

  /** The reference moments the joint tests compare with, or null. */
  public ReferenceMoments referenceMoments() {
    return moments;
  }

  public String modelVersion() {
    return modelVersion;
  }

  /** Features in the order {@link WindowSummary#update} expects them. */
  public List<String> featureNames() {
    return featureNames;
  }

  public int featureCount() {
    return featureCount;
  }

  /** Identifies the bins exactly (and the model version): summaries merge only with equal fingerprints. */
  public long fingerprint() {
    return fingerprint;
  }

  /** A new, empty summary for one window of one task. */
  public WindowSummary newSummary() {
    return new WindowSummary(this);
  }

  int quantityCount() {
    return quantities.length;
  }

  private long computeFingerprint() {
    long h = 0x9E3779B97F4A7C15L;
    for (byte b : modelVersion.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h, b);
    }
    h = mix(h, quantities.length);
    for (int i = 0; i < quantities.length; i++) {
      h = mix(h, edgeCount[i]);
      h = mix(h, Double.doubleToLongBits(unitsPerValue[i]));
      h = mix(h, Double.doubleToLongBits(center[i]));
    }
    for (double e : edges) {
      h = mix(h, Double.doubleToLongBits(e));
    }
    return h;
  }

  // SplitMix64's finaliser: a stable 64-bit mix, identical on every JVM.
  private static long mix(long h, long value) {
    long z = h ^ value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
