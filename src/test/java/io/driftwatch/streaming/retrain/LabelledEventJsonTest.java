package io.driftwatch.streaming.retrain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.retrain.LabelledRecord;
import io.driftwatch.testing.TestArtifacts;
import org.junit.jupiter.api.Test;

/** A labelled-events value as a row in the champion's feature order, or the reason it is skipped. */
class LabelledEventJsonTest {

  private static final LabelledEventJson JSON = new LabelledEventJson(TestArtifacts.diabetes("bb1548420105"));

  /** The value {@code LabelJoinTopologyTest} shows in the README, features in another order than the model's. */
  private static final String VALUE = "{\"event_id\":\"e-1\",\"event_time\":\"2026-11-24T10:00:01Z\","
      + "\"outcome_time\":\"2026-11-24T10:00:30Z\",\"model_name\":\"diabetes-lasso\",\"model_version\":\"0123456789ab\","
      + "\"prediction\":140.047024,\"features\":{\"sex\":1.0,\"age\":61.0,\"bmi\":25.8,\"bp\":90.0,\"s1\":280.0,"
      + "\"s2\":195.4,\"s3\":55.0,\"s4\":5.0,\"s5\":4.9972,\"s6\":90.0},\"progression\":200.0}";

  private static LabelledEventJson.Parsed parse(String value) {
    return JSON.parse(value == null ? null : value.getBytes(UTF_8));
  }

  private static String skipped(String value) {
    return ((LabelledEventJson.Skipped) parse(value)).reason();
  }

  @Test
  void featuresAreTakenByNameInTheChampionsOrderWithTheVisitsTimeAndTheOutcome() {
    LabelledRecord row = ((LabelledEventJson.Row) parse(VALUE)).record();

    assertThat(row.eventId()).isEqualTo("e-1");
    assertThat(row.eventTimeMs()).isEqualTo(1_795_514_401_000L);
    assertThat(row.features()).containsExactly(61.0, 1.0, 25.8, 90.0, 280.0, 195.4, 55.0, 5.0, 4.9972, 90.0);
    assertThat(row.outcome()).isEqualTo(200.0);
  }

  @Test
  void aPredictionByAnotherVersionOfTheSameModelIsARowLikeAnyOther() {
    assertThat(parse(VALUE.replace("0123456789ab", "ffffffffffff"))).isInstanceOf(LabelledEventJson.Row.class);
  }

  @Test
  void recordsThatCannotBeUsedAreSkippedWithAReasonThatCanBeCounted() {
    assertThat(skipped(null)).isEqualTo("empty record");
    assertThat(skipped("")).isEqualTo("empty record");
    assertThat(skipped("{\"event_id\":")).isEqualTo("invalid JSON");
    assertThat(skipped("[1,2]")).isEqualTo("invalid JSON");
    assertThat(skipped(VALUE.replace("\"event_id\":\"e-1\",", ""))).isEqualTo("no event_id");
    assertThat(skipped(VALUE.replace("\"e-1\"", "\"\""))).isEqualTo("no event_id");
    assertThat(skipped(VALUE.replace("\"2026-11-24T10:00:01Z\"", "\"yesterday\""))).isEqualTo("no valid event_time");
    assertThat(skipped(VALUE.replace("\"diabetes-lasso\"", "\"heart-lasso\"")))
        .isEqualTo("another model (model_name 'heart-lasso')");
    assertThat(skipped(VALUE.replace("\"bmi\":25.8,", ""))).isEqualTo("missing feature 'bmi'");
    assertThat(skipped(VALUE.replace("\"bmi\":25.8", "\"bmi\":\"25.8\""))).isEqualTo("missing feature 'bmi'");
    assertThat(skipped(VALUE.replace("\"bmi\":25.8", "\"bmi\":900")))
        .isEqualTo("feature 'bmi' outside what the champion accepts");
    assertThat(skipped(VALUE.replace("\"sex\":1.0", "\"sex\":1.5")))
        .isEqualTo("feature 'sex' outside what the champion accepts");
    assertThat(skipped(VALUE.replace("\"bmi\":25.8", "\"bmi\":1e999")))
        .isEqualTo("feature 'bmi' outside what the champion accepts");
    assertThat(skipped(VALUE.replace("\"progression\"", "\"hba1c\"")))
        .isEqualTo("no outcome 'progression' (another target?)");
    assertThat(skipped(VALUE.replace("200.0}", "null}"))).isEqualTo("no outcome 'progression' (another target?)");
  }
}
