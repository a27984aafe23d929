package io.driftwatch.core.model;

import java.util.List;

/**
 * What "normal" looks like, frozen at training time: the distribution of every feature (in raw units, as events carry
 * them), of the model's predictions on the training rows, and of its out-of-fold residuals.
 */
public record ReferenceProfile(
    List<DistributionProfile> features, DistributionProfile prediction, ResidualProfile residuals) {}
