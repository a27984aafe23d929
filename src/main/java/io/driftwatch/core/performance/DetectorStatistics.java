package io.driftwatch.core.performance;

import java.util.List;

/**
 * A snapshot of {@link ConceptAlarmDetector}'s CUSUM statistics beside their thresholds, for dashboards: a statistic
 * reaching its threshold is an alarm.
 *
 * @param modelVersion the model version the detector judges
 * @param features the features with an association CUSUM, in artifact order
 * @param association per feature, the larger side of its two-sided association CUSUM (standardized score units)
 * @param error the error-level CUSUM (units of sd₀, see {@link ConceptCusum})
 * @param associationThreshold the association CUSUMs' alarm threshold
 * @param errorThreshold the error CUSUM's alarm threshold
 * @param labels labels the detector has seen
 */
public record DetectorStatistics(
    String modelVersion,
    List<String> features,
    double[] association,
    double error,
    double associationThreshold,
    double errorThreshold,
    long labels) {}
