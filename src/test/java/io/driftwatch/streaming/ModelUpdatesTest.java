package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.deadletter.DeadLetterHeaders;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.driftwatch.testing.TrainedModels;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Artifacts published to the models topic switch the model live; anything unusable there is ignored. */
class ModelUpdatesTest {

  private static final String EVENT = "{\"patient_id\":\"p-17\",\"age\":61,\"sex\":1,\"bmi\":25.8,\"bp\":90,"
      + "\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}";
  private static final double[] RAW = {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90};

  private final ModelArtifact v1 = TrainedModels.diabetes();
  private final ModelArtifact v2 = TrainedModels.scaled(v1, 2);
  private TopologyFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  private List<Prediction> predictions() {
    return fixture.predictions.readValuesToList().stream().map(PredictionJson::read).toList();
  }

  private void publish(String key, byte[] value) {
    fixture.modelsTopic.pipeInput(key, value);
  }

  @Test
  void aPublishedModelScoresFromTheNextRecordOn() {
    fixture = new TopologyFixture(new ModelRegistry(v1.modelName()));
    publish(v1.modelName(), ModelArtifactJson.write(v1));
    fixture.send(EVENT);
    fixture.send(EVENT);

    publish(v2.modelName(), ModelArtifactJson.write(v2));
    fixture.send(EVENT);

    List<Prediction> predictions = predictions();
    assertThat(v2.modelVersion()).isNotEqualTo(v1.modelVersion());
    assertThat(predictions).extracting(Prediction::modelVersion)
        .containsExactly(v1.modelVersion(), v1.modelVersion(), v2.modelVersion());
    double p1 = new ScoringModelOf(v1).predict();
    double p2 = new ScoringModelOf(v2).predict();
    assertThat(p2 - v1.model().intercept()).isCloseTo(2 * (p1 - v1.model().intercept()), within(1e-9));
    assertThat(predictions).extracting(Prediction::prediction) // written to 6 decimals
        .containsExactly(round6(p1), round6(p1), round6(p2));
    assertThat(fixture.models.current().version()).isEqualTo(v2.modelVersion());
  }

  @Test
  void theTopicsModelReplacesTheInitialOne() {
    ModelRegistry models = new ModelRegistry(v1.modelName());
    models.install(v1); // as --model FILE does
    fixture = new TopologyFixture(models);
    fixture.send(EVENT);

    publish(v2.modelName(), ModelArtifactJson.write(v2));
    fixture.send(EVENT);

    assertThat(predictions()).extracting(Prediction::modelVersion)
        .containsExactly(v1.modelVersion(), v2.modelVersion());
  }

  @Test
  void invalidArtifactsOtherModelsAndTombstonesLeaveThePreviousModelInPlace() {
    fixture = new TopologyFixture(new ModelRegistry(v1.modelName()));
    publish(v1.modelName(), ModelArtifactJson.write(v1));

    String withNanScale = new String(ModelArtifactJson.write(v1), UTF_8)
        .replaceFirst("\"scale\" : \\[ [-0-9.eE]+", "\"scale\" : [ NaN");
    publish(v1.modelName(), "not json".getBytes(UTF_8));
    publish(v1.modelName(), withNanScale.getBytes(UTF_8));
    publish(v1.modelName(), "{\"schema_version\":99}".getBytes(UTF_8));
    publish(v1.modelName(), null);
    publish("heart-lasso", ModelArtifactJson.write(v2));
    publish(null, ModelArtifactJson.write(v2));
    fixture.send(EVENT);

    assertThat(predictions()).extracting(Prediction::modelVersion).containsExactly(v1.modelVersion());
    assertThat(fixture.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void anInvalidFirstArtifactLeavesNoModelSoEventsAreDeadLetteredNotLost() {
    fixture = new TopologyFixture(new ModelRegistry(v1.modelName()));
    publish(v1.modelName(), "{}".getBytes(UTF_8));

    fixture.send(EVENT);

    assertThat(fixture.predictions.isEmpty()).isTrue();
    assertThat(TopologyFixture.header(fixture.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
        .isEqualTo("no_model");
  }

  @Test
  void theTrainedArtifactsRangesDecideWhatIsOutOfRange() {
    fixture = new TopologyFixture(new ModelRegistry(v1.modelName()));
    publish(v1.modelName(), ModelArtifactJson.write(v1));

    fixture.send(EVENT.replace("\"age\":61", "\"age\":-3"));
    fixture.send(EVENT.replace("\"bmi\":25.8", "\"bmi\":900"));
    fixture.send(EVENT.replace("\"bp\":90", "\"bp\":12")); // kPa instead of mm Hg

    assertThat(fixture.deadLetters.readRecordsToList())
        .extracting(r -> TopologyFixture.header(r.headers(), DeadLetterHeaders.MESSAGE))
        .containsExactly(
            "field 'age' is -3, outside the accepted range [0, 120] years",
            "field 'bmi' is 900, outside the accepted range [10, 80] kg/m2",
            "field 'bp' is 12, outside the accepted range [40, 250] mm Hg");
  }

  /** The prediction the artifact's own scorer gives the notebook's first test patient. */
  private record ScoringModelOf(ModelArtifact artifact) {
    double predict() {
      return ScoringModel.compile(artifact).scorer().predict(RAW);
    }
  }

  private static double round6(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
