package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.DriftReport;

/** Publishes a report as the merge stage would (for metrics tests outside this package). */
public final class DriftReportsAccess {

  private DriftReportsAccess() {}

  public static void publish(DriftReports reports, DriftReport report) {
    reports.publish(report);
  }
}
