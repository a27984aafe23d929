package io.driftwatch.core.model;

/**
 * Where a retrained model came from (schema 3, written by {@code retrain}): the model it was trained to replace, the
 * labelled outcomes it was trained and judged on, and the code that trained it. Not part of the model's identity:
 * {@link ModelArtifactJson#contentVersion} leaves it out, so the same model has the same {@code model_version} with
 * or without it.
 *
 * @param parentModelVersion {@code model_version} of the champion the model was compared with
 * @param firstEventTime ISO-8601 instant of the oldest labelled outcome used (training slice)
 * @param lastEventTime ISO-8601 instant of the newest labelled outcome used (holdout slice)
 * @param labelsRead labelled outcomes read, duplicates included
 * @param duplicatesDropped of those, outcomes dropped because an earlier one had the same {@code event_id}
 * @param trainRows labelled outcomes the model was trained on (the oldest)
 * @param holdoutRows labelled outcomes held out to compare it with its parent (the newest);
 *     {@code trainRows + holdoutRows + duplicatesDropped = labelsRead}
 * @param codeVersion version of the driftwatch that trained it, e.g. {@code driftwatch 0.1.0}
 */
public record Lineage(
    String parentModelVersion,
    String firstEventTime,
    String lastEventTime,
    long labelsRead,
    long duplicatesDropped,
    long trainRows,
    long holdoutRows,
    String codeVersion) {}
