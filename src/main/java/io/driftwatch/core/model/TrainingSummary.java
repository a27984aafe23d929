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
 * @param alphaGrid the alphas cross-validation compared, in the descending order of the regularisation path (empty if
 *     not recorded)
 * @param cvMse for each alpha of {@code alphaGrid}, the mean over folds of the held-out mean squared error; the
 *     chosen alpha has the lowest
 */
public record TrainingSummary(
    String dataSource,
    long seed,
    double testSize,
    int cvFolds,
    Metrics train,
    Metrics test,
    double[] alphaGrid,
    double[] cvMse) {

  /** A summary without the cross-validation curve. */
  public TrainingSummary(String dataSource, long seed, double testSize, int cvFolds, Metrics train, Metrics test) {
    this(dataSource, seed, testSize, cvFolds, train, test, new double[0], new double[0]);
  }
}
