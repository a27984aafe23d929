package io.driftwatch.streaming.metrics;

import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;

/**
 * {@code driftwatch_model_info{model_name,model_version} 1} for the model in use (the old version's series is removed
 * when the model switches) and {@code driftwatch_model_switch_timestamp_seconds}. Both absent until a model is loaded.
 */
public final class ModelMetrics implements MeterBinder {

  static final String INFO = "driftwatch.model.info";
  static final String SWITCH_TIMESTAMP = "driftwatch.model.switch.timestamp.seconds";

  private final ModelRegistry models;
  private MeterRegistry registry;
  private Gauge info;
  private Gauge switchTimestamp;

  public ModelMetrics(ModelRegistry models) {
    this.models = models;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    models.addListener(this::switched);
    ScoringModel current = models.current();
    if (current != null) {
      switched(current);
    }
  }

  private synchronized void switched(ScoringModel model) {
    if (info != null) {
      if (info.getId().getTag("model_version").equals(model.version())) {
        return;
      }
      registry.remove(info);
    }
    info = Gauge.builder(INFO, () -> 1.0)
        .description("1 for the model this instance scores with")
        .tags("model_name", models.modelName(), "model_version", model.version())
        .register(registry);
    if (switchTimestamp == null) {
      switchTimestamp = Gauge.builder(SWITCH_TIMESTAMP, models,
              m -> m.switchedAt().map(ModelMetrics::seconds).orElse(Double.NaN))
          .description("When the model in use was installed (first load or last switch), Unix time")
          .strongReference(true)
          .register(registry);
    }
  }

  static double seconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }
}
