package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.train.GoldenDiabetes;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.testing.TrainedModels;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * The notebook's 89 test patients, sent as events in raw units through the topology with the model our trainer
 * builds, come out with scikit-learn's predictions, each explained by contributions that sum to it.
 */
class GoldenPredictionsTest {

  @Test
  void theNotebooksTestPatientsGetScikitLearnsPredictionsWithContributionsThatSumToThem() {
    ModelArtifact artifact = TrainedModels.diabetes();
    ModelRegistry models = new ModelRegistry(artifact.modelName());
    models.install(artifact);
    Dataset data = Dataset.loadBundledDiabetes();
    int[] testRows = GoldenDiabetes.integers("test_index");
    double[] expected = GoldenDiabetes.numbers("test_predictions");
    assertThat(testRows).hasSize(89);

    try (TopologyFixture fixture = new TopologyFixture(models)) {
      for (int i = 0; i < testRows.length; i++) {
        fixture.send(event("test-" + i, data.featureNames(), data.row(testRows[i])));
      }
      List<KeyValue<String, byte[]>> records = fixture.predictions.readKeyValuesToList();

      assertThat(records).hasSize(89);
      assertThat(fixture.deadLetters.isEmpty()).isTrue();
      for (int i = 0; i < records.size(); i++) {
        Prediction prediction = PredictionJson.read(records.get(i).value);
        assertThat(records.get(i).key).isEqualTo("test-" + i);
        assertThat(prediction.eventId()).isEqualTo("patient-features:0:" + i);
        assertThat(prediction.modelVersion()).isEqualTo(artifact.modelVersion());
        assertThat(prediction.prediction()).as("test patient %d (row %d)", i, testRows[i])
            .isCloseTo(expected[i], within(1e-4));
        double sum = artifact.model().intercept();
        for (double contribution : prediction.contributions().values()) {
          sum += contribution;
        }
        // 11 numbers each written to 6 decimals: at most 11 x 0.5e-6 apart
        assertThat(sum).as("intercept + contributions of test patient %d", i)
            .isCloseTo(prediction.prediction(), within(6e-6));
        assertThat(prediction.contributions().keySet()).containsExactlyElementsOf(data.featureNames());
      }
    }
  }

  @Test
  void theNotebooksFirstTestPatientScores140Point05() {
    ModelArtifact artifact = TrainedModels.diabetes();
    ModelRegistry models = new ModelRegistry(artifact.modelName());
    models.install(artifact);

    try (TopologyFixture fixture = new TopologyFixture(models)) {
      fixture.features.pipeInput(null, ("{\"patient_id\":\"p-17\",\"age\":61,\"sex\":1,\"bmi\":25.8,\"bp\":90,"
          + "\"s1\":280,\"s2\":195.4,\"s3\":55,\"s4\":5,\"s5\":4.9972,\"s6\":90}").getBytes(UTF_8));

      Prediction prediction = PredictionJson.read(fixture.predictions.readValue());
      assertThat(prediction.prediction()).isCloseTo(140.05, within(0.005));
      assertThat(prediction.prediction()).isCloseTo(GoldenDiabetes.numbers("test_predictions")[0], within(1e-4));
    }
  }

  private static String event(String patientId, List<String> names, double[] row) {
    StringBuilder json = new StringBuilder("{\"patient_id\":\"").append(patientId).append('"');
    for (int j = 0; j < names.size(); j++) {
      json.append(",\"").append(names.get(j)).append("\":").append(row[j]);
    }
    return json.append('}').toString();
  }
}
