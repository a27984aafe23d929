package io.driftwatch.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Unshuffled K-fold cross-validation, as scikit-learn's {@code KFold(k)} (what {@code cv=k} means for a regressor):
 * consecutive blocks of rows are held out in turn, the first {@code n % k} blocks one row longer.
 */
public final class KFold {

  /** One round: fit on {@code train}, score on {@code test} (row positions, ascending). */
  public record Fold(int[] train, int[] test) {}

  private KFold() {}

  public static List<Fold> split(int rows, int folds) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, was " + folds);
    }
    if (rows < folds) {
      throw new IllegalArgumentException("cannot make " + folds + " folds from " + rows + " rows");
    }
    List<Fold> result = new ArrayList<>(folds);
    int start = 0;
    for (int f = 0; f < folds; f++) {
      int size = rows / folds + (f < rows % folds ? 1 : 0);
      int[] test = new int[size];
      int[] train = new int[rows - size];
      for (int i = 0, t = 0; i < rows; i++) {
        if (i >= start && i < start + size) {
          test[i - start] = i;
        } else {
          train[t++] = i;
        }
      }
      result.add(new Fold(train, test));
      start += size;
    }
    return result;
  }
}
