package io.driftwatch.core.retrain;

import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.model.Lineage;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The core of {@code ./driftwatch retrain}, without Kafka: given the champion (the model in use) and recent labelled
 * outcomes, refuse when they are too few ({@link RetrainPolicy#refusal}); else hold out the newest rows ({@link
 * HoldoutSplit}), train a challenger on the older ones with exactly {@code train}'s pipeline and the champion's
 * recorded options ({@link ModelTrainer}, {@link InheritedOptions}), give it the champion's name and a lineage, and
 * compare both on the holdout ({@link ChampionChallenger}). Publishing is the caller's: it publishes {@link
 * RetrainResult.Compared#challenger()} when {@code comparison().decision().publish()}. See {@code docs/retrain.md}.
 *
 * <p>The challenger's reference profile (feature and prediction distributions, out-of-fold residuals) is built from
 * its own training rows, as {@code train} builds it, so drift monitoring compares traffic with what it learned from.
 */
public final class Retrainer {

  private Retrainer() {}

  /** As {@link #retrain(ModelArtifact, LabelledRows, RetrainPolicy, String, String, Clock)} at the system clock. */
  public static RetrainResult retrain(
      ModelArtifact champion, LabelledRows rows, RetrainPolicy policy, String dataSource, String codeVersion) {
    return retrain(champion, rows, policy, dataSource, codeVersion, Clock.systemUTC());
  }

  /**
   * As {@link #retrain(ModelArtifact, LabelledRows, RetrainPolicy, String, String, Clock, DriftSettings)}, calibrating
   * the challenger for the default drift settings.
   */
  public static RetrainResult retrain(ModelArtifact champion, LabelledRows rows, RetrainPolicy policy,
      String dataSource, String codeVersion, Clock clock) {
    return retrain(champion, rows, policy, dataSource, codeVersion, clock, DriftSettings.defaults());
  }

  /**
   * @param champion the model in use, whose features, target, name and training options the challenger takes
   * @param rows labelled outcomes, built with the champion's features ({@code LabelledRows.of(champion.features(),
   *     records)})
   * @param dataSource where the rows came from, for the challenger's {@code training.data_source}, e.g. {@code
   *     kafka:patient-outcomes}
   * @param codeVersion the running driftwatch, for the lineage, e.g. {@code driftwatch 0.1.0}
   * @param clock stamps the challenger's {@code created_at}
   * @param drift the drift settings the challenger's reference is calibrated for (those of the services that will
   *     monitor it), as {@code train} does ({@link ModelTrainer#train(io.driftwatch.core.data.Dataset,
   *     io.driftwatch.core.train.TrainingOptions, Clock, DriftSettings)})
   * @throws IllegalArgumentException the rows' features are not the champion's, or a text argument is blank
   */
  public static RetrainResult retrain(ModelArtifact champion, LabelledRows rows, RetrainPolicy policy,
      String dataSource, String codeVersion, Clock clock, DriftSettings drift) {
    if (!rows.featureNames().equals(List.of(champion.featureNames()))) {
      throw new IllegalArgumentException("the labelled rows' features " + rows.featureNames()
          + " are not the champion's " + List.of(champion.featureNames()));
    }
    requireText("data source", dataSource);
    requireText("code version", codeVersion);
    InheritedOptions options = InheritedOptions.from(champion.training());
    Optional<String> refusal = policy.refusal(rows, options.options());
    if (refusal.isPresent()) {
      return new RetrainResult.Refused(refusal.get(),
          new RetrainResult.LabelCounts(rows.labelsRead(), rows.duplicatesDropped(), 0, 0));
    }
    HoldoutSplit split = HoldoutSplit.mostRecent(rows, policy.holdoutFraction());
    TrainingResult trained = ModelTrainer.train(
        split.train().toDataset(champion.modelName(), dataSource, champion.target()), options.options(), clock,
        drift);
    RetrainResult.LabelCounts counts = new RetrainResult.LabelCounts(
        rows.labelsRead(), rows.duplicatesDropped(), split.train().size(), split.holdout().size());
    ModelArtifact challenger = withLineage(trained.artifact(), champion, new Lineage(champion.modelVersion(),
        instant(rows.firstEventTimeMs()), instant(rows.lastEventTimeMs()), counts.labelsRead(),
        counts.duplicatesDropped(), counts.trainRows(), counts.holdoutRows(), codeVersion));
    Comparison comparison = ChampionChallenger.compare(champion, challenger, split.holdout(), policy);
    return new RetrainResult.Compared(challenger, trained.report(), options, comparison, counts);
  }

  /** The trained artifact (the schema {@code train} writes, which has lineage) under the champion's name, with its lineage, and its version recomputed. */
  private static ModelArtifact withLineage(ModelArtifact a, ModelArtifact champion, Lineage lineage) {
    ModelArtifact unversioned = new ModelArtifact(ModelArtifact.SCHEMA_VERSION, champion.modelName(), "",
        a.createdAt(), a.target(), a.features(), a.scaler(), a.model(), a.training(), a.reference(), lineage);
    return new ModelArtifact(unversioned.schemaVersion(), unversioned.modelName(),
        ModelArtifactJson.contentVersion(unversioned), a.createdAt(), a.target(), a.features(), a.scaler(),
        a.model(), a.training(), a.reference(), lineage);
  }

  /** An event time as the artifact writes it: ISO-8601, to the millisecond when not whole seconds. */
  static String instant(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
