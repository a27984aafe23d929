package io.driftwatch.core.performance;

/**
 * The thresholds of {@link ConceptAlarmDetector}, fitted by simulation at construction (deterministic for a given
 * artifact and settings, so they can be cached per model version).
 *
 * @param association threshold of every feature's two-sided association CUSUM
 * @param error threshold of the error CUSUM
 * @param associationK reference value k of the association CUSUMs (standardized score units)
 * @param errorK reference value of the error CUSUM (units of sd₀, the reference σ of r²/σ_r²)
 * @param falseAlarmRate target probability of any alarm in a stable run of {@code horizonLabels} labels, split equally
 *     between the two groups
 * @param horizonLabels the run length of that target
 * @param calibrationRuns simulated stable runs
 * @param simulatedLabels labels per simulated run (the maxima are extrapolated from it to the horizon)
 * @param associationScale fitted Gumbel scale β of the association group's run maximum
 * @param errorScale fitted Gumbel scale β of the error CUSUM's run maximum
 */
public record AlarmThresholds(
    double association,
    double error,
    double associationK,
    double errorK,
    double falseAlarmRate,
    long horizonLabels,
    int calibrationRuns,
    long simulatedLabels,
    double associationScale,
    double errorScale) {}
