package io.driftwatch.core.retrain;

import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.Metrics;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Compares the champion (the model in use) with a challenger on the same holdout rows, and decides whether the
 * challenger should replace it.
 *
 * <p><b>Decision rule</b>: publish if and only if all three hold, at margin m and level α (defaults 0.02 and 0.05):
 *
 * <ol>
 *   <li>challenger RMSE ≤ (1 − m) × champion RMSE on the holdout;
 *   <li>the one-sided paired t-test of the squared errors ({@link PairedTTest}) gives p &lt; α;
 *   <li>the bootstrap's one-sided (1 − α) upper bound of challenger RMSE − (1 − m) × champion RMSE ({@link
 *       BootstrapRmse#marginUpperBound()}) is below 0.
 * </ol>
 *
 * The t-test is the exact, documented test; the bootstrap asks the same question without assuming the mean of squared
 * errors (a heavy-tailed quantity) is normally distributed, so a few huge errors cannot carry the decision alone.
 */
public final class ChampionChallenger {

  /** How many of the most changed coefficients a comparison lists. */
  public static final int LARGEST_CHANGES = 5;

  private ChampionChallenger() {}

  /**
   * @param champion the model in use
   * @param challenger the model trained to replace it, on the same features (names and order)
   * @param holdout the rows neither was trained on, at least 2
   * @throws IllegalArgumentException the models' features differ, or too few holdout rows
   */
  public static Comparison compare(
      ModelArtifact champion, ModelArtifact challenger, LabelledRows holdout, RetrainPolicy policy) {
    if (!Arrays.equals(champion.featureNames(), challenger.featureNames())) {
      throw new IllegalArgumentException("the challenger's features " + Arrays.toString(challenger.featureNames())
          + " are not the champion's " + Arrays.toString(champion.featureNames()));
    }
    if (!holdout.featureNames().equals(List.of(champion.featureNames()))) {
      throw new IllegalArgumentException("the holdout's features " + holdout.featureNames()
          + " are not the champion's " + Arrays.toString(champion.featureNames()));
    }
    int n = holdout.size();
    if (n < 2) {
      throw new IllegalArgumentException("a comparison needs at least 2 holdout rows, got " + n);
    }
    double[] y = holdout.outcomes();
    double[] championPredictions = predict(champion, holdout);
    double[] challengerPredictions = predict(challenger, holdout);
    double[] championErrors = squaredErrors(y, championPredictions);
    double[] challengerErrors = squaredErrors(y, challengerPredictions);
    Metrics championScore = Scores.of(y, championPredictions);
    Metrics challengerScore = Scores.of(y, challengerPredictions);

    double margin = policy.margin();
    double alpha = policy.significanceLevel();
    PairedTTest test = PairedTTest.of(challengerErrors, championErrors, margin);
    BootstrapRmse bootstrap = BootstrapRmse.of(challengerErrors, championErrors, margin, alpha,
        policy.bootstrapResamples(), policy.bootstrapSeed());
    Comparison.Decision decision = decide(championScore, challengerScore, test, bootstrap, margin, alpha);

    double[] before = champion.model().coefficients();
    double[] after = inChampionUnits(champion, challenger);
    String[] names = champion.featureNames();
    List<Comparison.CoefficientChange> changes = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (int j = 0; j < names.length; j++) {
      double change = after[j] - before[j];
      if (change != 0) {
        changes.add(new Comparison.CoefficientChange(names[j], before[j], after[j], change));
      }
      if (before[j] != 0 && after[j] == 0) {
        dropped.add(names[j]);
      } else if (before[j] == 0 && after[j] != 0) {
        added.add(names[j]);
      }
    }
    // Largest |change| first; the sort is stable, so ties keep feature order.
    changes.sort(Comparator.comparingDouble((Comparison.CoefficientChange c) -> Math.abs(c.change())).reversed());
    List<Comparison.CoefficientChange> largest = List.copyOf(changes.subList(0, Math.min(LARGEST_CHANGES,
        changes.size())));

    return new Comparison(champion.modelName(), holdout.firstEventTimeMs(), holdout.lastEventTimeMs(),
        new Comparison.ModelScore(champion.modelVersion(), champion.model().alpha(), championScore),
        new Comparison.ModelScore(challenger.modelVersion(), challenger.model().alpha(), challengerScore),
        margin, alpha, test, bootstrap, decision, largest, List.copyOf(dropped), List.copyOf(added));
  }

  static Comparison.Decision decide(Metrics champion, Metrics challenger, PairedTTest test, BootstrapRmse bootstrap,
      double margin, double alpha) {
    double keep = 1 - margin;
    double bar = keep * champion.rmse();
    boolean beatsMargin = challenger.rmse() <= bar;
    Comparison.Check rmse = new Comparison.Check(Comparison.Check.RMSE_MARGIN, beatsMargin, String.format(
        Locale.ROOT, "challenger RMSE %.2f %s %s x champion RMSE %.2f = %.2f", challenger.rmse(),
        beatsMargin ? "<=" : ">", RetrainPolicy.plain(keep), champion.rmse(), bar));
    boolean significant = test.pValue() < alpha;
    Comparison.Check t = new Comparison.Check(Comparison.Check.PAIRED_T_TEST, significant, String.format(
        Locale.ROOT, "one-sided paired t-test p = %s %s %s", pValue(test.pValue()), significant ? "<" : ">=",
        RetrainPolicy.plain(alpha)));
    boolean bounded = bootstrap.marginUpperBound() < 0;
    Comparison.Check b = new Comparison.Check(Comparison.Check.BOOTSTRAP, bounded, String.format(Locale.ROOT,
        "bootstrap %s %% upper bound of challenger - %s x champion RMSE %.2f %s 0",
        RetrainPolicy.plain(100 * (1 - alpha)), RetrainPolicy.plain(keep), bootstrap.marginUpperBound(),
        bounded ? "<" : ">="));
    return new Comparison.Decision(beatsMargin && significant && bounded, List.of(rmse, t, b));
  }

  /** A p-value as people read it: 0.0123, 0.87, 7.6e-07. */
  static String pValue(double p) {
    if (Double.isNaN(p)) {
      return "NaN";
    }
    return p >= 0.001 || p == 0 ? String.format(Locale.ROOT, "%.3g", p) : String.format(Locale.ROOT, "%.2g", p);
  }

  /** The challenger's coefficients per one champion σ: β_raw = coefficient / scale, times the champion's scale. */
  static double[] inChampionUnits(ModelArtifact champion, ModelArtifact challenger) {
    double[] coefficients = challenger.model().coefficients();
    double[] championScale = champion.scaler().scale();
    double[] challengerScale = challenger.scaler().scale();
    double[] converted = new double[coefficients.length];
    for (int j = 0; j < converted.length; j++) {
      converted[j] = coefficients[j] == 0 ? 0.0 : coefficients[j] / challengerScale[j] * championScale[j];
    }
    return converted;
  }

  private static double[] predict(ModelArtifact artifact, LabelledRows rows) {
    LinearScorer scorer = new LinearScorer(artifact);
    double[] predictions = new double[rows.size()];
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = scorer.predict(rows.features(i));
    }
    return predictions;
  }

  private static double[] squaredErrors(double[] actual, double[] predicted) {
    double[] errors = new double[actual.length];
    for (int i = 0; i < errors.length; i++) {
      double e = actual[i] - predicted[i];
      errors[i] = e * e;
    }
    return errors;
  }
}
