package io.driftwatch.streaming.scoring;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model this instance scores with, swapped live. Scoring reads one volatile reference per event and never touches
 * a state store; the models topic's global-store processor (and {@code --model} at start-up) install new versions.
 * Shared by every stream thread of one instance.
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final String modelName;
  private volatile ScoringModel current;
  private volatile Instant switchedAt;
  private final List<Consumer<ScoringModel>> listeners = new CopyOnWriteArrayList<>();

  /** An empty registry for the model called {@code modelName} ({@code model.name}). */
  public ModelRegistry(String modelName) {
    this.modelName = modelName;
  }

  public String modelName() {
    return modelName;
  }

  /** The model to score with now, or {@code null} while none has been installed. */
  public ScoringModel current() {
    return current;
  }

  /** When the current model was installed (its first load or the last switch), if one is installed. */
  public Optional<Instant> switchedAt() {
    return Optional.ofNullable(switchedAt);
  }

  /**
   * Called with every newly current model (not with a re-install of the current version), on the thread that
   * installed it (the global-store thread or start-up); must be quick and must not throw. For metrics.
   */
  public void addListener(Consumer<ScoringModel> listener) {
    listeners.add(listener);
  }

  /**
   * Checks and compiles {@code artifact} and makes it current, unless it has the version already current.
   *
   * @return the model now current
   * @throws InvalidModelArtifactException if the artifact is invalid or is for another model name; the current model
   *     is then unchanged
   */
  public synchronized ScoringModel install(ModelArtifact artifact) {
    if (artifact != null && !modelName.equals(artifact.modelName())) {
      throw new InvalidModelArtifactException(
          "model_name '" + artifact.modelName() + "' is not this instance's model.name '" + modelName + "'");
    }
    ScoringModel previous = current;
    if (previous != null && artifact != null && previous.version().equals(artifact.modelVersion())) {
      return previous;
    }
    ScoringModel next = ScoringModel.compile(artifact);
    current = next;
    switchedAt = Instant.now();
    if (previous == null) {
      LOG.info("model {}: scoring with version {}", modelName, next.version());
    } else {
      LOG.info("model {}: switched from version {} to {}", modelName, previous.version(), next.version());
    }
    for (Consumer<ScoringModel> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("a model listener failed; scoring goes on", e);
      }
    }
    return next;
  }
}
