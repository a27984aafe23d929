package io.driftwatch.streaming.retrain;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.retrain.LabelledRows;
import io.driftwatch.core.retrain.RetrainPolicy;
import io.driftwatch.core.retrain.RetrainResult;
import io.driftwatch.core.retrain.Retrainer;
import io.driftwatch.streaming.config.DriftwatchConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;

/**
 * One {@code retrain}: the champion from the models topic (or given), the labelled outcomes that arrived since a time
 * from {@code topics.labelled-events}, a challenger trained and compared by {@link Retrainer}, its artifact written
 * with lineage; then, if asked and only if it is better, {@link #publish} it the way {@code publish} does. Shared by
 * {@code ./driftwatch retrain} and the demo's {@code --retrain-on-alarm}. See {@code docs/retrain.md}.
 */
public final class RetrainRun {

  /**
   * The model the challenger must beat, and where it came from.
   *
   * @param published where it sits on the models topic; empty when it was given as a file
   * @param source for people: {@code topic models, partition 0, offset 3} or {@code file models/x.json}
   */
  public record Champion(ModelArtifact artifact, Optional<ModelsTopic.Published> published, String source) {

    public static Champion fromFile(ModelArtifact artifact, Path file) {
      return new Champion(artifact, Optional.empty(), "file " + file);
    }
  }

  /**
   * What to do.
   *
   * @param since read the labelled events written in this last stretch of time (from the whole second before)
   * @param until leave out rows whose event time is at or after this; empty: none left out
   * @param out where to write the challenger; empty: {@code models/<model_name>-<model_version>.json}
   * @param champion the champion to use instead of the models topic's
   * @param codeVersion the running driftwatch, for the challenger's lineage
   */
  public record Request(Duration since, Optional<Instant> until, RetrainPolicy policy, Optional<Path> out,
      Optional<Champion> champion, String codeVersion) {}

  /**
   * What happened, before any publishing.
   *
   * @param artifactFile where the challenger was written; empty when refused (nothing trained)
   */
  public record Outcome(Champion champion, LabelledEvents labels, RetrainResult result, Optional<Path> artifactFile) {

    /** The challenger, if one was trained. */
    public Optional<ModelArtifact> challenger() {
      return result instanceof RetrainResult.Compared c ? Optional.of(c.challenger()) : Optional.empty();
    }

    /** Whether a challenger was trained and passed every check of the decision rule. */
    public boolean better() {
      return result instanceof RetrainResult.Compared c && c.comparison().decision().publish();
    }
  }

  private RetrainRun() {}

  /**
   * Reads, retrains, compares and writes the challenger; publishes nothing.
   *
   * @throws RetrainException no valid champion on the models topic (and none given)
   * @throws io.driftwatch.streaming.readback.MissingTopicException a topic is missing
   * @throws KafkaException the cluster cannot be reached or refuses
   * @throws java.io.UncheckedIOException the artifact cannot be written
   */
  public static Outcome run(DriftwatchConfig config, Request request, Clock clock) {
    Champion champion = request.champion().orElseGet(() -> latestChampion(config));
    ModelArtifact model = champion.artifact();
    Instant since = clock.instant().minus(request.since()).truncatedTo(ChronoUnit.SECONDS);
    LabelledEvents labels = LabelledEventReader.read(config.toConsumerProperties(), config.topics().labelledEvents(),
        model, since, request.until());
    LabelledRows rows = LabelledRows.of(model.features(), labels.records());
    // Calibrated for the drift settings of this configuration: the services that read it monitor with them.
    RetrainResult result = Retrainer.retrain(model, rows, request.policy(), "kafka:" + labels.topic(),
        request.codeVersion(), clock, config.drift().statistics());
    Optional<Path> written = Optional.empty();
    if (result instanceof RetrainResult.Compared compared) {
      ModelArtifact challenger = compared.challenger();
      Path file = request.out().orElse(
          Path.of("models", challenger.modelName() + "-" + challenger.modelVersion() + ".json"));
      ModelArtifactJson.write(challenger, file);
      written = Optional.of(file);
    }
    return new Outcome(champion, labels, result, written);
  }

  /**
   * Publishes the challenger of a better {@code outcome} to the models topic, as {@code publish} does: the same checks,
   * key (its model name) and acknowledgement.
   *
   * @throws IllegalStateException the outcome has no better challenger
   * @throws KafkaException the broker did not acknowledge it
   */
  public static ModelsTopic.Published publish(DriftwatchConfig config, Outcome outcome) throws InterruptedException {
    if (!outcome.better()) {
      throw new IllegalStateException("only a challenger that beat the champion is published");
    }
    ModelArtifact challenger = outcome.challenger().orElseThrow();
    byte[] json = ModelArtifactJson.write(challenger);
    return ModelsTopic.publish(config.toProducerProperties(), config.topics().models(),
        ModelsTopic.check(json, config.modelName()), json);
  }

  private static Champion latestChampion(DriftwatchConfig config) {
    String topic = config.topics().models();
    ModelsTopic.Published latest = ModelsTopic.latest(config.toConsumerProperties(), topic, config.modelName())
        .orElseThrow(() -> new RetrainException("no valid model '" + config.modelName() + "' on topic " + topic
            + ": publish one (./driftwatch publish --model FILE), or give --champion FILE"));
    return new Champion(latest.artifact(), Optional.of(latest),
        "topic " + latest.topic() + ", partition " + latest.partition() + ", offset " + latest.offset());
  }
}
