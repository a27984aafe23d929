package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.SummaryLayout;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.windows.TaskWindows;
import io.driftwatch.streaming.windows.WindowKey;
import io.driftwatch.streaming.windows.WindowMerger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each merged data-drift window with its model version's {@link DriftDetector} and emits the report to
 * {@code drift-reports}, keyed by window start, and to the in-process {@link DriftReports}.
 */
public final class DriftReporter implements WindowMerger.Reporter<SummaryLayout, WindowSummary> {

  private static final Logger LOG = LoggerFactory.getLogger(DriftReporter.class);

  private final DriftSettings settings;
  private final DriftReports reports;
  // Calibrating a detector takes about a second: once per model version for the life of this processor.
  private final Map<String, DriftDetector> detectors = new HashMap<>();

  DriftReporter(DriftSettings settings, DriftReports reports) {
    this.settings = settings;
    this.reports = reports;
  }

  @Override
  public void forget(String version) {
    detectors.remove(version);
  }

  @Override
  public void report(WindowKey key, long windowEndMs, ModelArtifact artifact, WindowSummary summary, long[] counters,
      ProcessorContext<String, byte[]> context, long nowMs) {
    DriftDetector detector = detectors.computeIfAbsent(key.modelVersion(), v -> DriftDetector.create(artifact,
        settings));
    DriftReport report = detector.evaluate(summary, Instant.ofEpochMilli(key.start()),
        Instant.ofEpochMilli(windowEndMs), counters[TaskWindows.LATE]);
    context.forward(new Record<>(DriftReportJson.key(report), DriftReportJson.write(report), nowMs));
    reports.publish(report);
    LOG.info("drift report: window {} model {} version {}: {} records, {} late, drifted {}", report.windowStart(),
        report.modelName(), report.modelVersion(), report.count(), report.lateRecords(), report.driftedFeatures());
  }
}
