package io.driftwatch.core.train;

/**
 * Which rows train and which test, as scikit-learn's {@code train_test_split(X, y, test_size, random_state)} chooses
 * them: {@code ceil(testSize * n)} test rows, taken first from a legacy {@code RandomState(seed).permutation(n)}, the
 * rest for training, both in permutation order.
 *
 * @param train 0-based row indices of the training set
 * @param test 0-based row indices of the test set
 */
public record TrainTestSplit(int[] train, int[] test) {

  public static TrainTestSplit shuffled(int rows, double testSize, long seed) {
    if (!(testSize > 0 && testSize < 1)) {
      throw new IllegalArgumentException("test size must be a fraction strictly between 0 and 1, was " + testSize);
    }
    int testRows = (int) Math.ceil(testSize * rows);
    int trainRows = rows - testRows;
    if (trainRows <= 0) {
      throw new IllegalArgumentException(
          "with " + rows + " rows and test size " + testSize + " no rows are left for training");
    }
    int[] permutation = new LegacyRandomState(seed).permutation(rows);
    int[] test = new int[testRows];
    int[] train = new int[trainRows];
    System.arraycopy(permutation, 0, test, 0, testRows);
    System.arraycopy(permutation, testRows, train, 0, trainRows);
    return new TrainTestSplit(train, test);
  }
}
