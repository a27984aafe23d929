package io.driftwatch.report;

import java.time.Instant;
import java.util.Objects;

/**
 * What the page says about where its reports came from, beside what the reports say themselves.
 *
 * @param description where the reports were read, for people: e.g. {@code drift-reports on localhost:9092, last 2h}
 *     or {@code current.csv (1 000 rows)}
 * @param generatedAt when the page was made
 * @param modelName model name for the title; null to take it from the reports
 * @param modelVersion model version for the title; null to take it (or them) from the reports
 */
public record ReportSource(String description, Instant generatedAt, String modelName, String modelVersion) {

  public ReportSource {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(generatedAt, "generatedAt");
  }

  /** A source whose model name and version are those of the reports. */
  public static ReportSource of(String description, Instant generatedAt) {
    return new ReportSource(description, generatedAt, null, null);
  }
}
