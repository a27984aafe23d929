package io.driftwatch.testing;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.DriftStates;
import io.driftwatch.core.drift.WindowSummary;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Patient events with explicit event times, made from the bundled data set's rows (raw units), and the drift report
 * the stream must emit for them, computed by the statistics layer alone, without Kafka.
 */
public final class DriftEvents {

  private static final class Rows {
    static final Dataset DIABETES = Dataset.loadBundledDiabetes();
  }

  /** One event; {@code features} in the data set's order, which is the trained model's. */
  public record Event(String patientId, String eventId, long eventTimeMs, double[] features) {

    public String json() {
      StringBuilder json = new StringBuilder()
          .append("{\"patient_id\":\"").append(patientId).append("\",\"event_id\":\"").append(eventId)
          .append("\",\"event_time\":").append(eventTimeMs);
      List<String> names = Rows.DIABETES.featureNames();
      for (int j = 0; j < names.size(); j++) {
        json.append(",\"").append(names.get(j)).append("\":").append(features[j]);
      }
      return json.append('}').toString();
    }
  }

  private DriftEvents() {}

  /**
   * {@code count} events with event times {@code startMs}, {@code startMs + stepMs}, ...; event {@code i} is data set
   * row {@code (firstRow + i) mod 442} and has ids {@code <prefix>-<i>}.
   */
  public static List<Event> at(String prefix, long startMs, long stepMs, int count, int firstRow) {
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double[] row = Rows.DIABETES.row((firstRow + i) % Rows.DIABETES.size());
      events.add(new Event("p-" + prefix + "-" + (i % 97), prefix + "-" + i, startMs + i * stepMs, row.clone()));
    }
    return events;
  }

  /** The JSON report of one window holding exactly {@code events}, as {@code drift-reports} must carry it. */
  public static String expectedReport(ModelArtifact artifact, DriftSettings settings, List<Event> events,
      long windowStartMs, long windowSizeMs, long lateRecords) {
    return expectedReport(artifact, settings, events, windowStartMs, windowSizeMs, lateRecords, Map.of());
  }

  /** As above, with records rejected since the previous report; the first report of its model version. */
  public static String expectedReport(ModelArtifact artifact, DriftSettings settings, List<Event> events,
      long windowStartMs, long windowSizeMs, long lateRecords, Map<RejectReason, Long> rejected) {
    return DriftReportJson.writeString(expected(artifact, settings, events, windowStartMs, windowSizeMs, lateRecords,
        rejected, DriftStates.NONE));
  }

  /**
   * The JSON reports of consecutive windows of one model version, {@code windows.get(i)} starting at {@code firstStartMs
   * + i * windowSizeMs}, each after the drift states of the one before: what the stream emits for them.
   */
  public static List<String> expectedReports(ModelArtifact artifact, DriftSettings settings, List<List<Event>> windows,
      long firstStartMs, long windowSizeMs) {
    List<String> reports = new ArrayList<>();
    DriftStates states = DriftStates.NONE;
    for (int i = 0; i < windows.size(); i++) {
      DriftReport report = expected(artifact, settings, windows.get(i), firstStartMs + i * windowSizeMs, windowSizeMs,
          0, Map.of(), states);
      reports.add(DriftReportJson.writeString(report));
      states = report.driftStates();
    }
    return reports;
  }

  /** The report itself, after {@code previous} (the drift states of the version's previous report). */
  public static DriftReport expected(ModelArtifact artifact, DriftSettings settings, List<Event> events,
      long windowStartMs, long windowSizeMs, long lateRecords, Map<RejectReason, Long> rejected,
      DriftStates previous) {
    DriftDetector detector = DriftDetector.create(artifact, settings);
    LinearScorer scorer = new LinearScorer(artifact);
    WindowSummary summary = detector.newSummary();
    double[] contributions = new double[artifact.featureCount()];
    for (Event event : events) {
      summary.update(event.features(), scorer.explain(event.features(), contributions));
    }
    return detector.evaluate(summary, Instant.ofEpochMilli(windowStartMs),
        Instant.ofEpochMilli(windowStartMs + windowSizeMs), lateRecords, rejected, previous);
  }
}
