package io.driftwatch.core.retrain;

/**
 * The labelled rows split by time: the newest {@code ceil(fraction · n)} rows are the holdout, on which champion and
 * challenger are compared; the older rows train the challenger. No row of the holdout is older than a training row,
 * so the comparison asks what matters: which model predicts the most recent patients better. Deterministic: rows are
 * already in (event time, event id) order.
 *
 * @param train the oldest rows
 * @param holdout the newest rows
 */
public record HoldoutSplit(LabelledRows train, LabelledRows holdout) {

  /**
   * @param fraction share of rows held out, strictly between 0 and 1; {@code ceil(fraction · n)} rows, as {@code
   *     train}'s {@code --test-size}
   * @throws IllegalArgumentException the fraction is not in (0, 1), or leaves no row on one side
   */
  public static HoldoutSplit mostRecent(LabelledRows rows, double fraction) {
    int holdout = holdoutRows(rows.size(), fraction);
    int train = rows.size() - holdout;
    if (holdout < 1 || train < 1) {
      throw new IllegalArgumentException("a holdout of " + fraction + " of " + rows.size() + " rows leaves "
          + train + " to train and " + holdout + " to compare on");
    }
    return new HoldoutSplit(rows.range(0, train), rows.range(train, rows.size()));
  }

  /** How many of {@code rows} rows a holdout {@code fraction} holds: {@code ceil(fraction · rows)}. */
  public static int holdoutRows(int rows, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("holdout must be a fraction strictly between 0 and 1, was " + fraction);
    }
    return (int) Math.ceil(fraction * rows);
  }
}
