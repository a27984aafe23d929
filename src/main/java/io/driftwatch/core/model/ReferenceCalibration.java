package io.driftwatch.core.model;

/**
 * The significance level the drift detector would calibrate for this reference and {@link #settings()}, computed once
 * where the model is made ({@code reference.calibration}, optional in schema {@value
 * ModelArtifact#CALIBRATION_SCHEMA_VERSION}) so that a service need not resample the reference (seconds of CPU) at
 * every start. Derived from the reference and the settings, so not part of the model's identity: {@link
 * ModelArtifactJson#contentVersion} leaves it out, like {@code lineage}.
 *
 * @param methodVersion version of the resampling procedure that computed it; a service whose procedure has another
 *     version resamples instead, &gt;= 1
 * @param settings the drift settings it holds for
 * @param significanceLevel the level Holm-adjusted p-values are compared with, in (0, {@code
 *     settings.falseAlarmRate}]
 * @param simulatedFalseAlarmRate share of the simulated drift-free windows flagged at that level, in [0, 1]
 */
public record ReferenceCalibration(
    int methodVersion,
    CalibrationSettings settings,
    double significanceLevel,
    double simulatedFalseAlarmRate) {}
