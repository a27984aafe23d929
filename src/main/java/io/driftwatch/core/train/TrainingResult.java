package io.driftwatch.core.train;

import io.driftwatch.core.model.ModelArtifact;

/** What training produces: the artifact to save and serve, and the report to print. */
public record TrainingResult(ModelArtifact artifact, TrainingReport report) {}
