package io.driftwatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitAndFoldsTest {

  @Test
  void trainTestSplitHoldsTheNotebooksRowsInTheNotebooksOrder() {
    TrainTestSplit split = TrainTestSplit.shuffled(442, 0.2, 42);
    assertThat(split.test()).hasSize(89).containsExactly(GoldenDiabetes.integers("test_index"));
    assertThat(split.train()).hasSize(353).containsExactly(GoldenDiabetes.integers("train_index"));
  }

  @Test
  void testRowsAreTheCeilingOfTheFraction() {
    assertThat(TrainTestSplit.shuffled(10, 0.25, 0).test()).hasSize(3);
    assertThat(TrainTestSplit.shuffled(10, 0.25, 0).train()).hasSize(7);
  }

  @Test
  void refusesATestSizeThatIsNotAFraction() {
    assertThatThrownBy(() -> TrainTestSplit.shuffled(10, 1.0, 0)).hasMessageContaining("strictly between 0 and 1");
    assertThatThrownBy(() -> TrainTestSplit.shuffled(10, 0.0, 0)).hasMessageContaining("strictly between 0 and 1");
    assertThatThrownBy(() -> TrainTestSplit.shuffled(1, 0.5, 0)).hasMessageContaining("no rows are left");
  }

  @Test
  void kFoldHoldsOutConsecutiveBlocksTheFirstOnesLonger() {
    List<KFold.Fold> folds = KFold.split(353, 10);
    assertThat(folds).extracting(f -> f.test().length).containsExactly(36, 36, 36, 35, 35, 35, 35, 35, 35, 35);
    assertThat(folds.get(0).test()).containsExactly(IntStream.range(0, 36).toArray());
    assertThat(folds.get(1).test()[0]).isEqualTo(36);
    assertThat(folds.get(1).train()).hasSize(317).startsWith(IntStream.range(0, 36).toArray()).contains(72);
    assertThat(folds.get(9).test()).endsWith(352);
  }

  @Test
  void kFoldNeedsTwoFoldsAndEnoughRows() {
    assertThatThrownBy(() -> KFold.split(10, 1)).hasMessageContaining("at least 2 folds");
    assertThatThrownBy(() -> KFold.split(3, 5)).hasMessageContaining("cannot make 5 folds from 3 rows");
  }
}
