package io.driftwatch.core.performance;

import io.driftwatch.core.model.ModelArtifact;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The sequential concept-drift alarm: per usable feature a two-sided CUSUM on the standardized score r·z_j, and a
 * CUSUM on standardized squared residuals ({@link ConceptCusum} gives the statistics). Thresholds are fitted at
 * construction by simulating stable runs from the artifact's reference residuals and features
 * ({@link AlarmCalibration}) so that a run of {@code alarmHorizonLabels} labels without drift raises any alarm with
 * probability at most {@code alarmFalseAlarmRate}. Mutable, not thread-safe: one per model version and stream (its
 * state goes to a changelogged store through {@link #state()} and {@link #restore(byte[])}).
 *
 * <p>An alarm is returned by the {@link #update} that crosses a threshold. Then every CUSUM restarts from zero and stays
 * there for {@code rearmLabels} labels (the feature means and variances keep adapting); a drift that persists alarms
 * again about one detection delay after re-arming.
 *
 * <p>Attribution of an alarm: every feature whose association CUSUM is above the threshold, the crossing one first
 * (largest statistic / threshold first). Its {@code effect_change} is Σr·(z − m) / Σ(z − m)² since the CUSUM's
 * crossing side last left zero (the CUSUM estimate of the change point), target units per σ; its {@code p_value} is
 * P(N(0,1) ≥ Σs/√n) for the n scores s since then, a one-sided z-test that is approximate (clipped, standardized scores)
 * and uncorrected: the starting point was chosen by the data, so it is smaller than a fixed-sample p-value would be.
 */
public final class ConceptAlarmDetector {

  private static final byte[] MAGIC = {'D', 'C', 'A'};
  /** Version of the state's binary layout; {@link #restore} refuses other versions. */
  public static final byte FORMAT_VERSION = 1;
  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private final String modelVersion;
  private final String[] names;
  private final int featureCount;
  private final int[] usable;
  private final AlarmThresholds thresholds;
  private final long rearmLabels;
  private final long fingerprint;
  private final ConceptCusum cusum;
  private long labels;
  private long quietUntil;

  private ConceptAlarmDetector(ModelArtifact artifact, int[] usable, ReferenceResiduals reference,
      AlarmThresholds thresholds, ConceptSettings settings) {
    this.modelVersion = artifact.modelVersion();
    this.names = artifact.featureNames();
    this.featureCount = names.length;
    this.usable = usable;
    this.thresholds = thresholds;
    this.rearmLabels = settings.rearmLabels();
    this.cusum = new ConceptCusum(usable, reference.rmse, reference.squaredSd(), true);
    this.fingerprint = fingerprint(modelVersion, usable, reference, thresholds, rearmLabels);
  }

  /**
   * A detector for {@code artifact}, its thresholds calibrated as {@code settings} say (deterministic: the same
   * artifact and settings always give the same thresholds). Takes a fraction of a second.
   *
   * @throws IllegalArgumentException if the artifact has no {@code reference} or no {@code reference.residuals}
   */
  public static ConceptAlarmDetector create(ModelArtifact artifact, ConceptSettings settings) {
    ReferenceResiduals reference = ReferenceResiduals.of(artifact);
    int[] usable = usableFeatures(artifact);
    return new ConceptAlarmDetector(artifact, usable, reference,
        AlarmCalibration.fit(artifact, usable, reference, settings), settings);
  }

  /**
   * A detector with thresholds computed before (by {@link #thresholds()} of a detector of the same artifact and
   * settings), skipping the calibration.
   */
  public static ConceptAlarmDetector create(ModelArtifact artifact, ConceptSettings settings,
      AlarmThresholds thresholds) {
    return new ConceptAlarmDetector(artifact, usableFeatures(artifact), ReferenceResiduals.of(artifact), thresholds,
        settings);
  }

  /** Features with a non-zero coefficient and a reference profile: the stream can recover their z. */
  static int[] usableFeatures(ModelArtifact artifact) {
    ReferenceResiduals.requireResiduals(artifact);
    double[] coefficients = artifact.model().coefficients();
    return java.util.stream.IntStream.range(0, artifact.featureCount()).filter(j -> coefficients[j] != 0).toArray();
  }

  public AlarmThresholds thresholds() {
    return thresholds;
  }

  public String modelVersion() {
    return modelVersion;
  }

  /** Names of the features with an association CUSUM, in artifact order. */
  public List<String> monitoredFeatures() {
    return Arrays.stream(usable).mapToObj(j -> names[j]).toList();
  }

  /** The statistics now, beside their thresholds (allocates: call it now and then, not per label). */
  public DetectorStatistics statistics() {
    double[] association = new double[usable.length];
    for (int i = 0; i < usable.length; i++) {
      association[i] = cusum.association(i);
    }
    return new DetectorStatistics(modelVersion, monitoredFeatures(), association, cusum.error,
        thresholds.association(), thresholds.error(), labels);
  }

  /** Labels seen since creation (or in the restored state). */
  public long labels() {
    return labels;
  }

  /**
   * Adds one labelled prediction; returns the alarm it raises, or null (without allocating).
   *
   * @param z standardized features in artifact order (NaN for features the model does not use)
   * @param residual outcome − prediction, target units; a non-finite residual is refused
   * @param eventTimeMs the outcome's event time, epoch milliseconds, reported with an alarm
   * @throws IllegalArgumentException on a wrong feature count or a non-finite residual
   */
  public ConceptAlarm update(double[] z, double residual, long eventTimeMs) {
    if (z.length != featureCount) {
      throw new IllegalArgumentException("expected " + featureCount + " standardized features, got " + z.length);
    }
    if (!Double.isFinite(residual)) {
      throw new IllegalArgumentException("residual must be finite, got " + residual);
    }
    labels++;
    boolean armed = labels > quietUntil;
    cusum.step(z, residual, armed);
    if (!armed) {
      return null;
    }
    double associationRatio = cusum.associationMax() / thresholds.association();
    double errorRatio = cusum.error / thresholds.error();
    if (associationRatio <= 1 && errorRatio <= 1) {
      return null;
    }
    ConceptAlarm alarm = alarm(eventTimeMs, associationRatio, errorRatio);
    cusum.resetStatistics();
    quietUntil = labels + rearmLabels;
    return alarm;
  }

  private ConceptAlarm alarm(long eventTimeMs, double associationRatio, double errorRatio) {
    List<Integer> above = new ArrayList<>();
    for (int i = 0; i < usable.length; i++) {
      if (cusum.association(i) > thresholds.association()) {
        above.add(i);
      }
    }
    above.sort(Comparator.comparingDouble((Integer i) -> -cusum.association(i)));
    List<Attribution> attribution = new ArrayList<>(above.size());
    for (int i : above) {
      attribution.add(new Attribution(names[usable[i]], cusum.effect(i),
          STANDARD_NORMAL.survivalProbability(cusum.evidence(i))));
    }
    return associationRatio >= errorRatio
        ? new ConceptAlarm(eventTimeMs, ConceptAlarm.ASSOCIATION, cusum.associationMax(), thresholds.association(),
            attribution)
        : new ConceptAlarm(eventTimeMs, ConceptAlarm.ERROR, cusum.error, thresholds.error(), attribution);
  }

  // --- state ---------------------------------------------------------------------------------------------------------

  /**
   * The detector's state: {@code "DCA"}, format version, a 64-bit fingerprint of the model version, monitored features,
   * reference RMSE, thresholds and re-arm setting, the label count and re-arm point, then every statistic bit for bit
   * (920 bytes for 9 features). Restoring it into a detector of the same artifact and settings continues exactly as
   * if the stream had not been interrupted.
   */
  public byte[] state() {
    ByteBuffer out = ByteBuffer.allocate(4 + 8 + 8 + 8 + 4 + ConceptCusum.stateBytes(usable.length));
    out.put(MAGIC).put(FORMAT_VERSION);
    out.putLong(fingerprint).putLong(labels).putLong(quietUntil).putInt(usable.length);
    cusum.write(out);
    return out.array();
  }

  /**
   * Replaces this detector's state by {@code state}.
   *
   * @throws IllegalArgumentException if the bytes are not a detector state, have another format version, are truncated,
   *     or were written by a detector of another model version, thresholds or settings
   */
  public void restore(byte[] state) {
    if (state == null || state.length < 4 || state[0] != MAGIC[0] || state[1] != MAGIC[1] || state[2] != MAGIC[2]) {
      throw corrupt("not a concept alarm state");
    }
    if (state[3] != FORMAT_VERSION) {
      throw corrupt("format version " + state[3] + " is not supported (this reader knows " + FORMAT_VERSION + ")");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(state, 4, state.length - 4);
      if (in.getLong() != fingerprint) {
        throw new IllegalArgumentException("concept alarm state was written by a detector of another model version, "
            + "thresholds or settings than this one (model version " + modelVersion + ")");
      }
      long restoredLabels = in.getLong();
      long restoredQuiet = in.getLong();
      if (in.getInt() != usable.length || in.remaining() != ConceptCusum.stateBytes(usable.length)) {
        throw corrupt("wrong length");
      }
      cusum.read(in);
      labels = restoredLabels;
      quietUntil = restoredQuiet;
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  private static IllegalArgumentException corrupt(String why) {
    return new IllegalArgumentException("corrupt concept alarm state: " + why);
  }

  private static long fingerprint(String version, int[] usable, ReferenceResiduals reference,
      AlarmThresholds thresholds, long rearm) {
    long h = 1125899906842597L;
    for (char c : version.toCharArray()) {
      h = 31 * h + c;
    }
    for (int j : usable) {
      h = 31 * h + j;
    }
    double[] values = {reference.rmse, reference.kurtosis, thresholds.association(), thresholds.error(),
        thresholds.associationK(), thresholds.errorK(), ConceptCusum.LAMBDA, rearm};
    for (double v : values) {
      h = 31 * h + Double.doubleToLongBits(v);
    }
    return h ^ (h >>> 29);
  }
}
