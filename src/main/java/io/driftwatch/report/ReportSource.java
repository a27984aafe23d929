package io.driftwatch.report;

import java.time.Instant;

/** TEMPORARY STUB (lead). */
public record ReportSource(String description, Instant generatedAt) {
  public static ReportSource of(String description, Instant generatedAt) {
    return new ReportSource(description, generatedAt);
  }
}
