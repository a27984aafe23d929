package io.driftwatch.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.testing.DriftEvents;
import io.driftwatch.testing.DriftEvents.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The joint tests in the running topology: a window in which s2 no longer goes with s1 (each event's s2 read from
 * another patient, every marginal unchanged) is flagged by the stream's merged joint moments, naming the pair; the
 * per-feature tests see nothing; {@code drift.multivariate=false} turns the joint tests off and the report says so.
 */
class JointDriftTopologyTest {

  private static final long W0 = TopologyFixture.START.toEpochMilli();
  private static final int S2 = 5;

  private static List<Event> brokenCorrelation() {
    List<Event> visits = DriftEvents.at("a", W0, 100, 400, 0);
    List<Event> window = new ArrayList<>();
    for (int i = 0; i < visits.size(); i++) {
      Event e = visits.get(i);
      double[] features = e.features().clone();
      features[S2] = visits.get((i + 173) % visits.size()).features()[S2];
      window.add(new Event(e.patientId(), e.eventId(), e.eventTimeMs(), features));
    }
    return window;
  }

  @Test
  void theStreamNamesThePairWhoseCorrelationBroke() throws Exception {
    JsonNode report = DriftCommandMatchesStreamTest.streamReport(brokenCorrelation());
    JsonNode joint = report.get("multivariate");
    assertThat(joint.get("tested").asBoolean()).isTrue();
    assertThat(joint.get("count").asLong()).isEqualTo(400);
    assertThat(joint.get("drift").asBoolean()).isTrue();
    JsonNode first = joint.get("changed_pairs").get(0);
    assertThat(first.get("features").toString()).isEqualTo("[\"s1\",\"s2\"]");
    assertThat(first.get("reference_correlation").asDouble()).isGreaterThan(0.85);
    assertThat(first.get("window_correlation").asDouble()).isLessThan(0.3);
    assertThat(joint.get("shifted_features").size()).isZero();
    assertThat(report.get("dataset_drift").asBoolean()).isTrue();
    assertThat(report.get("drifted_features").size()).as("no feature drifted alone").isZero();
    assertThat(report.get("thresholds").get("multivariate").asBoolean()).isTrue();
  }

  @Test
  void switchedOffTheReportSaysWhy() throws Exception {
    JsonNode report = DriftCommandMatchesStreamTest.streamReport(brokenCorrelation(),
        Map.of("drift.multivariate", "false"));
    JsonNode joint = report.get("multivariate");
    assertThat(joint.get("tested").asBoolean()).isFalse();
    assertThat(joint.get("reason").asText()).isEqualTo("drift.multivariate=false");
    assertThat(joint.get("p_value").isNull()).isTrue();
    assertThat(joint.get("changed_pairs").size()).isZero();
    assertThat(report.get("dataset_drift").asBoolean()).isFalse();
    assertThat(report.get("thresholds").get("multivariate").asBoolean()).isFalse();
  }
}
