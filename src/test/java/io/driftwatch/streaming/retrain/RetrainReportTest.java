package io.driftwatch.streaming.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.retrain.LabelledRecord;
import io.driftwatch.core.retrain.LabelledRows;
import io.driftwatch.core.retrain.RetrainPolicy;
import io.driftwatch.core.retrain.RetrainResult;
import io.driftwatch.core.retrain.Retrainer;
import io.driftwatch.testing.LabelledOutcomes;
import io.driftwatch.testing.TrainedModels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code retrain} prints around the comparison: sources and skips before, the artifact and publishing after. */
class RetrainReportTest {

  private static final ModelArtifact CHAMPION = TrainedModels.diabetes();
  private static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-11-02T01:00:00Z");
  private static final RetrainRun.Champion FROM_TOPIC = new RetrainRun.Champion(CHAMPION, Optional.empty(),
      "topic models, partition 0, offset 4");

  /** bmi's effect doubled in 1 500 outcomes, one a minute: the challenger is better (as in RetrainerTest). */
  private static final class Shifted {
    static final List<LabelledRecord> RECORDS = LabelledOutcomes.effect(CHAMPION, "bmi", 2.0, 1500, 5,
        SINCE.toEpochMilli(), 60_000);
    static final RetrainResult RESULT = Retrainer.retrain(CHAMPION, LabelledRows.of(CHAMPION.features(), RECORDS),
        RetrainPolicy.defaults(), "kafka:labelled-events", "driftwatch 0.1.0",
        Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
  }

  private static LabelledEvents read(List<LabelledRecord> records, Map<String, Integer> skipped) {
    return new LabelledEvents("labelled-events", 4, SINCE, Optional.of(UNTIL), 1540, records, 17, skipped);
  }

  @Test
  void theHeaderSaysWhereTheChampionAndTheLabelsCameFromAndWhatWasSkippedMostFrequentFirst() {
    RetrainRun.Outcome outcome = new RetrainRun.Outcome(FROM_TOPIC, read(List.of(), Map.of("invalid JSON", 2,
        "missing feature 'bmi'", 20, "another model (model_name 'heart-lasso')", 2)),
        new RetrainResult.Refused("have 0 labelled outcomes, need 500 (--min-labels)",
            new RetrainResult.LabelCounts(0, 0, 0, 0)), Optional.empty());

    assertThat(RetrainReport.header(outcome)).isEqualTo("""
        Champion: model diabetes-lasso version bb1548420105 (topic models, partition 0, offset 4)
        Labelled events: 1540 read from topic labelled-events (4 partitions), written since 2026-11-01T00:00:00Z; \
        0 usable, 17 left out with an event time at or after 2026-11-02T01:00:00Z (--until), 24 skipped: \
        20 missing feature 'bmi', 2 another model (model_name 'heart-lasso'), 2 invalid JSON

        """);
    assertThat(RetrainReport.footer(outcome, true, Optional.empty())).isEmpty();
    assertThat(RetrainReport.json(outcome, Optional.empty())).contains("\"labelled_events\":{\"topic\":"
        + "\"labelled-events\",\"partitions\":4,\"since\":\"2026-11-01T00:00:00Z\",\"until\":"
        + "\"2026-11-02T01:00:00Z\",\"read\":1540,\"usable\":0,\"at_or_after_until\":17,\"skipped\":{"
        + "\"missing feature 'bmi'\":20,\"another model (model_name 'heart-lasso')\":2,\"invalid JSON\":2}},"
        + "\"artifact\":null,\"published\":null}");
  }

  @Test
  void aBetterChallengerIsWrittenAndEitherPublishedOrLeftToPublishByHand() {
    RetrainRun.Outcome outcome = new RetrainRun.Outcome(FROM_TOPIC, read(Shifted.RECORDS, Map.of()), Shifted.RESULT,
        Optional.of(Path.of("models/challenger.json")));
    ModelArtifact challenger = outcome.challenger().orElseThrow();
    assertThat(outcome.better()).isTrue();

    assertThat(RetrainReport.footer(outcome, false, Optional.empty())).isEqualTo("\nWrote models/challenger.json"
        + " (model diabetes-lasso, version " + challenger.modelVersion() + ", parent bb1548420105)\n"
        + "Not published (no --publish-if-better); to publish it: ./driftwatch publish --model"
        + " models/challenger.json\n");
    ModelsTopic.Published published = new ModelsTopic.Published(challenger, new byte[0], "models", 0, 5);
    assertThat(RetrainReport.footer(outcome, true, Optional.of(published))).endsWith("\npublished model"
        + " diabetes-lasso version " + challenger.modelVersion() + " to topic models (partition 0, offset 5)\n");
    assertThat(RetrainReport.json(outcome, Optional.of(published))).endsWith("\"artifact\":\"models/challenger.json\","
        + "\"published\":{\"model_version\":\"" + challenger.modelVersion() + "\",\"topic\":\"models\","
        + "\"partition\":0,\"offset\":5}}");
  }
}
