package io.driftwatch.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.deadletter.DeadLetterRateLog;
import io.driftwatch.streaming.deadletter.RecordOutcomes;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.testing.TestArtifacts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dead-letter rate: every scored and dead-lettered record counted by reason, logged per interval. */
class DeadLetterRateTest {

  private static final String GOOD = "{\"patient_id\":\"p-1\"," + TestArtifacts.FIRST_TEST_PATIENT_FEATURES + "}";
  // Blood pressure in kPa (90 mm Hg = 12 kPa), as the simulator's unit-error scenario sends it.
  private static final String BP_IN_KPA = GOOD.replace("\"bp\":90", "\"bp\":12");

  @Test
  void countsScoredAndDeadLetteredRecordsByReason() {
    ModelRegistry models = new ModelRegistry(TestArtifacts.MODEL_NAME);
    models.install(TestArtifacts.diabetes("v1"));
    try (TopologyFixture f = new TopologyFixture(models)) {
      f.send(GOOD);
      f.send(BP_IN_KPA);
      f.send("{not json");
      f.send(GOOD);
      f.send(BP_IN_KPA);
      f.send(BP_IN_KPA);

      RecordOutcomes.Snapshot counts = f.outcomes.snapshot();
      assertThat(counts.scored()).isEqualTo(2);
      assertThat(counts.rejected(RejectReason.OUT_OF_RANGE)).isEqualTo(3);
      assertThat(counts.rejected(RejectReason.INVALID_JSON)).isEqualTo(1);
      assertThat(counts.rejected()).isEqualTo(4);
      assertThat(f.deadLetters.getQueueSize()).isEqualTo(4);
      assertThat(f.predictions.getQueueSize()).isEqualTo(2);
    }
  }

  @Test
  void logsEachIntervalThatDeadLetteredRecordsWithItsCountsByReasonLargestFirst() {
    RecordOutcomes outcomes = new RecordOutcomes();
    try (DeadLetterRateLog log = new DeadLetterRateLog(outcomes, Duration.ofSeconds(60))) {
      for (int i = 0; i < 95; i++) {
        outcomes.scored();
      }
      outcomes.rejected(RejectReason.INVALID_JSON);
      for (int i = 0; i < 4; i++) {
        outcomes.rejected(RejectReason.OUT_OF_RANGE);
      }
      assertThat(log.logInterval())
          .isEqualTo("dead letters in the last 60 s: 5 of 100 records (5.0 %): out_of_range=4, invalid_json=1");

      outcomes.scored();
      assertThat(log.logInterval()).as("an interval without dead letters logs nothing").isNull();

      outcomes.rejected(RejectReason.NO_MODEL);
      assertThat(log.logInterval())
          .as("only the new interval is counted")
          .isEqualTo("dead letters in the last 60 s: 1 of 1 records (100.0 %): no_model=1");
    }
  }
}
