package io.driftwatch.streaming.performance;

import io.driftwatch.core.performance.ConceptAlarm;
import io.driftwatch.core.performance.DetectorStatistics;
import io.driftwatch.core.performance.PerformanceReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The performance reports and concept-drift alarms this instance emits, in process: the latest window report, the
 * number of alarms, and listeners (for metrics). Only the instance running the performance merge task emits them.
 * With exactly-once, a report is published here when it is produced, before its transaction commits.
 */
public final class PerformanceReports {

  private static final Logger LOG = LoggerFactory.getLogger(PerformanceReports.class);

  private volatile PerformanceReport latest;
  private volatile Window latestWindow;
  private volatile ConceptAlarm latestAlarm;
  private volatile DetectorStatistics detector;
  private final LabelOutcomes labels = new LabelOutcomes();
  private final AtomicLong alarms = new AtomicLong();
  private final List<Consumer<PerformanceReport>> windowListeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, ConceptAlarm>> alarmListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<DetectorStatistics>> detectorListeners = new CopyOnWriteArrayList<>();

  public Optional<PerformanceReport> latest() {
    return Optional.ofNullable(latest);
  }

  /** The latest window report with its window and label coverage, if this instance emitted one. */
  public Optional<Window> latestWindow() {
    return Optional.ofNullable(latestWindow);
  }

  public Optional<ConceptAlarm> latestAlarm() {
    return Optional.ofNullable(latestAlarm);
  }

  /**
   * The sequential detector's statistics, as of its last update on this instance (at most about a second old while
   * labels arrive); empty on instances that do not run the performance merge task.
   */
  public Optional<DetectorStatistics> detector() {
    return Optional.ofNullable(detector);
  }

  /** Counts of joined, unmatched and duplicate outcomes and of expired predictions on this instance's tasks. */
  public LabelOutcomes labels() {
    return labels;
  }

  /** Alarms this instance emitted since it started. */
  public long alarms() {
    return alarms.get();
  }

  /** Called on the stream thread with every window report; must be quick and must not throw. */
  public void addWindowListener(Consumer<PerformanceReport> listener) {
    windowListeners.add(listener);
  }

  /** Called on the stream thread with every alarm; must be quick and must not throw. */
  public void addAlarmListener(Consumer<ConceptAlarm> listener) {
    alarmListeners.add((version, alarm) -> listener.accept(alarm));
  }

  /**
   * Called on the stream thread with every alarm and the version of the model whose predictions raised it (an
   * instance that just switched may still judge the previous version's labels); must be quick and must not throw.
   */
  public void addAlarmListener(BiConsumer<String, ConceptAlarm> listener) {
    alarmListeners.add(listener);
  }

  void publishWindow(PerformanceReport report, Window window) {
    latestWindow = window;
    latest = report;
    notify(windowListeners, report);
  }

  /** Called on the stream thread with each detector snapshot (about once a second); must be quick, must not throw. */
  public void addDetectorListener(Consumer<DetectorStatistics> listener) {
    detectorListeners.add(listener);
  }

  void publishDetector(DetectorStatistics statistics) {
    detector = statistics;
    notify(detectorListeners, statistics);
  }

  void publishAlarm(ConceptAlarm alarm, String modelVersion) {
    latestAlarm = alarm;
    alarms.incrementAndGet();
    for (BiConsumer<String, ConceptAlarm> listener : alarmListeners) {
      try {
        listener.accept(modelVersion, alarm);
      } catch (RuntimeException e) {
        LOG.warn("a performance listener failed; the stream goes on", e);
      }
    }
  }

  /**
   * Where a window report belongs, as written in its JSON header and trailer.
   *
   * @param labelCoverage matched / (matched + expired predictions); NaN when neither happened in the window
   */
  public record Window(
      Instant windowStart, Instant windowEnd, String modelVersion, double labelCoverage, PerformanceReport report) {}

  private static <T> void notify(List<Consumer<T>> listeners, T value) {
    for (Consumer<T> listener : listeners) {
      try {
        listener.accept(value);
      } catch (RuntimeException e) {
        LOG.warn("a performance listener failed; the stream goes on", e);
      }
    }
  }
}
