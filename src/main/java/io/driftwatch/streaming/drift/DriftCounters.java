package io.driftwatch.streaming.drift;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.windows.TaskWindows;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counters data drift's windows keep beside their summaries ({@link TaskWindows}'s counters, sent on heartbeats
 * and summed per report by the merge stage): records that came too late ({@link TaskWindows#LATE}), then records
 * rejected by scoring, one counter per {@link RejectReason} in declaration order. Positions are persisted (task store,
 * merge store, heartbeats): reasons are only ever appended, and state written with fewer counters reads as zeros for
 * the rest.
 */
final class DriftCounters {

  /** How many counters: late, then one per reason. */
  static final int COUNT = 1 + RejectReason.values().length;

  private DriftCounters() {}

  /** The counter of records rejected for {@code reason}. */
  static int rejected(RejectReason reason) {
    return 1 + reason.ordinal();
  }

  /** The rejected counts among {@code counters}, reasons with none left out. */
  static Map<RejectReason, Long> rejected(long[] counters) {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      int index = rejected(reason);
      if (index < counters.length && counters[index] != 0) {
        byReason.put(reason, counters[index]);
      }
    }
    return byReason;
  }
}
