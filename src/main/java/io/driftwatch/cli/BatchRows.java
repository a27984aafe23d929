package io.driftwatch.cli;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.event.IsoInstants;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.ModelArtifact;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A batch CSV read for {@code drift} ({@link FeatureCsv}'s rules and words): the raw features of every row the stream
 * would score, in the model's order; the rows it would reject, counted by the stream's reasons (a row whose
 * {@code event_time} is no instant, or lies more than {@code input.max-future-skew} ahead of this machine's clock,
 * included); and the event-time range of the scored rows when an {@code event_time} column is present.
 *
 * @param rejected rejected rows per reason (only reasons that occurred)
 * @param firstRejection the first rejected row's message (file, line, column, reason), or null
 */
record BatchRows(List<double[]> rows, Instant firstEventTime, Instant lastEventTime,
    Map<RejectReason, Long> rejected, String firstRejection) {

  private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,16}");

  long rejectedCount() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * @param strict stop at the first row the stream would reject ({@link CsvFormatException}) instead of counting it
   * @param now this machine's clock, for {@code future_event_time}
   */
  static BatchRows read(Path file, ModelArtifact artifact, Collection<String> extraIdentifiers, boolean strict,
      Duration maxFutureSkew, Instant now) {
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    String[] first = new String[1];
    int[] firstLine = {Integer.MAX_VALUE};
    FeatureCsv csv = FeatureCsv.read(file, artifact, extraIdentifiers, strict ? null : row -> {
      rejected.merge(row.reason(), 1L, Long::sum);
      if (row.line() < firstLine[0]) {
        firstLine[0] = row.line();
        first[0] = row.message();
      }
    });
    int time = csv.header().indexOf(PatientEvent.EVENT_TIME);
    long latest = now.plus(maxFutureSkew).toEpochMilli();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    List<double[]> rows = new ArrayList<>(csv.rows().size());
    for (FeatureCsv.Row row : csv.rows()) {
      if (time >= 0) {
        String text = row.fields().get(time);
        long millis = EPOCH_MILLIS.matcher(text).matches() ? Long.parseLong(text) : IsoInstants.parse(text);
        RejectReason reason = null;
        String message = null;
        if (millis == IsoInstants.INVALID || millis > IsoInstants.MAX_MILLIS) {
          reason = RejectReason.INVALID_EVENT_TIME;
          message = PatientEventParser.eventTimeTextProblem(text);
        } else if (millis > latest) {
          reason = RejectReason.FUTURE_EVENT_TIME;
          message = "field 'event_time' is " + IsoInstants.format(millis) + ", more than input.max-future-skew="
              + maxFutureSkew + " ahead of this machine's clock (" + IsoInstants.format(now.toEpochMilli()) + ")";
        }
        if (reason != null) {
          String where = (time + 1) + " (" + PatientEvent.EVENT_TIME + ")";
          CsvFormatException e = new CsvFormatException(csv.source(), row.line(), where, message);
          if (strict) {
            throw e;
          }
          rejected.merge(reason, 1L, Long::sum);
          if (row.line() < firstLine[0]) {
            firstLine[0] = row.line();
            first[0] = e.getMessage();
          }
          continue;
        }
        min = Math.min(min, millis);
        max = Math.max(max, millis);
      }
      rows.add(row.features());
    }
    boolean timed = time >= 0 && !rows.isEmpty();
    return new BatchRows(List.copyOf(rows), timed ? Instant.ofEpochMilli(min) : null,
        timed ? Instant.ofEpochMilli(max) : null, Map.copyOf(rejected), first[0]);
  }
}
