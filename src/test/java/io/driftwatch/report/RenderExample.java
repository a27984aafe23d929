package io.driftwatch.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes the example page (scratch; not a test). */
final class RenderExample {
  public static void main(String[] args) throws Exception {
    HtmlDriftReport.write(args.length > 1 ? List.of(ReportFixtures.known()) : ReportFixtures.series(),
        ReportSource.of("drift-reports on localhost:9092, last 10m", Instant.parse("2026-11-24T10:45:12Z")),
        Path.of(args[0]));
  }
}
