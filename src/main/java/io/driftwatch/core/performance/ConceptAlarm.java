package io.driftwatch.core.performance;

import java.util.List;

/**
 * A sequential concept-drift alarm, raised by {@link ConceptAlarmDetector} on the label that crossed a threshold.
 *
 * @param eventTimeMs event time of that label's outcome, epoch milliseconds
 * @param detector {@value #ASSOCIATION} (a feature's effect changed) or {@value #ERROR} (the error level rose)
 * @param statistic the crossing CUSUM's value (standardized score units)
 * @param threshold its threshold
 * @param attribution the features whose association CUSUM is above its threshold, the crossing one first, then by
 *     statistic / threshold; each with the effect change since its CUSUM last left zero and an approximate,
 *     uncorrected one-sided p-value (see {@link ConceptAlarmDetector}). Usually empty for an error alarm.
 */
public record ConceptAlarm(
    long eventTimeMs, String detector, double statistic, double threshold, List<Attribution> attribution) {

  public static final String ASSOCIATION = "cusum-association";
  public static final String ERROR = "cusum-error";

  public ConceptAlarm {
    attribution = List.copyOf(attribution);
  }
}
