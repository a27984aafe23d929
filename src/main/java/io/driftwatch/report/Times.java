package io.driftwatch.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Objects;

/**
 * Instants as the page shows them, in UTC like the reports: as short as the windows allow ("10:41" when every window
 * lies on one day and starts on a whole minute, "2026-11-24 10:41:30" otherwise).
 */
final class Times {

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final boolean withDate;
  private final boolean withSeconds;

  private Times(boolean withDate, boolean withSeconds) {
    this.withDate = withDate;
    this.withSeconds = withSeconds;
  }

  /** The shortest style that tells {@code instants} apart by day and second. */
  static Times fitting(Collection<Instant> instants) {
    long days = instants.stream().filter(Objects::nonNull)
        .map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC)).distinct().count();
    boolean seconds = instants.stream().filter(Objects::nonNull).anyMatch(t -> t.getEpochSecond() % 60 != 0);
    return new Times(days > 1, seconds);
  }

  /** The instant an ISO-8601 text names; null when absent or unreadable (older or foreign reports). */
  static Instant parse(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** "10:41", or with the date when the windows span several days. */
  String format(Instant t) {
    if (t == null) {
      return Formats.NONE;
    }
    return (withDate ? DATE.format(t) + " " : "") + clock(t);
  }

  /** "10:41–10:42"; the end's date only when it differs from the start's. */
  String range(Instant start, Instant end) {
    if (start == null || end == null) {
      return start == null && end == null ? Formats.NONE : format(start == null ? end : start);
    }
    boolean sameDay = DATE.format(start).equals(DATE.format(end));
    return format(start) + "–" + (withDate && !sameDay ? DATE.format(end) + " " : "") + clock(end);
  }

  private String clock(Instant t) {
    return (withSeconds ? SECONDS : MINUTES).format(t);
  }

  /** What a window without times (a batch without event_time) is called. */
  static final String NO_TIMES = "no event times";

  /** "2026-11-24 10:36–10:44 UTC", always with the date: for the header. */
  static String span(Instant start, Instant end, boolean withSeconds) {
    if (start == null || end == null) {
      return NO_TIMES;
    }
    DateTimeFormatter clock = withSeconds ? SECONDS : MINUTES;
    String endDate = DATE.format(end).equals(DATE.format(start)) ? "" : DATE.format(end) + " ";
    return DATE.format(start) + " " + clock.format(start) + "–" + endDate + clock.format(end) + " UTC";
  }

  /** "2026-11-24 11:02:13 UTC". */
  static String stamp(Instant t) {
    return DATE.format(t) + " " + SECONDS.format(t) + " UTC";
  }

  boolean withSeconds() {
    return withSeconds;
  }
}
