package io.driftwatch.streaming.config;

import io.driftwatch.core.performance.ConceptSettings;
import java.time.Duration;

/**
 * How the stream monitors concept drift ({@code concept.*} and {@code labels.*} keys, checked by
 * {@link DriftwatchConfig}); windows use the {@code drift.window.*} settings.
 *
 * @param enabled {@code concept.enabled}: join outcomes to predictions and report model performance
 * @param horizon {@code labels.horizon}: how long a prediction waits for its outcome; then it has expired
 * @param statistics the windows' decision rule and the sequential alarm ({@code concept.*})
 */
public record ConceptConfig(boolean enabled, Duration horizon, ConceptSettings statistics) {

  public static final String ENABLED = "concept.enabled";
  public static final String HORIZON = "labels.horizon";

  /** The notebook's target is measured a year after baseline: a little more than a year. */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(400);

  public static ConceptConfig defaults() {
    return new ConceptConfig(true, DEFAULT_HORIZON, ConceptSettings.defaults());
  }
}
