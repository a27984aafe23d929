package io.driftwatch.core.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.model.Metrics;
import io.driftwatch.core.train.LegacyRandomState;
import io.driftwatch.core.train.Scores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The comparison's statistics against SciPy, scikit-learn and NumPy ({@code src/test/python/golden_retrain.py}): RMSE
 * and R², the one-sided paired t-test at several margins, and the paired bootstrap, resample for resample.
 */
class ComparisonGoldenTest {

  private static final JsonNode GOLDEN = load();

  static Stream<JsonNode> holdouts() {
    return IntStream.range(0, GOLDEN.get("holdouts").size()).mapToObj(i -> GOLDEN.get("holdouts").get(i));
  }

  @ParameterizedTest(name = "{index}: metrics")
  @MethodSource("holdouts")
  void rmseAndR2AreScikitLearns(JsonNode holdout) {
    double[] y = doubles(holdout.get("y"));
    Metrics champion = Scores.of(y, doubles(holdout.get("champion")));
    Metrics challenger = Scores.of(y, doubles(holdout.get("challenger")));
    assertRelative(champion.rmse(), holdout.at("/champion_metrics/rmse").asDouble(), 1e-13);
    assertThat(champion.r2()).isCloseTo(holdout.at("/champion_metrics/r2").asDouble(), within(1e-13));
    assertRelative(challenger.rmse(), holdout.at("/challenger_metrics/rmse").asDouble(), 1e-13);
    assertThat(challenger.r2()).isCloseTo(holdout.at("/challenger_metrics/r2").asDouble(), within(1e-13));
  }

  @ParameterizedTest(name = "{index}: paired t-test")
  @MethodSource("holdouts")
  void thePairedTestIsScipysTtestRelLess(JsonNode holdout) {
    double[] y = doubles(holdout.get("y"));
    double[] challenger = squaredErrors(y, doubles(holdout.get("challenger")));
    double[] champion = squaredErrors(y, doubles(holdout.get("champion")));
    for (JsonNode expected : holdout.get("t_tests")) {
      PairedTTest test = PairedTTest.of(challenger, champion, expected.get("margin").asDouble());
      assertRelative(test.statistic(), expected.get("statistic").asDouble(), 1e-11);
      assertRelative(test.pValue(), expected.get("p_value").asDouble(), 1e-9);
      assertThat(test.degreesOfFreedom()).isEqualTo(expected.get("df").asDouble());
      assertThat(test.rows()).isEqualTo(y.length);
    }
  }

  @ParameterizedTest(name = "{index}: bootstrap")
  @MethodSource("holdouts")
  void theBootstrapIsNumpysResampleForResample(JsonNode holdout) {
    double[] y = doubles(holdout.get("y"));
    double[] challenger = squaredErrors(y, doubles(holdout.get("challenger")));
    double[] champion = squaredErrors(y, doubles(holdout.get("champion")));
    for (JsonNode expected : holdout.get("bootstrap")) {
      // The same rows as RandomState(seed).randint(0, n, size=n)
      LegacyRandomState random = new LegacyRandomState(expected.get("seed").asLong());
      int[] first = IntStream.range(0, 10).map(i -> random.interval(y.length - 1)).toArray();
      assertThat(first).containsExactly(ints(expected.get("first_rows")));

      BootstrapRmse b = BootstrapRmse.of(challenger, champion, expected.get("margin").asDouble(),
          expected.get("alpha").asDouble(), expected.get("resamples").asInt(), expected.get("seed").asLong());
      assertThat(b.difference()).isCloseTo(expected.get("difference").asDouble(), within(1e-10));
      assertThat(b.lower()).isCloseTo(expected.get("lower").asDouble(), within(1e-9));
      assertThat(b.upper()).isCloseTo(expected.get("upper").asDouble(), within(1e-9));
      assertThat(b.marginDifference()).isCloseTo(expected.get("margin_difference").asDouble(), within(1e-10));
      assertThat(b.marginUpperBound()).isCloseTo(expected.get("margin_upper_bound").asDouble(), within(1e-9));
      assertThat(b.confidence()).isEqualTo(1 - expected.get("alpha").asDouble());
    }
  }

  @ParameterizedTest(name = "{index}: decision")
  @MethodSource("holdouts")
  void theDecisionNeedsTheMarginTheTestAndTheBootstrap(JsonNode holdout) {
    double[] y = doubles(holdout.get("y"));
    double[] challengerPredictions = doubles(holdout.get("challenger"));
    double[] championPredictions = doubles(holdout.get("champion"));
    double[] challenger = squaredErrors(y, challengerPredictions);
    double[] champion = squaredErrors(y, championPredictions);
    RetrainPolicy policy = RetrainPolicy.defaults(); // margin 0.02, level 0.05, 2 000 resamples, seed 42
    Comparison.Decision decision = ChampionChallenger.decide(Scores.of(y, championPredictions),
        Scores.of(y, challengerPredictions), PairedTTest.of(challenger, champion, 0.02),
        BootstrapRmse.of(challenger, champion, 0.02, 0.05, 2000, 42), policy.margin(), policy.significanceLevel());

    String name = holdout.get("name").asText();
    String[] failed = decision.failed().stream().map(Comparison.Check::name).toArray(String[]::new);
    switch (name) {
      case "40 rows, challenger better", "300 rows, errors paired, challenger 15 % better" -> {
        assertThat(decision.publish()).isTrue();
        assertThat(failed).isEmpty();
      }
      case "40 rows, challenger worse" -> {
        assertThat(decision.publish()).isFalse();
        assertThat(failed).containsExactly(Comparison.Check.RMSE_MARGIN, Comparison.Check.PAIRED_T_TEST,
            Comparison.Check.BOOTSTRAP);
        assertThat(decision.checks().get(0).detail())
            .isEqualTo("challenger RMSE 59.73 > 0.98 x champion RMSE 47.46 = 46.51");
        assertThat(decision.checks().get(1).detail()).isEqualTo("one-sided paired t-test p = 0.953 >= 0.05");
        assertThat(decision.checks().get(2).detail())
            .isEqualTo("bootstrap 95 % upper bound of challenger - 0.98 x champion RMSE 25.56 >= 0");
      }
      case "60 rows, significant at margin 0 but not at 0.02" -> {
        // 25 % lower RMSE, and the bootstrap bound is below 0, but p = 0.053: the t-test alone holds it back.
        assertThat(decision.publish()).isFalse();
        assertThat(failed).containsExactly(Comparison.Check.PAIRED_T_TEST);
        assertThat(decision.checks().get(1).detail()).isEqualTo("one-sided paired t-test p = 0.0535 >= 0.05");
      }
      default -> throw new AssertionError("no expectation for " + name);
    }
  }

  private static void assertRelative(double actual, double expected, double tolerance) {
    assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected)
        .isLessThanOrEqualTo(tolerance * Math.abs(expected));
  }

  private static double[] squaredErrors(double[] y, double[] predictions) {
    double[] errors = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      errors[i] = (y[i] - predictions[i]) * (y[i] - predictions[i]);
    }
    return errors;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static JsonNode load() {
    try (InputStream in = ComparisonGoldenTest.class.getResourceAsStream("/golden/retrain_scipy.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
