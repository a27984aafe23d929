package io.driftwatch.core.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.model.FeatureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Labelled rows: the first of duplicates kept, time order, champion-valid values; the holdout is the newest rows. */
class LabelledRowsTest {

  private static final List<FeatureSpec> FEATURES = List.of(
      FeatureSpec.continuous("dose", "mg", 0, 10), FeatureSpec.categorical("arm", "", 1, 2));

  private static LabelledRecord record(String id, long time, double dose, double outcome) {
    return new LabelledRecord(id, time, new double[] {dose, 1}, outcome);
  }

  @Test
  void duplicatesKeepTheFirstOneReadAndRowsAreSortedByEventTimeThenId() {
    List<LabelledRecord> records = List.of(
        record("c", 3_000, 3, 30),
        record("a", 1_000, 1, 10),
        record("c", 3_000, 3, 99), // a second outcome for event c: dropped, as the stream's join does
        record("b", 2_000, 2, 20),
        record("a", 500, 1, 11), // same id at another time: still the same event, dropped
        record("d", 2_000, 4, 40));

    LabelledRows rows = LabelledRows.of(FEATURES, records);

    assertThat(rows.size()).isEqualTo(4);
    assertThat(rows.labelsRead()).isEqualTo(6);
    assertThat(rows.duplicatesDropped()).isEqualTo(2);
    assertThat(IntStream.range(0, 4).mapToObj(rows::eventId)).containsExactly("a", "b", "d", "c");
    assertThat(IntStream.range(0, 4).mapToLong(rows::eventTimeMs).toArray())
        .containsExactly(1_000, 2_000, 2_000, 3_000);
    assertThat(rows.outcomes()).containsExactly(10, 20, 40, 30);
    assertThat(rows.features(3)).containsExactly(3, 1);
    assertThat(rows.firstEventTimeMs()).isEqualTo(1_000);
    assertThat(rows.lastEventTimeMs()).isEqualTo(3_000);
    assertThat(rows.featureNames()).containsExactly("dose", "arm");
  }

  @Test
  void theHoldoutIsTheNewestCeilFractionOfRowsWhateverTheOrderRead() {
    List<LabelledRecord> records = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      records.add(record("e-" + i, 1_000_000L + 60_000L * i, i % 10, i));
    }
    Collections.shuffle(records, new Random(3));

    HoldoutSplit split = HoldoutSplit.mostRecent(LabelledRows.of(FEATURES, records), 0.2);

    // ceil(0.2 * 101) = 21 newest rows, as train's --test-size counts
    assertThat(split.holdout().size()).isEqualTo(21);
    assertThat(split.train().size()).isEqualTo(80);
    assertThat(split.holdout().eventId(0)).isEqualTo("e-80");
    assertThat(split.holdout().firstEventTimeMs()).isGreaterThan(split.train().lastEventTimeMs());
    assertThat(split.holdout().outcomes()).containsExactly(IntStream.range(80, 101).asDoubleStream().toArray());
    assertThat(split.train().outcomes()).containsExactly(IntStream.range(0, 80).asDoubleStream().toArray());
    assertThat(split.holdout().labelsRead()).isEqualTo(21);
    assertThat(split.holdout().duplicatesDropped()).isZero();
  }

  @Test
  void theDatasetForTheTrainerHasTheChampionsFeaturesAndTarget() {
    LabelledRows rows = LabelledRows.of(FEATURES, List.of(record("b", 2, 5, 50), record("a", 1, 4, 40)));
    var data = rows.toDataset("trial-lasso", "kafka:outcomes", "response");
    assertThat(data.featureNames()).containsExactly("dose", "arm");
    assertThat(data.targetName()).isEqualTo("response");
    assertThat(data.source()).isEqualTo("kafka:outcomes");
    assertThat(data.target()).containsExactly(40, 50);
    assertThat(data.row(0)).containsExactly(4, 1);
  }

  @Test
  void aValueTheChampionWouldRefuseIsNamedWithItsRecord() {
    assertThatThrownBy(() -> LabelledRows.of(FEATURES, List.of(record("a", 1, 1, 1), record("b", 2, 11, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labelled record 1 (event b): field 'dose' is 11, outside the accepted range [0, 10] mg");
    assertThatThrownBy(() -> LabelledRows.of(FEATURES,
        List.of(new LabelledRecord("a", 1, new double[] {1, 1.5}, 1))))
        .hasMessage("labelled record 0 (event a): field 'arm' is 1.5, not one of its categories [1, 2]");
    assertThatThrownBy(() -> LabelledRows.of(FEATURES,
        List.of(new LabelledRecord("a", 1, new double[] {Double.NaN, 1}, 1))))
        .hasMessage("labelled record 0 (event a): field 'dose' is NaN, not a finite number");
    assertThatThrownBy(() -> LabelledRows.of(FEATURES, List.of(new LabelledRecord("a", 1, new double[] {1}, 1))))
        .hasMessage("labelled record 0 (event a) has 1 feature values for 2 features");
    assertThatThrownBy(() -> LabelledRows.of(FEATURES, List.of(record("a", 1, 1, Double.POSITIVE_INFINITY))))
        .hasMessage("labelled record 0 (event a): outcome is Infinity");
    assertThatThrownBy(() -> LabelledRows.of(FEATURES, List.of(record("", 1, 1, 1))))
        .hasMessage("labelled record 0 has no event id");
  }

  @Test
  void aHoldoutMustLeaveRowsOnBothSides() {
    LabelledRows one = LabelledRows.of(FEATURES, List.of(record("a", 1, 1, 1)));
    assertThatThrownBy(() -> HoldoutSplit.mostRecent(one, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a holdout of 0.5 of 1 rows leaves 0 to train and 1 to compare on");
    assertThatThrownBy(() -> HoldoutSplit.holdoutRows(10, 1.0))
        .hasMessage("holdout must be a fraction strictly between 0 and 1, was 1.0");
  }
}
