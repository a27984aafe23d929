package io.driftwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.train.ModelTrainer;
import io.driftwatch.core.train.TrainingOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactJsonTest {

  private static final ObjectMapper TREES = new ObjectMapper();

  @TempDir Path dir;

  /** A small but complete artifact: two features, one categorical. */
  static ModelArtifact twoFeatureArtifact() {
    double[] ramp = IntStream.range(0, DistributionProfile.QUANTILE_COUNT).mapToDouble(i -> i / 10.0).toArray();
    List<DistributionProfile> profiles = List.of(
        DistributionProfiles.of("dose", FeatureKind.CONTINUOUS, new double[] {1, 2, 3, 4}),
        DistributionProfiles.of("arm", FeatureKind.CATEGORICAL, new double[] {0, 1, 1, 1}));
    ModelArtifact unversioned = new ModelArtifact(
        ModelArtifact.CATEGORIES_SCHEMA_VERSION, "trial-lasso", "", "2026-01-18T19:27:35Z", "response",
        List.of(FeatureSpec.continuous("dose", "mg", 0, 10),
            FeatureSpec.categorical("arm", "", 0, 1)),
        new Standardizer(new double[] {2.5, 0.75}, new double[] {1.118, 0.433}),
        new LinearModel("lasso", 0.1, new double[] {3.0, 0.0}, 100),
        new TrainingSummary("trial.csv", 42, 0.2, 2, new Metrics(1.5, 0.8, 4), new Metrics(2.0, 0.7, 1),
            new double[] {1.0, 0.1}, new double[] {9.0, 4.0}),
        new ReferenceProfile(profiles, DistributionProfiles.of("prediction", FeatureKind.CONTINUOUS,
            new double[] {97, 99, 101, 103}), new ResidualProfile(2, 4, 1.5, 0.1, 1.2, ramp)));
    return versioned(unversioned);
  }

  private static ModelArtifact versioned(ModelArtifact a) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), ModelArtifactJson.contentVersion(a), a.createdAt(),
        a.target(), a.features(), a.scaler(), a.model(), a.training(), a.reference());
  }

  @Test
  void roundTripKeepsEveryField() {
    ModelArtifact original = twoFeatureArtifact();
    byte[] json = ModelArtifactJson.write(original);
    ModelArtifact read = ModelArtifactJson.read(json);
    assertThat(read).usingRecursiveComparison().isEqualTo(original);
    assertThat(ModelArtifactJson.write(read)).isEqualTo(json);
    assertThat(ModelArtifactJson.contentVersion(read)).isEqualTo(original.modelVersion());
  }

  @Test
  void roundTripOfTheTrainedDiabetesModelThroughAFile() {
    ModelArtifact trained = ModelTrainer.train(Dataset.loadBundledDiabetes(), TrainingOptions.defaults(),
        Clock.fixed(Instant.parse("2026-01-18T19:27:35Z"), ZoneOffset.UTC)).artifact();
    Path file = dir.resolve("models/diabetes-lasso.json");
    ModelArtifactJson.write(trained, file);
    ModelArtifactJson.write(trained, file);
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    ModelArtifact read = ModelArtifactJson.read(file);
    assertThat(read).usingRecursiveComparison().isEqualTo(trained);
    assertThat(new LinearScorer(read).predict(new double[] {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90}))
        .isEqualTo(new LinearScorer(trained).predict(new double[] {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90}));
  }

  @Test
  void jsonIsSnakeCaseWithLowerCaseKinds() throws IOException {
    JsonNode tree = TREES.readTree(ModelArtifactJson.write(twoFeatureArtifact()));
    assertThat(tree.fieldNames()).toIterable().containsExactly(
        "schema_version", "model_name", "model_version", "created_at", "target", "features", "scaler", "model",
        "training", "reference");
    assertThat(tree.at("/features/1/kind").asText()).isEqualTo("categorical");
    assertThat(tree.at("/reference/features/1/category_proportions").size()).isEqualTo(2);
    assertThat(tree.at("/reference/residuals/mean_absolute").asDouble()).isEqualTo(1.2);
    assertThat(tree.at("/training/data_source").asText()).isEqualTo("trial.csv");
    assertThat(tree.at("/training/alpha_grid").size()).isEqualTo(2);
  }

  @Test
  void versionIgnoresCreationTimeButNotContent() {
    ModelArtifact a = twoFeatureArtifact();
    ModelArtifact later = new ModelArtifact(a.schemaVersion(), a.modelName(), "x", "2030-01-01T00:00:00Z",
        a.target(), a.features(), a.scaler(), a.model(), a.training(), a.reference());
    assertThat(ModelArtifactJson.contentVersion(later)).isEqualTo(a.modelVersion());
    ModelArtifact otherIntercept = new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(),
        a.createdAt(), a.target(), a.features(), a.scaler(),
        new LinearModel("lasso", 0.1, new double[] {3.0, 0.0}, 100.000000001), a.training(), a.reference());
    assertThat(ModelArtifactJson.contentVersion(otherIntercept)).isNotEqualTo(a.modelVersion());
  }

  @Test
  void unknownSchemaVersionIsRefused() {
    assertRefused(t -> t.put("schema_version", 6),
        "schema_version: unsupported version 6 (this driftwatch reads versions 1 to 5)");
    assertRefused(t -> t.put("schema_version", 0),
        "schema_version: unsupported version 0 (this driftwatch reads versions 1 to 5)");
    assertRefused(t -> t.remove("schema_version"), "schema_version: missing");
    assertRefused(t -> t.put("schema_version", "1"), "schema_version: unsupported version \"1\"");
  }

  @Test
  void schemaTwoWritesTheCodesOfEachCategoricalFeature() {
    ModelArtifact original = twoFeatureArtifact();
    ObjectNode tree = tree(original);

    assertThat(tree.get("schema_version").asInt()).isEqualTo(2);
    assertThat(tree.at("/features/0").fieldNames()).toIterable()
        .containsExactly("name", "unit", "min", "max", "kind", "categories");
    assertThat(tree.at("/features/0/categories").size()).isZero();
    assertThat(tree.at("/features/1/categories").toString()).isEqualTo("[0.0,1.0]");
    assertThat(ModelArtifactJson.read(ModelArtifactJson.write(original)).features().get(1).categories())
        .containsExactly(0.0, 1.0);
  }

  /** {@link #twoFeatureArtifact()} as {@code retrain} would write it: schema 3 with lineage, the same version. */
  static ModelArtifact withLineage(ModelArtifact a) {
    return new ModelArtifact(ModelArtifact.LINEAGE_SCHEMA_VERSION, a.modelName(), a.modelVersion(), a.createdAt(),
        a.target(), a.features(), a.scaler(), a.model(), a.training(), a.reference(),
        new Lineage("0123456789ab", "2026-11-01T00:00:00Z", "2026-11-30T23:59:59.999Z", 620, 20, 480, 120,
            "driftwatch 0.1.0"));
  }

  @Test
  void schemaThreeRoundTripsItsLineageWrittenLast() throws IOException {
    ModelArtifact original = withLineage(twoFeatureArtifact());
    byte[] json = ModelArtifactJson.write(original);
    JsonNode tree = TREES.readTree(json);

    assertThat(tree.fieldNames()).toIterable().containsExactly(
        "schema_version", "model_name", "model_version", "created_at", "target", "features", "scaler", "model",
        "training", "reference", "lineage");
    assertThat(tree.get("schema_version").asInt()).isEqualTo(3);
    assertThat(tree.get("lineage").fieldNames()).toIterable().containsExactly(
        "parent_model_version", "first_event_time", "last_event_time", "labels_read", "duplicates_dropped",
        "train_rows", "holdout_rows", "code_version");
    assertThat(tree.at("/lineage/last_event_time").asText()).isEqualTo("2026-11-30T23:59:59.999Z");
    ModelArtifact read = ModelArtifactJson.read(json);
    assertThat(read).usingRecursiveComparison().isEqualTo(original);
    assertThat(read.lineage()).isEqualTo(original.lineage());
    assertThat(ModelArtifactJson.write(read)).isEqualTo(json);
  }

  @Test
  void lineageIsNotPartOfTheModelVersion() {
    ModelArtifact schemaTwo = twoFeatureArtifact();
    ModelArtifact schemaThree = withLineage(schemaTwo);
    // The same model: the same version whether train (schema 2) or retrain (schema 3, lineage) wrote it.
    assertThat(ModelArtifactJson.contentVersion(schemaThree)).isEqualTo(schemaTwo.modelVersion());
    Lineage l = schemaThree.lineage();
    ModelArtifact otherLineage = new ModelArtifact(3, schemaThree.modelName(), "x", schemaThree.createdAt(),
        schemaThree.target(), schemaThree.features(), schemaThree.scaler(), schemaThree.model(),
        schemaThree.training(), schemaThree.reference(), new Lineage("ffffffffffff", l.firstEventTime(),
            l.lastEventTime(), l.labelsRead(), l.duplicatesDropped(), l.trainRows(), l.holdoutRows(), "other"));
    assertThat(ModelArtifactJson.contentVersion(otherLineage)).isEqualTo(schemaTwo.modelVersion());
    // Schema 3 without lineage is allowed (it is optional) and is the same model too.
    ModelArtifact bare = new ModelArtifact(3, schemaTwo.modelName(), schemaTwo.modelVersion(), schemaTwo.createdAt(),
        schemaTwo.target(), schemaTwo.features(), schemaTwo.scaler(), schemaTwo.model(), schemaTwo.training(),
        schemaTwo.reference());
    assertThat(ModelArtifactJson.read(ModelArtifactJson.write(bare)).lineage()).isNull();
    assertThat(ModelArtifactJson.contentVersion(bare)).isEqualTo(schemaTwo.modelVersion());
  }

  /** {@link #twoFeatureArtifact()} as schema 4, with reference moments (a NaN correlation for a constant score). */
  static ModelArtifact withMoments(ModelArtifact a) {
    ReferenceMoments moments = new ReferenceMoments(4, new double[] {0.0, 1e-17},
        new double[][] {{1.25, 0.5}, {0.5, 0.25}}, new double[][] {{1, Double.NaN}, {Double.NaN, Double.NaN}});
    return versioned(new ModelArtifact(ModelArtifact.MOMENTS_SCHEMA_VERSION, a.modelName(), "", a.createdAt(),
        a.target(), a.features(), a.scaler(), a.model(), a.training(), a.reference().withMoments(moments)));
  }

  @Test
  void schemaFourRoundTripsItsMomentsUndefinedCorrelationsAsNull() throws IOException {
    ModelArtifact four = withMoments(twoFeatureArtifact());
    byte[] json = ModelArtifactJson.write(four);
    ObjectNode tree = (ObjectNode) TREES.readTree(json);
    assertThat(tree.get("schema_version").asInt()).isEqualTo(4);
    assertThat(tree.at("/reference/moments").toString()).isEqualTo("{\"count\":4,\"mean\":[0.0,1.0E-17],"
        + "\"covariance\":[[1.25,0.5],[0.5,0.25]],\"score_correlation\":[[1.0,null],[null,null]]}");
    ModelArtifact read = ModelArtifactJson.read(json);
    assertThat(read).usingRecursiveComparison().ignoringFields("reference.moments").isEqualTo(four);
    ReferenceMoments m = read.reference().moments();
    assertThat(m.count()).isEqualTo(4);
    assertThat(m.mean()).containsExactly(0.0, 1e-17);
    assertThat(m.covariance()).isDeepEqualTo(new double[][] {{1.25, 0.5}, {0.5, 0.25}});
    assertThat(java.util.Arrays.deepEquals(m.scoreCorrelation(), four.reference().moments().scoreCorrelation()))
        .isTrue();
    assertThat(m.scoreCorrelation()[1][1]).isNaN();
    assertThat(ModelArtifactJson.write(read)).isEqualTo(json);
    // The moments are part of the model: they change how it is monitored.
    assertThat(four.modelVersion()).isNotEqualTo(twoFeatureArtifact().modelVersion());
    assertThat(ModelArtifactJson.contentVersion(read)).isEqualTo(four.modelVersion());
    // Schema 4 without moments is read too (they are optional), and then has none.
    ModelArtifact bare = versioned(new ModelArtifact(4, four.modelName(), "", four.createdAt(), four.target(),
        four.features(), four.scaler(), four.model(), four.training(), twoFeatureArtifact().reference()));
    assertThat(ModelArtifactJson.read(ModelArtifactJson.write(bare)).reference().moments()).isNull();
  }

  @Test
  void momentsNeedSchemaFourAndTheModelsShape() {
    assertRefusedWithMoments(t -> t.put("schema_version", 3),
        "reference.moments: unknown field in schema_version 3 (moments came with version 4)");
    assertRefusedWithMoments(t -> ((ObjectNode) t.at("/reference/moments")).put("count", 3),
        "reference.moments.count: must be >= 4, was 3");
    assertRefusedWithMoments(t -> ((ObjectNode) t.at("/reference/moments")).remove("covariance"),
        "reference.moments.covariance: missing");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/mean")).add(0.5),
        "reference.moments.mean: has 3 values, expected 2");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/covariance/1")).set(0, "x"),
        "reference.moments.covariance[1][0]: must be a number, was \"x\"");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/covariance/0")).setNull(1),
        "reference.moments.covariance[0][1]: must be a number, was null");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/covariance/1")).set(1, -0.5),
        "reference.moments.covariance[1][1]: must be >= 0, was -0.5");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/score_correlation/0")).set(0, 1.5),
        "reference.moments.score_correlation[0][0]: must be a correlation in [-1, 1] or null, was 1.5");
    assertRefusedWithMoments(t -> ((ObjectNode) t.at("/reference/moments")).put("skew", 1),
        "reference.moments.skew: unknown field");
    // Numbers that no set of rows can give are refused too: the joint tests would report drift that is not there.
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/covariance/0")).set(1, 0.4),
        "reference.moments.covariance[0][1]: must equal covariance[1][0] (0.5), was 0.4");
    assertRefusedWithMoments(t -> {
      ((ArrayNode) t.at("/reference/moments/covariance/0")).set(1, 0.6);
      ((ArrayNode) t.at("/reference/moments/covariance/1")).set(0, 0.6);
    }, "reference.moments.covariance[0][1]: must be at most sqrt(covariance[0][0] * covariance[1][1]) in magnitude,"
        + " was 0.6");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/score_correlation/0")).set(1, 0.2),
        "reference.moments.score_correlation[0][1]: must equal score_correlation[1][0] (null), was 0.2");
    assertRefusedWithMoments(t -> ((ArrayNode) t.at("/reference/moments/score_correlation/0")).set(0, 0.9),
        "reference.moments.score_correlation[0][0]: must be 1 (or null for a constant feature), was 0.9");
  }

  private static void assertRefusedWithMoments(Consumer<ObjectNode> corruption, String messageStart) {
    ObjectNode tree = tree(withMoments(twoFeatureArtifact()));
    corruption.accept(tree);
    assertThatThrownBy(() -> ModelArtifactJson.read(TREES.writeValueAsBytes(tree)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessageStartingWith(messageStart);
  }

  /**
   * {@code a} as schema 5 with a calibration for the default drift settings but seed 7, at a distinctive level (its
   * version unchanged: a schema-5 artifact is hashed as its schema-4 layout).
   */
  static ModelArtifact withCalibration(ModelArtifact a) {
    CalibrationSettings settings = new CalibrationSettings(0.01, 0.1, 0.1, 500, 2000, 7, true, 0.1, 0.1);
    return new ModelArtifact(ModelArtifact.CALIBRATION_SCHEMA_VERSION, a.modelName(), a.modelVersion(), a.createdAt(),
        a.target(),
        a.features(), a.scaler(), a.model(), a.training(),
        a.reference().withCalibration(new ReferenceCalibration(1, settings, 0.00123, 0.0045)), a.lineage());
  }

  @Test
  void schemaFourRoundTripsItsCalibrationLastInTheReference() throws IOException {
    ModelArtifact calibrated = withCalibration(withMoments(twoFeatureArtifact()));
    byte[] json = ModelArtifactJson.write(calibrated);
    JsonNode tree = TREES.readTree(json);
    assertThat(tree.get("reference").fieldNames()).toIterable()
        .containsExactly("features", "prediction", "residuals", "moments", "calibration");
    assertThat(tree.at("/reference/calibration").toString()).isEqualTo("{\"method_version\":1,"
        + "\"settings\":{\"false_alarm_rate\":0.01,\"psi_floor\":0.1,\"wasserstein_sigma_floor\":0.1,"
        + "\"window_events\":500,\"rounds\":2000,\"seed\":7,\"multivariate\":true,\"mean_shift_sigma_floor\":0.1,"
        + "\"correlation_floor\":0.1},\"significance_level\":0.00123,\"simulated_false_alarm_rate\":0.0045}");
    ModelArtifact read = ModelArtifactJson.read(json);
    assertThat(read.reference().calibration()).isEqualTo(calibrated.reference().calibration());
    assertThat(ModelArtifactJson.write(read)).isEqualTo(json);
    // With lineage too: the calibration stays in the reference, lineage last in the document.
    assertThat(tree.get("schema_version").asInt()).isEqualTo(5);
    ModelArtifact retrained = new ModelArtifact(5, calibrated.modelName(), calibrated.modelVersion(),
        calibrated.createdAt(), calibrated.target(), calibrated.features(), calibrated.scaler(), calibrated.model(),
        calibrated.training(), calibrated.reference(), withLineage(calibrated).lineage());
    ModelArtifact readBack = ModelArtifactJson.read(ModelArtifactJson.write(retrained));
    assertThat(readBack.reference().calibration()).isEqualTo(retrained.reference().calibration());
    assertThat(readBack.lineage()).isEqualTo(retrained.lineage());
  }

  @Test
  void calibrationIsNotPartOfTheModelVersion() {
    ModelArtifact four = withMoments(twoFeatureArtifact());
    ModelArtifact calibrated = withCalibration(four);
    // Derived from the reference and a set of settings: the same model whatever it holds, or without it.
    assertThat(ModelArtifactJson.contentVersion(calibrated)).isEqualTo(four.modelVersion());
    ReferenceCalibration c = calibrated.reference().calibration();
    ModelArtifact other = new ModelArtifact(5, four.modelName(), four.modelVersion(), four.createdAt(), four.target(),
        four.features(), four.scaler(), four.model(), four.training(), four.reference().withCalibration(
            new ReferenceCalibration(1, new CalibrationSettings(0.05, 0, 0, 100, 100, 1, false, 0, 0), 0.05, 0.04)));
    assertThat(ModelArtifactJson.contentVersion(other)).isEqualTo(four.modelVersion());
    assertThat(ModelArtifactJson.read(ModelArtifactJson.write(calibrated)).modelVersion())
        .isEqualTo(four.modelVersion());
    assertThat(c.significanceLevel()).isEqualTo(0.00123);
    // Other moments make a calibration stale (the resampling draws from them): it goes with them.
    assertThat(calibrated.reference().withMoments(four.reference().moments()).calibration()).isNull();
    // Schema 5 without it is allowed (it is optional), reads with none, and is the same model too.
    ModelArtifact bare = new ModelArtifact(5, four.modelName(), four.modelVersion(), four.createdAt(), four.target(),
        four.features(), four.scaler(), four.model(), four.training(), four.reference());
    assertThat(ModelArtifactJson.read(ModelArtifactJson.write(bare)).reference().calibration()).isNull();
    assertThat(ModelArtifactJson.contentVersion(bare)).isEqualTo(four.modelVersion());
  }

  @Test
  void calibrationNeedsSchemaFiveAndValidValues() {
    assertRefusedWithCalibration(t -> t.put("schema_version", 4),
        "reference.calibration: unknown field in schema_version 4 (calibration came with version 5)");
    assertRefusedWithCalibration(t -> ((ObjectNode) t.get("reference")).putNull("calibration"),
        "reference.calibration: must not be null (leave it out when there is none)");
    assertRefusedWithCalibration(t -> calibration(t).put("significance_level", 2),
        "reference.calibration.significance_level: must be in (0, settings.false_alarm_rate] = (0, 0.01], was 2.0");
    assertRefusedWithCalibration(t -> calibration(t).put("significance_level", 0),
        "reference.calibration.significance_level: must be in (0, settings.false_alarm_rate] = (0, 0.01], was 0.0");
    assertRefusedWithCalibration(t -> calibration(t).put("simulated_false_alarm_rate", -0.1),
        "reference.calibration.simulated_false_alarm_rate: must be in [0, 1], was -0.1");
    assertRefusedWithCalibration(t -> calibration(t).put("method_version", 0),
        "reference.calibration.method_version: must be >= 1, was 0");
    assertRefusedWithCalibration(t -> calibration(t).remove("significance_level"),
        "reference.calibration.significance_level: missing");
    assertRefusedWithCalibration(t -> calibration(t).put("level", 0.01), "reference.calibration.level: unknown field");
    assertRefusedWithCalibration(t -> calibration(t).remove("settings"), "reference.calibration.settings: missing");
    assertRefusedWithCalibration(t -> settings(t).put("false_alarm_rate", 0.5),
        "reference.calibration.settings.false_alarm_rate: must be in (0, 0.5), was 0.5");
    assertRefusedWithCalibration(t -> settings(t).put("psi_floor", -1),
        "reference.calibration.settings.psi_floor: must be >= 0, was -1.0");
    assertRefusedWithCalibration(t -> settings(t).put("window_events", 1),
        "reference.calibration.settings.window_events: must be >= 2, was 1");
    assertRefusedWithCalibration(t -> settings(t).put("rounds", 0),
        "reference.calibration.settings.rounds: must be >= 100, was 0");
    assertRefusedWithCalibration(t -> settings(t).put("correlation_floor", 3),
        "reference.calibration.settings.correlation_floor: must be in [0, 2], was 3.0");
    assertRefusedWithCalibration(t -> settings(t).put("multivariate", "yes"),
        "reference.calibration.settings.multivariate: expected true or false");
    assertRefusedWithCalibration(t -> settings(t).put("seed", 1.5),
        "reference.calibration.settings.seed: expected an integer, was 1.5");
    assertRefusedWithCalibration(t -> settings(t).remove("seed"), "reference.calibration.settings.seed: missing");
    assertRefusedWithCalibration(t -> settings(t).put("min_samples", 200),
        "reference.calibration.settings.min_samples: unknown field");
    ModelArtifact c = withCalibration(withMoments(twoFeatureArtifact()));
    ModelArtifact four = new ModelArtifact(4, c.modelName(), c.modelVersion(), c.createdAt(), c.target(),
        c.features(), c.scaler(), c.model(), c.training(), c.reference());
    assertThatThrownBy(() -> ModelArtifactJson.write(four))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("reference.calibration: needs schema_version 5, was 4");
  }

  private static ObjectNode calibration(ObjectNode tree) {
    return (ObjectNode) tree.at("/reference/calibration");
  }

  private static ObjectNode settings(ObjectNode tree) {
    return (ObjectNode) tree.at("/reference/calibration/settings");
  }

  private static void assertRefusedWithCalibration(Consumer<ObjectNode> corruption, String messageStart) {
    ObjectNode tree = tree(withCalibration(withMoments(twoFeatureArtifact())));
    corruption.accept(tree);
    assertThatThrownBy(() -> ModelArtifactJson.read(TREES.writeValueAsBytes(tree)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage(messageStart);
  }

  @Test
  void lineageNeedsSchemaThreeAndConsistentValues() {
    assertRefusedWithLineage(t -> t.put("schema_version", 2),
        "lineage: unknown field in schema_version 2 (lineage came with version 3)");
    assertRefusedWithLineage(t -> t.putNull("lineage"), "lineage: must not be null");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).remove("code_version"),
        "lineage.code_version: missing");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).put("labels", 3), "lineage.labels: unknown field");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).put("train_rows", "480"),
        "lineage.train_rows: expected an integer");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).put("first_event_time", "2026-12-01T00:00:00Z"),
        "lineage.first_event_time: must not be after last_event_time (2026-11-30T23:59:59.999Z)");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).put("last_event_time", "today"),
        "lineage.last_event_time: not an ISO-8601 instant");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).put("duplicates_dropped", 19),
        "lineage.labels_read: must equal train_rows + holdout_rows + duplicates_dropped (619), was 620");
    assertRefusedWithLineage(t -> ((ObjectNode) t.get("lineage")).put("parent_model_version", ""),
        "lineage.parent_model_version: must not be blank");
    ModelArtifact a = withLineage(twoFeatureArtifact());
    ModelArtifact schemaTwoWithLineage = new ModelArtifact(2, a.modelName(), a.modelVersion(), a.createdAt(),
        a.target(), a.features(), a.scaler(), a.model(), a.training(), a.reference(), a.lineage());
    assertThatThrownBy(() -> ModelArtifactJson.write(schemaTwoWithLineage))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("lineage: needs schema_version 3, was 2");
  }

  private static void assertRefusedWithLineage(Consumer<ObjectNode> corruption, String messageStart) {
    ObjectNode tree = tree(withLineage(twoFeatureArtifact()));
    corruption.accept(tree);
    assertThatThrownBy(() -> ModelArtifactJson.read(TREES.writeValueAsBytes(tree)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void categoricalCodesMustBeFiniteAscendingAndInsideTheRange() {
    assertRefused(t -> ((ArrayNode) t.at("/features/1/categories")).removeAll(),
        "features[1].categories: a categorical feature needs at least one code");
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).remove("categories"), "features[1].categories: missing");
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).putArray("categories").add(1.0).add(0.0),
        "features[1].categories[1]: codes must be distinct and ascending, 0.0 follows 1.0");
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).putArray("categories").add(0.0).add(0.0),
        "features[1].categories[1]: codes must be distinct and ascending, 0.0 follows 0.0");
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).putArray("categories").add(0.0).add(1.0).add(5.0),
        "features[1].categories[2]: must lie in [min, max] = [0.0, 1.0], was 5.0");
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).putArray("categories").add(-1.0).add(0.0),
        "features[1].categories[0]: must lie in [min, max] = [0.0, 1.0], was -1.0");
    assertRefused(t -> ((ArrayNode) t.at("/features/1/categories")).set(0, TREES.getNodeFactory().numberNode(
        Double.NEGATIVE_INFINITY)), "features[1].categories[0]: must be a finite number, was -Infinity");
    assertRefused(t -> ((ObjectNode) t.at("/features/0")).putArray("categories").add(1.0),
        "features[0].categories: must be empty for a continuous feature");
    // The training values are accepted inputs: the reference cannot hold a code that events may not carry.
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).putArray("categories").add(0.0),
        "reference.features[1].categories[1]: 1.0 is not one of features[1].categories [0]");
  }

  @Test
  void aSchemaOneArtifactLoadsWithTheCodesOfItsReferenceProfileAndKeepsItsVersion() throws IOException {
    byte[] schemaOne = schemaOneDiabetes();
    assertThat(TREES.readTree(schemaOne).at("/features/1").has("categories")).isFalse();

    ModelArtifact read = ModelArtifactJson.read(schemaOne);

    assertThat(read.schemaVersion()).isEqualTo(1);
    assertThat(read.features().get(1).name()).isEqualTo("sex");
    assertThat(read.features().get(1).categories()).containsExactly(1.0, 2.0);
    assertThat(read.features().stream().filter(f -> f.kind() == FeatureKind.CONTINUOUS))
        .hasSize(9).allSatisfy(f -> assertThat(f.categories()).isEmpty());
    assertThat(read.features().get(1).accepts(1.5)).isFalse();
    // Hashed and written in its own layout: the version still matches, and the bytes are the file's.
    assertThat(read.modelVersion()).isEqualTo("23cd27602268");
    assertThat(ModelArtifactJson.contentVersion(read)).isEqualTo("23cd27602268");
    assertThat(ModelArtifactJson.write(read)).isEqualTo(schemaOne);
  }

  @Test
  void aSchemaOneArtifactCannotCarryCategoriesNorDoWithoutItsProfile() throws IOException {
    ObjectNode withCodes = (ObjectNode) TREES.readTree(schemaOneDiabetes());
    ((ObjectNode) withCodes.at("/features/1")).putArray("categories").add(1.0).add(2.0);
    assertThatThrownBy(() -> ModelArtifactJson.read(TREES.writeValueAsBytes(withCodes)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("features[1].categories: unknown field in schema_version 1 (categories came with version 2)");

    // Without a profile the codes would be the whole numbers in [min, max]; the missing profile is the problem.
    ObjectNode noReference = (ObjectNode) TREES.readTree(schemaOneDiabetes());
    noReference.remove("reference");
    assertThatThrownBy(() -> ModelArtifactJson.read(TREES.writeValueAsBytes(noReference)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("reference: missing");

    ObjectNode nullFeature = (ObjectNode) TREES.readTree(schemaOneDiabetes());
    ((ArrayNode) nullFeature.get("features")).set(1, TREES.getNodeFactory().nullNode());
    assertThatThrownBy(() -> ModelArtifactJson.read(TREES.writeValueAsBytes(nullFeature)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("features[1]: missing");
  }

  /** {@code diabetes-lasso} version 23cd27602268 as driftwatch wrote it before schema 2. */
  static byte[] schemaOneDiabetes() throws IOException {
    try (var in = ModelArtifactJsonTest.class.getResourceAsStream("/artifacts/diabetes-lasso-schema1.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void arrayLengthsMustMatchTheFeatures() {
    assertRefused(t -> ((ArrayNode) t.at("/scaler/scale")).add(1.0), "scaler.scale: has 3 values, expected 2");
    assertRefused(t -> ((ArrayNode) t.at("/model/coefficients")).remove(1),
        "model.coefficients: has 1 values, expected 2");
    assertRefused(t -> ((ArrayNode) t.at("/reference/features")).remove(1),
        "reference.features: has 1 profiles for 2 features");
    assertRefused(t -> ((ArrayNode) t.at("/reference/residuals/quantiles")).remove(0),
        "reference.residuals.quantiles: has 100 values, expected 101");
    assertRefused(t -> ((ArrayNode) t.at("/training/cv_mse")).add(1.0), "training.cv_mse: has 3 values, expected 2");
  }

  @Test
  void scalesMustBePositiveAndRangesNonEmpty() {
    assertRefused(t -> ((ArrayNode) t.at("/scaler/scale")).set(1, 0.0), "scaler.scale[1]: must be > 0, was 0.0");
    assertRefused(t -> ((ObjectNode) t.at("/features/0")).put("min", 10.0),
        "features[0].min: must be less than max (10.0), was 10.0");
    assertRefused(t -> ((ObjectNode) t.at("/reference/features/0")).put("min", 99.0),
        "reference.features[0].min: must not exceed max (4.0), was 99.0");
  }

  @Test
  void everyNumberMustBeFinite() {
    // JSON has no NaN or Infinity, but 1e999 parses to Infinity
    assertRefused(t -> ((ArrayNode) t.at("/model/coefficients")).set(0, TREES.getNodeFactory().numberNode(
        Double.POSITIVE_INFINITY)), "model.coefficients[0]: must be a finite number, was Infinity");
    assertThatThrownBy(() -> ModelArtifactJson.read(
        new String(ModelArtifactJson.write(twoFeatureArtifact()), StandardCharsets.UTF_8)
            .replace("\"intercept\" : 100.0", "\"intercept\" : -1e999").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("model.intercept: must be a finite number, was -Infinity");
    assertRefused(t -> ((ObjectNode) t.at("/model")).put("intercept", Double.NaN), "model.intercept:");
  }

  @Test
  void missingNullUnknownAndMistypedFieldsAreNamed() {
    assertRefused(t -> ((ObjectNode) t.at("/model")).remove("intercept"), "model.intercept: missing");
    assertRefused(t -> ((ObjectNode) t.at("/scaler")).putNull("mean"), "scaler.mean: must not be null");
    assertRefused(t -> ((ObjectNode) t.at("/features/1")).remove("unit"), "features[1].unit: missing");
    assertRefused(t -> t.remove("reference"), "reference: missing");
    assertRefused(t -> ((ObjectNode) t.at("/scaler")).put("scales", 1), "scaler.scales: unknown field");
    assertRefused(t -> ((ArrayNode) t.at("/scaler/mean")).set(0, TREES.getNodeFactory().textNode("2.5")),
        "scaler.mean[0]: expected a number");
    assertRefused(t -> ((ObjectNode) t.at("/features/0")).put("kind", "ordinal"),
        "features[0].kind: expected \"continuous\" or \"categorical\", was ordinal");
    assertRefused(t -> ((ObjectNode) t.at("/training")).put("cv_folds", 2.5), "training.cv_folds: expected an integer");
    assertRefused(t -> t.put("model_name", " "), "model_name: must not be blank");
    assertRefused(t -> t.put("created_at", "yesterday"), "created_at: not an ISO-8601 instant");
  }

  @Test
  void profilesMustBeConsistentWithTheFeatures() {
    assertRefused(t -> ((ObjectNode) t.at("/reference/features/0")).put("name", "weight"),
        "reference.features[0].name: must be 'dose' (features[0]), was 'weight'");
    assertRefused(t -> ((ObjectNode) t.at("/reference/features/1")).put("kind", "continuous"),
        "reference.features[1].kind: must match features[1].kind");
    assertRefused(t -> ((ArrayNode) t.at("/reference/features/1/category_proportions")).set(0, 0.5),
        "reference.features[1].category_proportions: must sum to 1");
    assertRefused(t -> ((ArrayNode) t.at("/reference/residuals/quantiles")).set(5, -10.0),
        "reference.residuals.quantiles[5]: quantiles must not decrease, -10.0 follows 0.4");
    assertRefused(t -> ((ArrayNode) t.get("features")).add(t.get("features").get(0).deepCopy()),
        "features[2].name: duplicate feature 'dose'");
  }

  @Test
  void notJsonOrNotAnObjectIsRefused() {
    assertThatThrownBy(() -> ModelArtifactJson.read("{\"schema_version\": 1,".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessageStartingWith("not valid JSON at line 1");
    assertThatThrownBy(() -> ModelArtifactJson.read("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a JSON object");
    byte[] twice = (new String(ModelArtifactJson.write(twoFeatureArtifact()), StandardCharsets.UTF_8) + "{}")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelArtifactJson.read(twice)).hasMessageStartingWith("not valid JSON");
  }

  @Test
  void fileErrorsNameTheFile() throws IOException {
    Path missing = dir.resolve("none.json");
    assertThatThrownBy(() -> ModelArtifactJson.read(missing)).hasMessage(missing + ": no such file");
    Path broken = dir.resolve("broken.json");
    ObjectNode tree = tree(twoFeatureArtifact());
    ((ArrayNode) tree.at("/scaler/scale")).set(1, -1.0);
    Files.write(broken, TREES.writeValueAsBytes(tree));
    assertThatThrownBy(() -> ModelArtifactJson.read(broken))
        .hasMessage(broken + ": scaler.scale[1]: must be > 0, was -1.0");
  }

  @Test
  void writeRefusesAnIncompleteArtifact() {
    ModelArtifact noReference = new ModelArtifact(1, "m", "v", "2026-01-01T00:00:00Z", "y",
        List.of(FeatureSpec.continuous("a", "u", 0, 1)),
        new Standardizer(new double[] {0}, new double[] {1}), new LinearModel("lasso", 0.1, new double[] {1}, 0),
        null, null);
    assertThatThrownBy(() -> ModelArtifactJson.write(noReference))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessage("training: missing");
  }

  private static ObjectNode tree(ModelArtifact artifact) {
    try {
      return (ObjectNode) TREES.readTree(ModelArtifactJson.write(artifact));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(Consumer<ObjectNode> corruption, String messageStart) {
    ObjectNode tree = tree(twoFeatureArtifact());
    corruption.accept(tree);
    byte[] json;
    try {
      json = TREES.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> ModelArtifactJson.read(json))
        .isInstanceOf(InvalidModelArtifactException.class)
        .hasMessageStartingWith(messageStart);
  }
}
