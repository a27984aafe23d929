package io.driftwatch.streaming.config;

import io.driftwatch.core.performance.ConceptSettings;
import java.time.Duration;

/**
 * How the stream monitors concept drift ({@code concept.*} and {@code labels.*} keys, checked by
 * {@link DriftwatchConfig}); windows use the {@code drift.window.*} settings.
 *
 * @param enabled {@code concept.enabled}: join outcomes to predictions and report model performance
 * @param horizon {@code labels.horizon}: how long a prediction waits for its outcome; then it has expired
 * @param outcomeWait {@code labels.outcome-wait}: how long an outcome that came before its prediction waits for it
 *     (predictions are read back from their topic, a commit or a stall later); then it is dead-lettered
 * @param publishLabelled {@code labels.publish}: write each joined outcome with its prediction's raw features to
 *     {@code topics.labelled-events} (for {@code retrain}); predictions then carry their raw features in a binary
 *     header ({@link io.driftwatch.streaming.scoring.FeatureHeader}). Only with {@code enabled}
 * @param statistics the windows' decision rule and the sequential alarm ({@code concept.*})
 */
public record ConceptConfig(boolean enabled, Duration horizon, Duration outcomeWait, boolean publishLabelled,
    ConceptSettings statistics) {

  public static final String ENABLED = "concept.enabled";
  public static final String HORIZON = "labels.horizon";
  public static final String OUTCOME_WAIT = "labels.outcome-wait";
  public static final String PUBLISH_LABELLED = "labels.publish";

  /** The notebook's target is measured a year after baseline: a little more than a year. */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(400);
  /** Longer than a rebalance or a stalled commit; outcomes usually come days after their prediction anyway. */
  public static final Duration DEFAULT_OUTCOME_WAIT = Duration.ofMinutes(2);

  public static ConceptConfig defaults() {
    return new ConceptConfig(true, DEFAULT_HORIZON, DEFAULT_OUTCOME_WAIT, true, ConceptSettings.defaults());
  }

  /** Whether the labelled-events topic is written (and predictions carry the features header). */
  public boolean labelledEvents() {
    return enabled && publishLabelled;
  }
}
