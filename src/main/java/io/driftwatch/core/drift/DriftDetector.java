package io.driftwatch.core.drift;

import io.driftwatch.core.drift.DriftThresholds.CalibrationSource;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ReferenceCalibration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the merged {@link WindowSummary} of a closed window into a {@link DriftReport}. Built once per model version
 * (construction takes the significance level from the artifact's calibration when it holds for the settings, else
 * calibrates it by resampling the reference, seconds of CPU); immutable and thread-safe afterwards.
 *
 * <p>A feature drifts when its test is significant after Holm's correction over all the window's tests (features,
 * prediction and the joint tests of {@link MultivariateDrift}) <em>and</em> its PSI or Wasserstein distance reaches its
 * floor, in a window of at least {@code min_samples} records; each joint test likewise needs its own effect floor. See
 * {@code docs/drift-methods.md}.
 */
public final class DriftDetector {

  private final SummaryLayout layout;
  private final String modelName;
  private final String modelVersion;
  private final double[] coefficients;
  private final double[] scales;
  private final DriftSettings settings;
  private final DriftThresholds thresholds;
  private final String resampledBecause;

  private DriftDetector(ModelArtifact artifact, SummaryLayout layout, DriftSettings settings,
      DriftThresholds thresholds, String resampledBecause) {
    this.layout = layout;
    this.modelName = artifact.modelName();
    this.modelVersion = artifact.modelVersion();
    this.coefficients = artifact.model().coefficients().clone();
    this.scales = artifact.scaler().scale().clone();
    this.settings = settings;
    this.thresholds = thresholds;
    this.resampledBecause = resampledBecause;
  }

  /**
   * A detector for {@code artifact}'s reference profile and coefficients, calibrated as {@code settings} say: with the
   * artifact's stored calibration ({@code reference.calibration}) when it was computed for exactly these settings (see
   * {@link ArtifactCalibration#mismatch}), else by resampling the reference (seconds of CPU).
   */
  public static DriftDetector create(ModelArtifact artifact, DriftSettings settings) {
    SummaryLayout layout = SummaryLayout.of(artifact, settings.multivariate());
    int n = artifact.featureCount();
    if (artifact.model().coefficients().length != n || artifact.scaler().scale().length != n) {
      throw new IllegalArgumentException("model " + artifact.modelVersion() + ": coefficients and scales must have "
          + n + " entries, one per feature");
    }
    ReferenceCalibration stored = artifact.reference().calibration();
    boolean calibrated = settings.calibrationRounds() > 0;
    String mismatch = calibrated ? ArtifactCalibration.mismatch(stored, settings) : null;
    CalibrationSource source = !calibrated ? CalibrationSource.NONE
        : mismatch == null ? CalibrationSource.ARTIFACT : CalibrationSource.RESAMPLED;
    NullCalibration.Result calibration = switch (source) {
      case NONE -> new NullCalibration.Result(settings.falseAlarmRate(), Double.NaN);
      case ARTIFACT -> new NullCalibration.Result(stored.significanceLevel(), stored.simulatedFalseAlarmRate());
      case RESAMPLED -> ArtifactCalibration.resample(artifact, layout, settings);
    };
    DriftThresholds thresholds = new DriftThresholds(settings.minSamples(), settings.falseAlarmRate(),
        calibration.significanceLevel(), settings.psiFloor(), settings.wassersteinSigmaFloor(),
        settings.calibrationWindowEvents(), settings.calibrationRounds(), calibration.simulatedFalseAlarmRate(),
        source, settings.multivariate(), settings.meanShiftSigmaFloor(), settings.correlationFloor());
    return new DriftDetector(artifact, layout, settings, thresholds, mismatch);
  }

  /**
   * Why the detector resampled instead of using the artifact's calibration ({@link CalibrationSource#RESAMPLED}),
   * e.g. {@code "the artifact's calibration is for drift.seed=7 (here 20261124)"}; null otherwise.
   */
  public String resampledBecause() {
    return resampledBecause;
  }

  /** The bins summaries must be built with; also needed to read serialized summaries back. */
  public SummaryLayout layout() {
    return layout;
  }

  /** A new, empty summary for this detector's model version. */
  public WindowSummary newSummary() {
    return layout.newSummary();
  }

  public String modelVersion() {
    return modelVersion;
  }

  public DriftThresholds thresholds() {
    return thresholds;
  }

  /**
   * The report for one closed window judged alone: no record rejected, drift states as if nothing was flagged before.
   *
   * @param summary the merged summary of every task's events in the window
   * @param lateRecords records that arrived too late for their window, as the stream counts them
   */
  public DriftReport evaluate(WindowSummary summary, Instant windowStart, Instant windowEnd, long lateRecords) {
    return evaluate(summary, windowStart, windowEnd, lateRecords, Map.of(), DriftStates.NONE);
  }

  /**
   * The report for one closed window.
   *
   * @param summary the merged summary of every task's events in the window
   * @param lateRecords records that arrived too late for their window, as the stream counts them
   * @param rejected records that could not be scored, per reason, over the interval the report covers (the stream:
   *     since the previous report; a batch: its rejected rows); reasons with 0 may be left out
   * @param previous the drift states after this model version's previous report ({@link DriftStates#NONE} for the
   *     first); the report carries the states after this window ({@link DriftReport#driftStates()})
   */
  public DriftReport evaluate(WindowSummary summary, Instant windowStart, Instant windowEnd, long lateRecords,
      Map<RejectReason, Long> rejected, DriftStates previous) {
    if (summary.layout().fingerprint() != layout.fingerprint()) {
      throw new IllegalArgumentException("summary of model version " + summary.modelVersion()
          + " cannot be judged by the detector of model version " + modelVersion);
    }
    TestFamily family = TestFamily.run(layout, summary, null,
        settings.multivariate() ? TestFamily.NO_MOMENTS : DriftSettings.MULTIVARIATE + "=false");
    QuantityStatistics[] stats = family.stats;
    double[] adjusted = family.adjusted;
    boolean belowMinSamples = summary.count() < settings.minSamples();
    int features = layout.featureCount();

    List<DistributionDrift> featureDrifts = new ArrayList<>(features);
    double explained = 0;
    for (int j = 0; j < features; j++) {
      ReferenceBins bins = layout.quantities[j];
      double shift = stats[j].count() == 0 ? Double.NaN
          : coefficients[j] * (stats[j].mean() - bins.referenceMean) / scales[j];
      if (!Double.isNaN(shift)) {
        explained += shift;
      }
      featureDrifts.add(decide(bins, stats[j], adjusted[j], belowMinSamples, shift, coefficients[j] != 0,
          Histogram.of(bins, summary, j)));
    }
    ReferenceBins predictionBins = layout.quantities[features];
    DistributionDrift prediction = decide(predictionBins, stats[features], adjusted[features], belowMinSamples,
        Double.NaN, true, Histogram.of(predictionBins, summary, features));

    List<String> drifted = featureDrifts.stream()
        .filter(DistributionDrift::drift)
        .sorted(Comparator.comparingDouble((DistributionDrift d) -> -Math.abs(d.predictionShift()))
            .thenComparingDouble(d -> -d.wassersteinSigma()))
        .map(DistributionDrift::name)
        .toList();
    MultivariateDrift multivariate = joint(family, summary, belowMinSamples);
    boolean datasetDrift = !drifted.isEmpty() || multivariate.drift();
    DriftStates states =
        previous.after(windowStart, windowEnd, belowMinSamples, datasetDrift, featureDrifts, prediction);
    return new DriftReport(windowStart, windowEnd, modelName, modelVersion, summary.count(), lateRecords,
        belowMinSamples, datasetDrift, drifted, featureDrifts, prediction,
        prediction.mean() - predictionBins.referenceMean, explained, thresholds,
        DataQuality.of(summary.count(), rejected), states, multivariate);
  }

  private MultivariateDrift joint(TestFamily f, WindowSummary summary, boolean belowMinSamples) {
    if (!f.jointTested()) {
      return MultivariateDrift.notTested(f.notTestedReason, summary.joint() == null ? 0 : summary.joint().count());
    }
    double level = thresholds.significanceLevel();
    List<String> names = layout.featureNames();
    List<MultivariateDrift.PartialShift> partial = new ArrayList<>(names.size());
    for (int j = 0; j < names.size(); j++) {
      double adjustedP = f.partialAdjusted[j];
      boolean significant = adjustedP <= level;
      boolean large = !Double.isNaN(adjustedP) && f.partialLarge(j, settings);
      partial.add(new MultivariateDrift.PartialShift(names.get(j), f.shiftSigma[j], f.t2.partialZ()[j],
          f.t2.partialPValue()[j], adjustedP, significant, large, significant && large && !belowMinSamples));
    }
    List<String> shifted = partial.stream()
        .filter(MultivariateDrift.PartialShift::drift)
        .sorted(Comparator.comparingDouble(MultivariateDrift.PartialShift::adjustedPValue)
            .thenComparingDouble(s -> -Math.abs(s.z())))
        .map(MultivariateDrift.PartialShift::feature)
        .toList();
    List<MultivariateDrift.PairChange> pairs = new ArrayList<>(f.pairs.size());
    for (int i = 0; i < f.pairs.size(); i++) {
      CorrelationChange.Pair pair = f.pairs.get(i);
      boolean significant = f.pairAdjusted[i] <= level;
      boolean large = f.pairLarge(i, settings);
      pairs.add(new MultivariateDrift.PairChange(pair.firstName(), pair.secondName(), pair.referenceCorrelation(),
          pair.windowCorrelation(), pair.z(), pair.pValue(), f.pairAdjusted[i], significant, large,
          significant && large && !belowMinSamples));
    }
    List<MultivariateDrift.PairChange> changed = pairs.stream().filter(MultivariateDrift.PairChange::drift).toList();
    boolean t2Drift = f.t2Adjusted <= level && f.t2Large(settings) && !belowMinSamples;
    boolean drift = t2Drift || !shifted.isEmpty() || !changed.isEmpty();
    MultivariateSummary window = summary.joint();
    return new MultivariateDrift(true, null, window.count(), f.t2.t2(), f.t2.f(), f.t2.dimensions(),
        f.t2.pValue(), f.t2Adjusted, f.mahalanobis, drift, partial, shifted, pairs, changed, f.pairsP,
        f.pairsAdjusted, names, layout.referenceMoments().scoreCorrelation(), window.scoreCorrelation());
  }

  private DistributionDrift decide(ReferenceBins bins, QuantityStatistics s, double adjustedP, boolean belowMinSamples,
      double predictionShift, boolean affectsPrediction, Histogram histogram) {
    boolean significant = adjustedP <= thresholds.significanceLevel();
    boolean large = largeEffect(s, settings);
    return new DistributionDrift(bins.name, bins.kind, s.count(), s.mean(), s.std(), s.min(), s.max(), s.psi(),
        s.ksStatistic(), s.test(), s.chiSquare(), s.pValue(), adjustedP, s.wassersteinSigma(),
        s.wassersteinErrorSigma(), s.meanShiftSigma(), s.stdShiftSigma(), significant, large,
        significant && large && !belowMinSamples, predictionShift, affectsPrediction, histogram);
  }

  // --- shared with the calibration ---------------------------------------------------------------------------------

  /** Statistics of every quantity; {@code ksSkipBelow} (per quantity, or null) spares p-values that cannot matter. */
  static QuantityStatistics[] measureAll(SummaryLayout layout, WindowSummary summary, double[] ksSkipBelow) {
    QuantityStatistics[] stats = new QuantityStatistics[layout.quantityCount()];
    for (int q = 0; q < stats.length; q++) {
      stats[q] = QuantityStatistics.measure(layout.quantities[q], summary, q, ksSkipBelow == null ? 0 : ksSkipBelow[q]);
    }
    return stats;
  }

  static boolean largeEffect(QuantityStatistics s, DriftSettings settings) {
    return s.psi() >= settings.psiFloor() || s.wassersteinSigma() >= settings.wassersteinSigmaFloor();
  }

  /** Profiles in quantity order: the features, then the prediction. */
  static List<DistributionProfile> quantityProfiles(
      List<DistributionProfile> features, DistributionProfile prediction) {
    List<DistributionProfile> all = new ArrayList<>(features);
    all.add(prediction);
    return all;
  }
}
