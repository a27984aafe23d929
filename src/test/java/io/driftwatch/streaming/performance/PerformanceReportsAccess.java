package io.driftwatch.streaming.performance;

import io.driftwatch.core.performance.ConceptAlarm;
import io.driftwatch.core.performance.DetectorStatistics;

/** Publishes reports and alarms as the performance merge stage would (for metrics tests outside this package). */
public final class PerformanceReportsAccess {

  private PerformanceReportsAccess() {}

  public static void publishWindow(PerformanceReports reports, PerformanceReports.Window window) {
    reports.publishWindow(window.report(), window);
  }

  public static void publishDetector(PerformanceReports reports, DetectorStatistics statistics) {
    reports.publishDetector(statistics);
  }

  public static void publishAlarm(PerformanceReports reports, ConceptAlarm alarm) {
    reports.publishAlarm(alarm, "0123456789ab");
  }
}
