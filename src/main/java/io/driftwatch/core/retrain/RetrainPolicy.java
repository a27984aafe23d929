package io.driftwatch.core.retrain;

import io.driftwatch.core.train.TrainingOptions;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Optional;

/**
 * When {@code retrain} trains at all, how it splits, and what "better" means (see {@code docs/retrain.md}).
 *
 * @param minLabels fewest distinct labelled outcomes to retrain on ({@code --min-labels})
 * @param holdoutFraction share of the newest rows held out to compare champion and challenger on ({@code --holdout})
 * @param minHoldoutRows fewest holdout rows the paired test is run on
 * @param margin the challenger must have an RMSE at most {@code (1 − margin)} times the champion's: 0.02 asks for 2 %
 *     lower ({@code --margin})
 * @param significanceLevel level of the one-sided paired t-test, and 1 − confidence of the bootstrap bound
 * @param bootstrapResamples resamples of the holdout rows for the bootstrap bound
 * @param bootstrapSeed seed of those resamples (NumPy's legacy {@code RandomState}), so a comparison is repeatable
 */
public record RetrainPolicy(
    int minLabels,
    double holdoutFraction,
    int minHoldoutRows,
    double margin,
    double significanceLevel,
    int bootstrapResamples,
    long bootstrapSeed) {

  public static final int DEFAULT_MIN_LABELS = 500;
  public static final double DEFAULT_HOLDOUT = 0.2;
  public static final int DEFAULT_MIN_HOLDOUT_ROWS = 30;
  public static final double DEFAULT_MARGIN = 0.02;
  public static final double DEFAULT_SIGNIFICANCE_LEVEL = 0.05;
  public static final int DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
  public static final long DEFAULT_BOOTSTRAP_SEED = 42;

  public RetrainPolicy {
    if (minLabels < 1) {
      throw new IllegalArgumentException("min labels must be at least 1, was " + minLabels);
    }
    HoldoutSplit.holdoutRows(1, holdoutFraction); // checks the fraction
    if (minHoldoutRows < 2) {
      throw new IllegalArgumentException("the paired test needs at least 2 holdout rows, min holdout rows was "
          + minHoldoutRows);
    }
    if (!(margin >= 0 && margin < 1)) {
      throw new IllegalArgumentException("margin must be in [0, 1), was " + margin);
    }
    if (!(significanceLevel > 0 && significanceLevel < 0.5)) {
      throw new IllegalArgumentException("significance level must be in (0, 0.5), was " + significanceLevel);
    }
    if (bootstrapResamples < 100) {
      throw new IllegalArgumentException("bootstrap resamples must be at least 100, was " + bootstrapResamples);
    }
    if (bootstrapSeed < 0 || bootstrapSeed > 0xffffffffL) {
      throw new IllegalArgumentException("bootstrap seed must be between 0 and 4294967295, was " + bootstrapSeed);
    }
  }

  /** At least 500 labels, the newest 20 % held out (at least 30 rows), 2 % lower RMSE, level 0.05, 2 000 resamples. */
  public static RetrainPolicy defaults() {
    return new RetrainPolicy(DEFAULT_MIN_LABELS, DEFAULT_HOLDOUT, DEFAULT_MIN_HOLDOUT_ROWS, DEFAULT_MARGIN,
        DEFAULT_SIGNIFICANCE_LEVEL, DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED);
  }

  public RetrainPolicy withMinLabels(int value) {
    return new RetrainPolicy(value, holdoutFraction, minHoldoutRows, margin, significanceLevel, bootstrapResamples,
        bootstrapSeed);
  }

  public RetrainPolicy withHoldoutFraction(double value) {
    return new RetrainPolicy(minLabels, value, minHoldoutRows, margin, significanceLevel, bootstrapResamples,
        bootstrapSeed);
  }

  public RetrainPolicy withMinHoldoutRows(int value) {
    return new RetrainPolicy(minLabels, holdoutFraction, value, margin, significanceLevel, bootstrapResamples,
        bootstrapSeed);
  }

  public RetrainPolicy withMargin(double value) {
    return new RetrainPolicy(minLabels, holdoutFraction, minHoldoutRows, value, significanceLevel, bootstrapResamples,
        bootstrapSeed);
  }

  public RetrainPolicy withSignificanceLevel(double value) {
    return new RetrainPolicy(minLabels, holdoutFraction, minHoldoutRows, margin, value, bootstrapResamples,
        bootstrapSeed);
  }

  public RetrainPolicy withBootstrap(int resamples, long seed) {
    return new RetrainPolicy(minLabels, holdoutFraction, minHoldoutRows, margin, significanceLevel, resamples, seed);
  }

  /**
   * Why {@code rows} are too few to retrain on with {@code options} ({@code train}'s pipeline), with the numbers; empty
   * when they are enough. In order: fewer than {@link #minLabels} distinct outcomes, a holdout smaller than {@link
   * #minHoldoutRows}, a training slice too small for {@code train}'s split and cross-validation.
   */
  public Optional<String> refusal(LabelledRows rows, TrainingOptions options) {
    int n = rows.size();
    if (n < minLabels) {
      String read = rows.duplicatesDropped() == 0 ? ""
          : " (" + rows.labelsRead() + " read, " + rows.duplicatesDropped() + " duplicate event ids dropped)";
      return Optional.of("have " + n + " labelled outcomes" + read + ", need " + minLabels + " (--min-labels)");
    }
    int holdout = HoldoutSplit.holdoutRows(n, holdoutFraction);
    if (holdout < minHoldoutRows) {
      return Optional.of(String.format(Locale.ROOT,
          "the holdout would have %d labelled outcomes (%s %% of %d, --holdout), need at least %d for the paired test",
          holdout, percent(holdoutFraction), n, minHoldoutRows));
    }
    int train = n - holdout;
    int fit = train - (int) Math.ceil(options.testSize() * train); // the training rows of train's own split
    int folds = Math.max(options.cvFolds(), options.ridgeFolds());
    if (fit < 2 * folds) {
      return Optional.of(String.format(Locale.ROOT,
          "the training slice would have %d labelled outcomes, %d after train's test split (test size %s); "
              + "%d-fold cross-validation needs at least %d",
          train, Math.max(fit, 0), plain(options.testSize()), folds, 2 * folds));
    }
    return Optional.empty();
  }

  private static String percent(double fraction) {
    return plain(fraction * 100);
  }

  /** A number without trailing zeros, to 6 significant digits: 0.2, 20, 12.5. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
