package io.driftwatch.core.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.drift.ArtifactCalibration;
import io.driftwatch.core.drift.DriftDetector;
import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.drift.DriftThresholds;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.Lineage;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.core.model.ReferenceCalibration;
import io.driftwatch.core.train.TrainTestSplit;
import io.driftwatch.testing.LabelledOutcomes;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining on simulated labelled outcomes: 1 500 patients resampled from the diabetes rows, one a minute from
 * 2026-11-01, outcomes from the simulator's world of the champion (the notebook model), with bmi's effect doubled or
 * unchanged. The newest 300 are the holdout; the challenger is trained on the 1 200 before them.
 */
class RetrainerTest {

  private static final ModelArtifact CHAMPION = TrainedModels.diabetes();
  private static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
  private static final String SOURCE = "kafka:patient-outcomes";
  private static final String CODE = "driftwatch 0.1.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Each scenario trains one challenger per test JVM (about 1.5 s each). */
  private static final class Shifted {
    static final List<LabelledRecord> RECORDS = LabelledOutcomes.effect(CHAMPION, "bmi", 2.0, 1500, 5, START, MINUTE);
    static final RetrainResult.Compared RESULT = compared(RECORDS);
  }

  private static final class Stable {
    static final List<LabelledRecord> RECORDS = withDuplicates(
        LabelledOutcomes.stable(CHAMPION, 1500, 5, START, MINUTE));
    static final RetrainResult.Compared RESULT = compared(RECORDS);
  }

  /** The records followed by 20 later copies of e-0 to e-19 with another outcome: dropped, the first read wins. */
  private static List<LabelledRecord> withDuplicates(List<LabelledRecord> records) {
    List<LabelledRecord> all = new ArrayList<>(records);
    for (int i = 0; i < 20; i++) {
      LabelledRecord r = records.get(i);
      all.add(new LabelledRecord(r.eventId(), r.eventTimeMs(), r.features(), r.outcome() + 500));
    }
    return all;
  }

  private static RetrainResult retrain(List<LabelledRecord> records, RetrainPolicy policy) {
    return Retrainer.retrain(CHAMPION, LabelledRows.of(CHAMPION.features(), records), policy, SOURCE, CODE, CLOCK);
  }

  private static RetrainResult.Compared compared(List<LabelledRecord> records) {
    RetrainResult result = retrain(records, RetrainPolicy.defaults());
    assertThat(result).isInstanceOf(RetrainResult.Compared.class);
    return (RetrainResult.Compared) result;
  }

  @Test
  void whenBmisEffectDoublesTheChallengerLearnsItAndWinsWithAClearPValue() {
    Comparison c = Shifted.RESULT.comparison();

    assertThat(c.decision().publish()).isTrue();
    assertThat(c.decision().failed()).isEmpty();
    assertThat(c.champion().modelVersion()).isEqualTo(CHAMPION.modelVersion());
    assertThat(c.challenger().modelVersion()).isEqualTo(Shifted.RESULT.challenger().modelVersion());
    // Champion 58.68 -> challenger 51.25 on the 300 newest patients, the RMSE of the unchanged world's noise.
    assertThat(c.champion().holdout().rmse()).isCloseTo(58.683, within(1e-3));
    assertThat(c.challenger().holdout().rmse()).isCloseTo(51.248, within(1e-3));
    assertThat(c.tTest().pValue()).isLessThan(1e-4);
    assertThat(c.tTest().degreesOfFreedom()).isEqualTo(299);
    assertThat(c.bootstrap().upper()).isLessThan(0);
    assertThat(c.bootstrap().marginUpperBound()).isLessThan(0);
    // bmi moved most, by about the champion's own coefficient (25.9): its effect doubled.
    Comparison.CoefficientChange bmi = c.largestChanges().get(0);
    assertThat(bmi.feature()).isEqualTo("bmi");
    assertThat(bmi.champion()).isEqualTo(CHAMPION.model().coefficients()[2]);
    assertThat(bmi.change()).isBetween(0.8 * bmi.champion(), 1.2 * bmi.champion());
    assertThat(c.largestChanges()).hasSize(ChampionChallenger.LARGEST_CHANGES)
        .isSortedAccordingTo((a, b) -> Double.compare(Math.abs(b.change()), Math.abs(a.change())));
    assertThat(c.dropped()).isEmpty();
    assertThat(c.added()).containsExactly("s3"); // the champion's LASSO dropped s3; 960 rows keep it
    assertThat(c.champion().alpha()).isEqualTo(CHAMPION.model().alpha());
    assertThat(c.challenger().alpha()).isEqualTo(Shifted.RESULT.challenger().model().alpha());
  }

  @Test
  void onStableDataTheChampionStaysAndTheChecksSayWhy() {
    Comparison c = Stable.RESULT.comparison();

    assertThat(c.decision().publish()).isFalse();
    assertThat(c.decision().failed()).extracting(Comparison.Check::name).containsExactly(
        Comparison.Check.RMSE_MARGIN, Comparison.Check.PAIRED_T_TEST, Comparison.Check.BOOTSTRAP);
    assertThat(c.decision().checks()).extracting(Comparison.Check::detail).containsExactly(
        "challenger RMSE 51.25 > 0.98 x champion RMSE 51.00 = 49.98",
        "one-sided paired t-test p = 1.00 >= 0.05",
        "bootstrap 95 % upper bound of challenger - 0.98 x champion RMSE 1.72 >= 0");
    // The world is the champion's: the challenger cannot do better than estimation noise.
    assertThat(c.bootstrap().lower()).isLessThan(0);
    assertThat(c.bootstrap().upper()).isGreaterThan(0);
    assertThat(c.tTest().pValue()).isGreaterThan(0.5);
  }

  @Test
  void duplicatesKeepTheFirstOutcomeAndAreCountedInTheLineage() {
    RetrainResult.LabelCounts counts = Stable.RESULT.counts();
    assertThat(counts).isEqualTo(new RetrainResult.LabelCounts(1520, 20, 1200, 300));
    assertThat(counts.labelled()).isEqualTo(1500);
    Lineage lineage = Stable.RESULT.challenger().lineage();
    assertThat(lineage.labelsRead()).isEqualTo(1520);
    assertThat(lineage.duplicatesDropped()).isEqualTo(20);
    // The +500 copies were dropped: the challenger is the one trained on the records without them.
    RetrainResult.Compared withoutDuplicates =
        compared(LabelledOutcomes.stable(CHAMPION, 1500, 5, START, MINUTE));
    assertThat(Stable.RESULT.challenger().modelVersion()).isEqualTo(withoutDuplicates.challenger().modelVersion());
  }

  @Test
  void theHoldoutIsTheNewestRowsAndTheChallengerNeverSawThem() {
    Comparison c = Shifted.RESULT.comparison();
    assertThat(c.holdoutRows()).isEqualTo(300);
    assertThat(c.holdoutFirstEventTimeMs()).isEqualTo(START + 1200 * MINUTE);
    assertThat(c.holdoutLastEventTimeMs()).isEqualTo(START + 1499 * MINUTE);
    ModelArtifact challenger = Shifted.RESULT.challenger();
    assertThat(challenger.training().train().rows() + challenger.training().test().rows()).isEqualTo(1200);

    // Whatever the holdout's outcomes, the same challenger: it was trained on the 1 200 older rows only.
    List<LabelledRecord> otherHoldout = new ArrayList<>();
    for (LabelledRecord r : Shifted.RECORDS) {
      boolean inHoldout = r.eventTimeMs() >= START + 1200 * MINUTE;
      otherHoldout.add(inHoldout ? new LabelledRecord(r.eventId(), r.eventTimeMs(), r.features(), r.outcome() + 80)
          : r);
    }
    RetrainResult.Compared again = compared(otherHoldout);
    assertThat(again.challenger().modelVersion()).isEqualTo(challenger.modelVersion());
    assertThat(again.comparison().challenger().holdout().rmse())
        .isNotEqualTo(c.challenger().holdout().rmse());
  }

  @Test
  void theChallengerIsTrainedWithTheChampionsRecordedOptionsAndItsOwnReferenceProfile() {
    ModelArtifact challenger = Shifted.RESULT.challenger();
    assertThat(challenger.modelName()).isEqualTo("diabetes-lasso");
    assertThat(challenger.target()).isEqualTo(CHAMPION.target());
    assertThat(challenger.features()).isEqualTo(CHAMPION.features());
    assertThat(challenger.createdAt()).isEqualTo("2026-12-01T08:00:00Z");
    assertThat(challenger.training().dataSource()).isEqualTo(SOURCE);
    assertThat(challenger.training().seed()).isEqualTo(CHAMPION.training().seed());
    assertThat(challenger.training().testSize()).isEqualTo(CHAMPION.training().testSize());
    assertThat(challenger.training().cvFolds()).isEqualTo(CHAMPION.training().cvFolds());
    assertThat(challenger.training().alphaGrid()).containsExactly(CHAMPION.training().alphaGrid());
    assertThat(Shifted.RESULT.options().notRecorded())
        .containsExactly("max_iter 10000 and tol 0.0001 of coordinate descent");

    // The reference is the challenger's own training rows: train's split of the 1 200 oldest rows.
    LabelledRows oldest = LabelledRows.of(CHAMPION.features(), Shifted.RECORDS).range(0, 1200);
    int[] fitted = TrainTestSplit.shuffled(1200, 0.2, 42).train();
    double bmiMean = Arrays.stream(fitted).mapToDouble(i -> oldest.features(i)[2]).sum() / fitted.length;
    DistributionProfile bmi = challenger.reference().features().get(2);
    assertThat(bmi.count()).isEqualTo(960);
    assertThat(bmi.mean()).isCloseTo(bmiMean, within(1e-9));
    assertThat(bmi.mean()).isNotEqualTo(CHAMPION.reference().features().get(2).mean());
    assertThat(challenger.reference().residuals().count()).isEqualTo(960);
    assertThat(challenger.reference().residuals().folds()).isEqualTo(10);
  }

  @Test
  void theChallengerIsCalibratedForTheDriftSettingsItIsGiven() {
    // retrain passes its configuration's drift.* settings; here 100 rounds of 200-event windows, quick to resample.
    DriftSettings quick = DriftSettings.defaults().withCalibration(200, 100);
    RetrainResult.Compared result = (RetrainResult.Compared) Retrainer.retrain(CHAMPION,
        LabelledRows.of(CHAMPION.features(), Shifted.RECORDS), RetrainPolicy.defaults(), SOURCE, CODE, CLOCK, quick);
    ModelArtifact challenger = result.challenger();
    ReferenceCalibration calibration = challenger.reference().calibration();
    assertThat(calibration.settings()).isEqualTo(ArtifactCalibration.settingsOf(quick));
    assertThat(calibration).isEqualTo(ArtifactCalibration.compute(challenger, quick));
    assertThat(DriftDetector.create(challenger, quick).thresholds().calibrationSource())
        .isEqualTo(DriftThresholds.CalibrationSource.ARTIFACT);
    // The same model as the one calibrated for the defaults: the calibration is not part of its version.
    assertThat(Shifted.RESULT.challenger().reference().calibration().settings())
        .isEqualTo(ArtifactCalibration.settingsOf(DriftSettings.defaults()));
    assertThat(challenger.modelVersion()).isEqualTo(Shifted.RESULT.challenger().modelVersion());
  }

  @Test
  void theWrittenChallengerCarriesItsLineageAndRoundTrips() {
    ModelArtifact challenger = Shifted.RESULT.challenger();
    Path file = dir.resolve("models/diabetes-lasso-challenger.json");
    ModelArtifactJson.write(challenger, file);

    ModelArtifact read = ModelArtifactJson.read(file);

    assertThat(read).usingRecursiveComparison().isEqualTo(challenger);
    assertThat(read.schemaVersion()).isEqualTo(ModelArtifact.CALIBRATION_SCHEMA_VERSION);
    // Calibrated as train calibrates, for the default drift settings; not part of the version (checked below).
    assertThat(read.reference().calibration().settings().seed()).isEqualTo(20261124L);
    assertThat(read.lineage()).isEqualTo(new Lineage(CHAMPION.modelVersion(), "2026-11-01T00:00:00Z",
        "2026-11-02T00:59:00Z", 1500, 0, 1200, 300, CODE));
    assertThat(ModelArtifactJson.contentVersion(read)).isEqualTo(read.modelVersion());
    // The lineage is not the model: without it (as train writes it) the version is the same.
    ModelArtifact bare = new ModelArtifact(ModelArtifact.SCHEMA_VERSION, read.modelName(), read.modelVersion(),
        read.createdAt(), read.target(), read.features(), read.scaler(), read.model(), read.training(),
        read.reference());
    assertThat(ModelArtifactJson.contentVersion(bare)).isEqualTo(read.modelVersion());
    assertThat(read.modelVersion()).isNotEqualTo(CHAMPION.modelVersion());
  }

  @Test
  void tooFewLabelsAreRefusedWithTheNumbersBeforeAnythingIsTrained() {
    List<LabelledRecord> few = LabelledOutcomes.stable(CHAMPION, 120, 1, START, MINUTE);
    assertThat(retrain(few, RetrainPolicy.defaults())).isEqualTo(new RetrainResult.Refused(
        "have 120 labelled outcomes, need 500 (--min-labels)", new RetrainResult.LabelCounts(120, 0, 0, 0)));
    List<LabelledRecord> twice = new ArrayList<>(few);
    twice.addAll(few.subList(0, 5));
    assertThat(((RetrainResult.Refused) retrain(twice, RetrainPolicy.defaults())).reason())
        .isEqualTo("have 120 labelled outcomes (125 read, 5 duplicate event ids dropped), need 500 (--min-labels)");
    assertThat(((RetrainResult.Refused) retrain(few, RetrainPolicy.defaults().withMinLabels(100))).reason())
        .isEqualTo("the holdout would have 24 labelled outcomes (20 % of 120, --holdout), need at least 30 for the "
            + "paired test");
    List<LabelledRecord> forty = few.subList(0, 40);
    RetrainPolicy halves = RetrainPolicy.defaults().withMinLabels(30).withHoldoutFraction(0.5).withMinHoldoutRows(10);
    assertThat(((RetrainResult.Refused) retrain(forty, halves)).reason())
        .isEqualTo("the training slice would have 20 labelled outcomes, 16 after train's test split (test size 0.2); "
            + "10-fold cross-validation needs at least 20");
  }

  @Test
  void theRowsMustHaveTheChampionsFeatures() {
    LabelledRows other = LabelledRows.of(CHAMPION.features().subList(0, 3), List.of());
    assertThatThrownBy(() -> Retrainer.retrain(CHAMPION, other, RetrainPolicy.defaults(), SOURCE, CODE, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "the labelled rows' features [age, sex, bmi] are not the champion's [age, sex, bmi, bp");
  }

  @Test
  void theTextShowsTheTableTheChecksAndTheCoefficients() {
    String text = RetrainText.render(Shifted.RESULT);
    String challenger = Shifted.RESULT.challenger().modelVersion();
    assertThat(text).startsWith("""
        Labelled outcomes: 1500 read, 0 duplicate event ids dropped, 1500 from 2026-11-01T00:00:00Z to \
        2026-11-02T00:59:00Z
        Split by event time: the 1200 oldest train the challenger, the 300 newest (from 2026-11-01T20:00:00Z) \
        compare the models
        Challenger trained as the champion was: seed 42, test size 0.2, 10-fold CV over 100 alphas
        Not recorded in the champion's artifact, train's defaults used: max_iter 10000 and tol 0.0001 of coordinate \
        descent

        Holdout (300 rows)           Champion     Challenger
        model_version            bb1548420105   %s
        alpha                          0.1417         0.0066
        RMSE                            58.68          51.25
        R2                               0.64           0.73
        """.formatted(challenger));
    assertThat(text).contains("""
        Decision: the challenger is better: publish it
          pass  challenger RMSE 51.25 <= 0.98 x champion RMSE 58.68 = 57.51
          pass  one-sided paired t-test p = 8.6e-05 < 0.05
        """);
    assertThat(text).contains("""
        Coefficients that changed most (standardized, per champion training SD)
        Feature        Champion Challenger     Change
        bmi               25.90      55.14     +29.24
        """);
    assertThat(text).endsWith("""
        Dropped by the challenger's LASSO: none
        Added by the challenger's LASSO: s3
        """);
    assertThat(RetrainText.render(new RetrainResult.Refused("have 120 labelled outcomes, need 500 (--min-labels)",
        new RetrainResult.LabelCounts(120, 0, 0, 0)))).isEqualTo("""
        Labelled outcomes: 120 read, 0 duplicate event ids dropped
        Not retrained: have 120 labelled outcomes, need 500 (--min-labels)
        """);
  }

  @Test
  void theJsonHoldsTheDecisionTheStatisticsAndTheLineage() throws IOException {
    JsonNode json = JSON.readTree(RetrainJson.write(Shifted.RESULT));
    Comparison c = Shifted.RESULT.comparison();
    assertThat(json.fieldNames()).toIterable().containsExactly("result", "counts", "model_name", "publish",
        "champion", "challenger", "holdout", "margin", "significance_level", "paired_t_test", "bootstrap", "checks",
        "coefficients", "training", "lineage");
    assertThat(json.get("result").asText()).isEqualTo("compared");
    assertThat(json.get("publish").asBoolean()).isTrue();
    assertThat(json.at("/counts/labels_read").asInt()).isEqualTo(1500);
    assertThat(json.at("/champion/model_version").asText()).isEqualTo(CHAMPION.modelVersion());
    assertThat(json.at("/challenger/rmse").asDouble()).isEqualTo(c.challenger().holdout().rmse());
    assertThat(json.at("/holdout/first_event_time").asText()).isEqualTo("2026-11-01T20:00:00Z");
    assertThat(json.at("/paired_t_test/p_value").asDouble()).isEqualTo(c.tTest().pValue());
    assertThat(json.at("/bootstrap/interval/0").asDouble()).isEqualTo(c.bootstrap().lower());
    assertThat(json.at("/bootstrap/margin_upper_bound").asDouble()).isEqualTo(c.bootstrap().marginUpperBound());
    assertThat(json.at("/checks/1/name").asText()).isEqualTo("paired_t_test");
    assertThat(json.at("/coefficients/largest_changes/0/feature").asText()).isEqualTo("bmi");
    assertThat(json.at("/coefficients/added/0").asText()).isEqualTo("s3");
    assertThat(json.at("/training/not_recorded/0").asText()).startsWith("max_iter 10000");
    assertThat(json.at("/lineage/parent_model_version").asText()).isEqualTo(CHAMPION.modelVersion());
    assertThat(json.at("/lineage/code_version").asText()).isEqualTo(CODE);

    JsonNode refused = JSON.readTree(RetrainJson.write(new RetrainResult.Refused("too few",
        new RetrainResult.LabelCounts(125, 5, 0, 0))));
    assertThat(refused.toString()).isEqualTo("{\"result\":\"refused\",\"reason\":\"too few\",\"counts\":"
        + "{\"labels_read\":125,\"duplicates_dropped\":5,\"labelled\":120,\"train_rows\":0,\"holdout_rows\":0}}");
  }
}
