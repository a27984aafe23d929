package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.DriftStates;
import io.driftwatch.core.drift.DriftThresholds;
import io.driftwatch.core.drift.MultivariateDrift;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.windows.TaskWindows;
import io.driftwatch.streaming.windows.WindowKey;
import io.driftwatch.streaming.windows.WindowMerger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each merged data-drift window with its model version's {@link DriftDetector} and emits the report to
 * {@code drift-reports}, keyed by window start, and to the in-process {@link DriftReports}. Each report carries the
 * records rejected since the previous report (the counters the merge stage summed) and the drift states after it:
 * those of the version's previous report, read from the changelogged {@value DriftMonitoring#STATE_STORE} store (keyed
 * by model version, so a restart or a move of the merge task continues a run; a new model version starts fresh), and
 * written back in the same transaction as the report.
 */
public final class DriftReporter implements WindowMerger.Reporter<SummaryLayout, WindowSummary> {

  private static final Logger LOG = LoggerFactory.getLogger(DriftReporter.class);

  private final DriftSettings settings;
  private final DriftReports reports;
  /**
   * Calibrating a detector resamples the reference a few thousand times (seconds of CPU, more on a busy host) unless
   * the artifact carries a calibration for these settings (computed by {@code train}): it starts in the background as
   * soon as the merge stage learns a model version, a window or more before its first report, so that the stream
   * thread rarely waits for it inside a transaction. One daemon thread for every reporter of the process; a detector is
   * deterministic (seeded), so where it is computed does not change a report.
   */
  private static final ExecutorService CALIBRATION = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "driftwatch-drift-calibration");
    thread.setDaemon(true);
    return thread;
  });

  private final Map<String, CompletableFuture<DriftDetector>> detectors = new HashMap<>();
  private KeyValueStore<Bytes, byte[]> states;

  DriftReporter(DriftSettings settings, DriftReports reports) {
    this.settings = settings;
    this.reports = reports;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    states = context.getStateStore(DriftMonitoring.STATE_STORE);
  }

  @Override
  public void learn(ModelArtifact artifact) {
    detector(artifact);
  }

  @Override
  public void forget(String version) {
    CompletableFuture<DriftDetector> pending = detectors.remove(version);
    if (pending != null) {
      pending.cancel(false);
    }
    states.delete(key(version));
  }

  private CompletableFuture<DriftDetector> detector(ModelArtifact artifact) {
    return detectors.computeIfAbsent(artifact.modelVersion(),
        v -> CompletableFuture.supplyAsync(() -> logged(artifact, DriftDetector.create(artifact, settings)),
            CALIBRATION));
  }

  /** Says once per model version where its significance level came from (an artifact's or a resampled one). */
  private static DriftDetector logged(ModelArtifact artifact, DriftDetector detector) {
    DriftThresholds t = detector.thresholds();
    String how = switch (t.calibrationSource()) {
      case ARTIFACT -> "from the model artifact's calibration";
      case RESAMPLED -> "resampled (" + detector.resampledBecause() + ")";
      case NONE -> "not calibrated (" + DriftSettings.CALIBRATION_ROUNDS + "=0)";
    };
    LOG.info("drift detector for model {} version {}: significance level {} {}", artifact.modelName(),
        artifact.modelVersion(), t.significanceLevel(), how);
    return detector;
  }

  /** The calibrated detector, waiting for its calibration if it has not finished; its failure is rethrown as is. */
  private DriftDetector calibrated(ModelArtifact artifact) {
    try {
      return detector(artifact).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void report(WindowKey key, long windowEndMs, ModelArtifact artifact, WindowSummary summary, long[] counters,
      ProcessorContext<String, byte[]> context, long nowMs) {
    DriftDetector detector = calibrated(artifact);
    Bytes stateKey = key(key.modelVersion());
    byte[] stored = states.get(stateKey);
    DriftStates previous = stored == null ? DriftStates.NONE : DriftStates.fromBytes(stored);
    DriftReport report = detector.evaluate(summary, Instant.ofEpochMilli(key.start()),
        Instant.ofEpochMilli(windowEndMs), counters[TaskWindows.LATE], DriftCounters.rejected(counters), previous);
    states.put(stateKey, report.driftStates().toBytes());
    context.forward(new Record<>(DriftReportJson.key(report), DriftReportJson.write(report), nowMs));
    reports.publish(report);
    LOG.info("drift report: window {} model {} version {}: {} records, {} late, {} rejected, drifted {}{}",
        report.windowStart(), report.modelName(), report.modelVersion(), report.count(), report.lateRecords(),
        report.dataQuality().rejected(), report.driftedFeatures(), jointSummary(report.multivariate()));
  }

  /** Feature names only (never values): ", jointly: shifted [bmi], pairs [s1:s2]" when the joint tests flagged. */
  static String jointSummary(MultivariateDrift m) {
    if (!m.drift()) {
      return "";
    }
    return ", jointly: shifted " + m.shiftedFeatures() + ", pairs "
        + m.changedPairs().stream().map(p -> p.first() + ":" + p.second()).toList();
  }

  private static Bytes key(String version) {
    return Bytes.wrap(version.getBytes(StandardCharsets.UTF_8));
  }
}
