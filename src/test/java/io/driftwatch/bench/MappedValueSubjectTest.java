package io.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.streaming.scoring.Prediction;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.streaming.scoring.ScoringModel;
import io.driftwatch.testing.TrainedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MappedValueSubjectTest {

  @Test
  void thePredictionSizedRecordIsARealPredictionOfTheBundledDatasFirstPatient() {
    ScoringModel model = ScoringModel.compile(TrainedModels.diabetes());
    byte[] json = MappedValueSubject.typicalPrediction(model);

    Prediction prediction = PredictionJson.read(json);
    double sum = model.scorer().intercept()
        + prediction.contributions().values().stream().mapToDouble(Double::doubleValue).sum();

    assertThat(ClinicalSample.bundledDiabetes().featureNames())
        .containsExactlyElementsOf(prediction.contributions().keySet());
    assertThat(sum).isCloseTo(prediction.prediction(), within(1e-5));
    assertThat(prediction.contributions()).hasSize(10);
    assertThat(json.length).isBetween(300, 360); // the size the attribution in docs/benchmarks.md reasons about
  }

  @Test
  void benchNamesEveryTopologyItKnowsWhenGivenAnUnknownOne() {
    StringWriter err = new StringWriter();
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int status = cli.execute("bench", "--topology", "nope");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains(
        "--topology: unknown topology 'nope'; accepted: pass-through, scoring, scoring-no-metrics, scoring-drift,"
            + " scoring-drift-concept, prediction-sized");
  }
}
