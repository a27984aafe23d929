package io.driftwatch.cli;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.data.CsvTable;
import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch CSV read for {@code drift}: every row's raw features in the model's order, validated as the stream validates
 * an event, and the batch's event-time range when an {@code event_time} column is present.
 */
record BatchRows(List<double[]> rows, Instant firstEventTime, Instant lastEventTime) {

  static final String EVENT_TIME = "event_time";

  static BatchRows read(Path file, ModelArtifact artifact) {
    CsvTable table;
    try {
      table = CsvTable.read(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CsvFormatException(file.toString(), 0, null, "no such file");
    } catch (IOException e) {
      throw new CsvFormatException(file.toString(), 0, null, "cannot be read: " + e.getMessage());
    }
    List<FeatureSpec> features = artifact.features();
    int[] columns = new int[features.size()];
    for (int j = 0; j < features.size(); j++) {
      columns[j] = table.columnIndex(features.get(j).name());
      if (columns[j] < 0) {
        throw new CsvFormatException(table.source(), 1, null, "no column for feature '" + features.get(j).name()
            + "'; the model's features are " + String.join(", ", artifact.featureNames()));
      }
    }
    int time = table.columnIndex(EVENT_TIME);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    List<double[]> rows = new ArrayList<>(table.rowCount());
    for (int i = 0; i < table.rowCount(); i++) {
      double[] raw = new double[features.size()];
      for (int j = 0; j < features.size(); j++) {
        FeatureSpec spec = features.get(j);
        double value = table.number(i, columns[j]);
        String text = table.fields(i)[columns[j]];
        if (!spec.inRange(value) || !spec.accepts(value)) {
          throw new CsvFormatException(table.source(), table.lineOf(i), table.columnLabel(columns[j]),
              "feature '" + spec.name() + "' = " + text + " is not accepted");
        }
        raw[j] = value;
      }
      if (time >= 0) {
        long millis = IsoInstants.parse(table.fields(i)[time]);
        if (millis == IsoInstants.INVALID) {
          throw new CsvFormatException(table.source(), table.lineOf(i), table.columnLabel(time),
              "'" + table.fields(i)[time] + "' is not an ISO-8601 instant");
        }
        first = Math.min(first, millis);
        last = Math.max(last, millis);
      }
      rows.add(raw);
    }
    if (rows.isEmpty()) {
      throw new CsvFormatException(table.source(), 1, null, "no rows after the header");
    }
    return new BatchRows(List.copyOf(rows), time < 0 ? null : Instant.ofEpochMilli(first),
        time < 0 ? null : Instant.ofEpochMilli(last));
  }
}
