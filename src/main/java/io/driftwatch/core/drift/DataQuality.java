package io.driftwatch.core.drift;

import io.driftwatch.core.event.RejectReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The records a report covers and those that could not be scored: a unit error (bp in kPa: {@code out_of_range})
 * shows in the drift report itself, not only on the dead-letter topic. In the stream, {@code rejected} counts the
 * records the scoring step dead-lettered since the previous report (like {@code late_records}), whatever their event
 * time: a rejected record may have none. Dead letters made by the processing exception handler
 * ({@code processing_error}) are not counted here.
 *
 * @param records the window's scored records ({@code count}) plus {@code rejected}
 * @param rejected records rejected, all reasons
 * @param byReason rejected records per reason, only reasons with at least one, in {@link RejectReason} order
 */
public record DataQuality(long records, long rejected, Map<RejectReason, Long> byReason) {

  public DataQuality {
    EnumMap<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
    byReason.forEach((reason, n) -> {
      if (n < 0) {
        throw new IllegalArgumentException("negative count of " + reason.code() + " records: " + n);
      }
      if (n > 0) {
        copy.put(reason, n);
      }
    });
    byReason = Collections.unmodifiableMap(copy);
  }

  /** A window of {@code scored} records and the records rejected, per reason, over the same interval. */
  public static DataQuality of(long scored, Map<RejectReason, Long> rejected) {
    long total = 0;
    for (long n : rejected.values()) {
      total += n;
    }
    return new DataQuality(scored + total, total, rejected);
  }

  /** Rejected / records; {@code NaN} when there were no records at all. */
  public double rejectedShare() {
    return records == 0 ? Double.NaN : (double) rejected / records;
  }

  /** Rejected records of {@code reason} (0 when none). */
  public long rejected(RejectReason reason) {
    return byReason.getOrDefault(reason, 0L);
  }
}
