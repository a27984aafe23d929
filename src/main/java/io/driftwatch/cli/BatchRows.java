package io.driftwatch.cli;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.model.ModelArtifact;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A batch CSV read for {@code drift} ({@link FeatureCsv}'s rules and words): every row's raw features in the model's
 * order, and the batch's event-time range when an {@code event_time} column is present.
 */
record BatchRows(List<double[]> rows, Instant firstEventTime, Instant lastEventTime) {

  static BatchRows read(Path file, ModelArtifact artifact, Collection<String> extraIdentifiers) {
    FeatureCsv csv = FeatureCsv.read(file, artifact, extraIdentifiers);
    int time = csv.header().indexOf(PatientEvent.EVENT_TIME);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    List<double[]> rows = new ArrayList<>(csv.rows().size());
    for (FeatureCsv.Row row : csv.rows()) {
      if (time >= 0) {
        String text = row.fields().get(time);
        long millis = IsoInstants.parse(text);
        if (millis == IsoInstants.INVALID) {
          throw new CsvFormatException(csv.source(), row.line(), (time + 1) + " (" + PatientEvent.EVENT_TIME + ")",
              PatientEventParser.eventTimeTextProblem(text));
        }
        first = Math.min(first, millis);
        last = Math.max(last, millis);
      }
      rows.add(row.features());
    }
    return new BatchRows(List.copyOf(rows), time < 0 ? null : Instant.ofEpochMilli(first),
        time < 0 ? null : Instant.ofEpochMilli(last));
  }
}
