package io.driftwatch.core.retrain;

import io.driftwatch.core.model.Metrics;
import java.util.List;

/**
 * Champion and challenger on the same holdout rows: their scores, the paired test, the bootstrap bound, the decision,
 * and how the coefficients moved. Built by {@link ChampionChallenger#compare}.
 *
 * @param modelName the model's name (champion and challenger share it)
 * @param holdoutFirstEventTimeMs event time of the oldest holdout row, epoch ms
 * @param holdoutLastEventTimeMs event time of the newest holdout row, epoch ms
 * @param champion the model in use
 * @param challenger the model trained on the older rows
 * @param margin the policy's margin
 * @param significanceLevel the policy's level α
 * @param tTest one-sided paired t-test of the squared errors, margin included
 * @param bootstrap bootstrap interval of the RMSE difference and one-sided bound of the margin difference
 * @param decision publish or not, and why
 * @param largestChanges the coefficients that changed most (at most 5, largest |change| first)
 * @param dropped features the champion uses and the challenger's LASSO set to 0, in feature order
 * @param added features the champion's LASSO set to 0 and the challenger uses, in feature order
 */
public record Comparison(
    String modelName,
    long holdoutFirstEventTimeMs,
    long holdoutLastEventTimeMs,
    ModelScore champion,
    ModelScore challenger,
    double margin,
    double significanceLevel,
    PairedTTest tTest,
    BootstrapRmse bootstrap,
    Decision decision,
    List<CoefficientChange> largestChanges,
    List<String> dropped,
    List<String> added) {

  /** Rows of the holdout both models were scored on. */
  public int holdoutRows() {
    return champion.holdout().rows();
  }

  /**
   * One model on the holdout.
   *
   * @param modelVersion its {@code model_version}
   * @param alpha its LASSO alpha
   * @param holdout RMSE and R² (scikit-learn's {@code mean_squared_error}, square-rooted, and {@code r2_score}) on
   *     the holdout rows
   */
  public record ModelScore(String modelVersion, double alpha, Metrics holdout) {}

  /**
   * Whether the challenger should replace the champion: only if every check passed.
   *
   * @param publish every check passed
   * @param checks the three checks, in the order {@link Check#RMSE_MARGIN}, {@link Check#PAIRED_T_TEST}, {@link
   *     Check#BOOTSTRAP}
   */
  public record Decision(boolean publish, List<Check> checks) {

    /** The checks that failed: why the champion stays. Empty when publishing. */
    public List<Check> failed() {
      return checks.stream().filter(c -> !c.passed()).toList();
    }
  }

  /**
   * One condition of the decision rule, with the numbers it compared.
   *
   * @param name {@value #RMSE_MARGIN}, {@value #PAIRED_T_TEST} or {@value #BOOTSTRAP}
   * @param passed whether it holds
   * @param detail the comparison in words, e.g. {@code challenger RMSE 55.90 <= 0.98 x champion RMSE 61.52 = 60.29}
   */
  public record Check(String name, boolean passed, String detail) {
    public static final String RMSE_MARGIN = "rmse_margin";
    public static final String PAIRED_T_TEST = "paired_t_test";
    public static final String BOOTSTRAP = "bootstrap";
  }

  /**
   * One feature's coefficient in both models, each per one standard deviation of the champion's training data (the
   * champion's own standardized coefficient, and the challenger's rescaled from its scaler to the champion's), so that
   * the same raw effect gives the same number.
   *
   * @param feature the feature's name
   * @param champion the champion's coefficient (target units per champion σ)
   * @param challenger the challenger's coefficient, same units
   * @param change challenger − champion
   */
  public record CoefficientChange(String feature, double champion, double challenger, double change) {}
}
