package io.driftwatch.core.retrain;

import io.driftwatch.core.model.TrainingSummary;
import io.driftwatch.core.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link TrainingOptions} a challenger is trained with: what the champion's artifact records of its training
 * ({@code training.seed}, {@code test_size}, {@code cv_folds}, {@code alpha_grid}), and {@code train}'s defaults for
 * what it does not record.
 *
 * @param options the options to train the challenger with
 * @param notRecorded the settings taken from {@link TrainingOptions#defaults()} because the artifact does not record
 *     them and that change the model, in words, e.g. {@code max_iter 10000 and tol 0.0001 of coordinate descent}
 */
public record InheritedOptions(TrainingOptions options, List<String> notRecorded) {

  /**
   * Never recorded, so listed in {@link #notRecorded}: coordinate descent's {@code max_iter} and {@code tol} ({@code
   * train} has no option for them, so every artifact so far was trained with the defaults). Not recorded either, and
   * not listed because they do not change the model: the settings of the OLS, Ridge and fixed-alpha LASSO that {@code
   * train}'s report compares with. The alpha grid comes from the defaults only when the artifact has none (it may be
   * empty), and is then listed.
   */
  public static InheritedOptions from(TrainingSummary training) {
    TrainingOptions defaults = TrainingOptions.defaults();
    List<String> notRecorded = new ArrayList<>();
    double[] grid = training.alphaGrid();
    if (grid == null || grid.length == 0) {
      grid = defaults.lassoAlphas();
      notRecorded.add("alpha grid: logspace(-3, 0, 100)");
    }
    notRecorded.add("max_iter " + defaults.maxSweeps() + " and tol " + RetrainPolicy.plain(defaults.tol())
        + " of coordinate descent");
    TrainingOptions options = new TrainingOptions(training.seed(), training.testSize(), training.cvFolds(),
        defaults.ridgeAlphas(), grid, defaults.ridgeAlpha(), defaults.ridgeFolds(), defaults.lassoAlpha(),
        defaults.maxSweeps(), defaults.tol());
    return new InheritedOptions(options, List.copyOf(notRecorded));
  }
}
