package io.driftwatch.core.model;

/**
 * How the model was trained: the split, the cross-validation, and its scores.
 *
 * @param dataSource where the rows came from (a file name or {@code bundled:diabetes.csv})
 * @param seed the {@code random_state} of the train/test split
 * @param testSize fraction of rows held out
 * @param cvFolds folds used to choose alpha
 * @param train metrics on the training rows
 * @param test metrics on the held-out rows
 */
public record TrainingSummary(
    String dataSource, long seed, double testSize, int cvFolds, Metrics train, Metrics test) {}
