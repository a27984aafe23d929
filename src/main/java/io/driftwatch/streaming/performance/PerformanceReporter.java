package io.driftwatch.streaming.performance;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.performance.ConceptAlarm;
import io.driftwatch.core.performance.ConceptAlarmDetector;
import io.driftwatch.core.performance.ConceptAlarmJson;
import io.driftwatch.core.performance.ConceptSettings;
import io.driftwatch.core.performance.PerformanceDetector;
import io.driftwatch.core.performance.PerformanceReport;
import io.driftwatch.core.performance.PerformanceReportJson;
import io.driftwatch.core.performance.PerformanceSummary;
import io.driftwatch.streaming.windows.TaskWindows;
import io.driftwatch.streaming.windows.WindowKey;
import io.driftwatch.streaming.windows.WindowMerger;
import io.driftwatch.streaming.windows.WindowSignal;
import io.driftwatch.streaming.windows.WriteAtCommitStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The performance merge stage's output: each merged window judged by its model version's {@link PerformanceDetector}
 * ({@code "kind": "window"}, keyed by window start), and every label run through the version's sequential
 * {@link ConceptAlarmDetector}, whose alarm ({@code "kind": "alarm"}, keyed by the tripping outcome's event time) is
 * emitted at once. The detectors' state is kept on the heap and written at commit to {@value #ALARM_STORE}.
 */
public final class PerformanceReporter
    implements WindowMerger.Reporter<PerformanceSummaries.Layout, PerformanceSummary> {

  static final String ALARM_STORE = "concept-alarm-state";

  private static final Logger LOG = LoggerFactory.getLogger(PerformanceReporter.class);

  private final ConceptSettings settings;
  private final PerformanceReports reports;
  private final Map<String, ModelArtifact> artifacts = new HashMap<>();
  // Calibrating a window detector and an alarm detector: once per model version for the life of this processor.
  private final Map<String, PerformanceDetector> windowDetectors = new HashMap<>();
  private final Map<String, ConceptAlarmDetector> alarms = new HashMap<>();
  private final Map<String, byte[]> restoredStates = new HashMap<>();
  private final Set<String> changed = new HashSet<>();
  private long detectorPublishedMs = Long.MIN_VALUE;

  PerformanceReporter(ConceptSettings settings, PerformanceReports reports) {
    this.settings = settings;
    this.reports = reports;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    artifacts.clear();
    alarms.clear();
    restoredStates.clear();
    changed.clear();
    WriteAtCommitStore store = context.getStateStore(ALARM_STORE);
    KeyValueStore<Bytes, byte[]> persisted = store.persisted();
    try (KeyValueIterator<Bytes, byte[]> all = persisted.all()) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        restoredStates.put(new String(entry.key.get(), StandardCharsets.UTF_8), entry.value);
      }
    }
    store.beforeCommit(() -> {
      for (String version : changed) {
        ConceptAlarmDetector detector = alarms.get(version);
        if (detector != null) {
          persisted.put(Bytes.wrap(version.getBytes(StandardCharsets.UTF_8)), detector.state());
        }
      }
      changed.clear();
    });
  }

  @Override
  public void learn(ModelArtifact artifact) {
    artifacts.put(artifact.modelVersion(), artifact);
  }

  @Override
  public void forget(String version) {
    artifacts.remove(version);
    windowDetectors.remove(version);
  }

  @Override
  public void report(WindowKey key, long windowEndMs, ModelArtifact artifact, PerformanceSummary summary,
      long[] counters, ProcessorContext<String, byte[]> context, long nowMs) {
    PerformanceDetector detector = windowDetectors.computeIfAbsent(key.modelVersion(),
        v -> PerformanceDetector.create(artifact, settings));
    PerformanceReport report = detector.evaluate(summary);
    Map<String, Object> header = new LinkedHashMap<>();
    String start = Instant.ofEpochMilli(key.start()).toString();
    header.put("kind", "window");
    header.put("window_start", start);
    header.put("window_end", Instant.ofEpochMilli(windowEndMs).toString());
    header.put("model_name", artifact.modelName());
    header.put("model_version", key.modelVersion());
    long matched = counters[PerformanceSummaries.MATCHED];
    long expired = counters[PerformanceSummaries.EXPIRED];
    Map<String, Object> trailer = new LinkedHashMap<>();
    trailer.put("label_coverage", matched + expired == 0 ? null : (double) matched / (matched + expired));
    trailer.put("matched_outcomes", matched);
    trailer.put("unmatched_outcomes", counters[PerformanceSummaries.UNMATCHED]);
    trailer.put("duplicate_outcomes", counters[PerformanceSummaries.DUPLICATE]);
    trailer.put("expired_predictions", expired);
    trailer.put("late_records", counters[TaskWindows.LATE]);
    context.forward(new Record<>(start, PerformanceReportJson.write(report, header, trailer), nowMs));
    reports.publishWindow(report, new PerformanceReports.Window(Instant.ofEpochMilli(key.start()),
        Instant.ofEpochMilli(windowEndMs), key.modelVersion(),
        matched + expired == 0 ? Double.NaN : (double) matched / (matched + expired), report));
    LOG.info("performance report: window {} model {} version {}: {} labels, rmse ratio {}, concept drift {}",
        start, artifact.modelName(), key.modelVersion(), report.count(), report.rmseRatio(), report.conceptDrift());
  }

  @Override
  public void other(WindowSignal signal, ProcessorContext<String, byte[]> context, long nowMs) {
    if (!(signal instanceof WindowSignal.Label label)) {
      return;
    }
    ConceptAlarmDetector detector = alarmDetector(label.modelVersion());
    if (detector == null) {
      return;
    }
    ConceptAlarm alarm = detector.update(label.z(), label.residual(), label.eventTime());
    changed.add(label.modelVersion());
    // For dashboards: a copy at most once a second (it allocates), and right after an alarm reset the statistics.
    if (alarm != null || detectorPublishedMs == Long.MIN_VALUE || nowMs - detectorPublishedMs >= 1000) {
      detectorPublishedMs = nowMs;
      reports.publishDetector(detector.statistics());
    }
    if (alarm != null) {
      String key = Instant.ofEpochMilli(alarm.eventTimeMs()).toString();
      context.forward(new Record<>(key, ConceptAlarmJson.write(alarm, label.modelVersion()), nowMs));
      reports.publishAlarm(alarm, label.modelVersion());
      LOG.warn("concept drift alarm: model version {}, detector {}, at {}: {}", label.modelVersion(),
          alarm.detector(), key, alarm.attribution().isEmpty() ? "error level" : alarm.attribution().get(0).feature());
    }
  }

  private ConceptAlarmDetector alarmDetector(String version) {
    ConceptAlarmDetector detector = alarms.get(version);
    if (detector == null) {
      ModelArtifact artifact = artifacts.get(version);
      if (artifact == null) {
        return null; // announced before its first label: cannot happen, the task announces first
      }
      detector = ConceptAlarmDetector.create(artifact, settings);
      byte[] state = restoredStates.remove(version);
      if (state != null) {
        try {
          detector.restore(state);
        } catch (IllegalArgumentException e) {
          // e.g. concept.* settings changed since the state was written: its sums mean something else now.
          LOG.warn("concept-drift alarm state of model version {} cannot be restored ({}); the detector starts afresh",
              version, e.getMessage());
        }
      }
      alarms.put(version, detector);
    }
    return detector;
  }
}
