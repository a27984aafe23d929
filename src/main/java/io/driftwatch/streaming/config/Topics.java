package io.driftwatch.streaming.config;

import java.util.List;

/**
 * The names of every topic driftwatch reads or writes, from configuration ({@code topics.*}); topology code names a
 * topic only through this record.
 *
 * @param features patient feature events in (byte[] key and value; the contract is in the README)
 * @param predictions one prediction per scored event, keyed by {@code patient_id}
 * @param deadLetters every event that could not be scored, unchanged, with {@code driftwatch.*} headers
 * @param models compacted: model artifacts keyed by model name
 * @param outcomes observed outcomes, joined to predictions by {@code event_id} (concept drift)
 * @param driftReports one data-drift report per closed window
 * @param performanceReports one model-performance report per closed window, and concept-drift alarms
 * @param labelledEvents each outcome joined to its prediction's raw features: what {@code retrain} learns from
 */
public record Topics(
    String features,
    String predictions,
    String deadLetters,
    String models,
    String outcomes,
    String driftReports,
    String performanceReports,
    String labelledEvents) {

  public static final String DEFAULT_FEATURES = "patient-features";
  public static final String DEFAULT_PREDICTIONS = "predictions";
  public static final String DEFAULT_DEAD_LETTERS = "patient-features-dlq";
  public static final String DEFAULT_MODELS = "models";
  public static final String DEFAULT_OUTCOMES = "patient-outcomes";
  public static final String DEFAULT_DRIFT_REPORTS = "drift-reports";
  public static final String DEFAULT_PERFORMANCE_REPORTS = "performance-reports";
  public static final String DEFAULT_LABELLED_EVENTS = "labelled-events";

  public static Topics defaults() {
    return new Topics(
        DEFAULT_FEATURES, DEFAULT_PREDICTIONS, DEFAULT_DEAD_LETTERS, DEFAULT_MODELS, DEFAULT_OUTCOMES,
        DEFAULT_DRIFT_REPORTS, DEFAULT_PERFORMANCE_REPORTS, DEFAULT_LABELLED_EVENTS);
  }

  /** Every topic, in the order above (for creating them). */
  public List<String> all() {
    return List.of(features, predictions, deadLetters, models, outcomes, driftReports, performanceReports,
        labelledEvents);
  }
}
