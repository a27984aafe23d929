package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.drift.DistributionDrift;
import io.driftwatch.core.drift.DataQuality;
import io.driftwatch.core.drift.DistributionTest;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftState;
import io.driftwatch.core.drift.DriftStates;
import io.driftwatch.core.drift.MultivariateDrift;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.performance.ConceptAlarm;
import io.driftwatch.core.performance.DetectorStatistics;
import io.driftwatch.core.performance.PerformanceReport;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.drift.DriftReportsAccess;
import io.driftwatch.streaming.metrics.MetricsServer;
import io.driftwatch.streaming.performance.PerformanceReports;
import io.driftwatch.streaming.performance.PerformanceReportsAccess;
import io.driftwatch.streaming.scoring.ModelRegistry;
import io.driftwatch.testing.MonitoringQueries;
import io.driftwatch.testing.TestArtifacts;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} and {@code /health/*} of a real {@link DriftwatchService} (not started: its topology runs in a
 * {@link TopologyTestDriver} with the service's own counters), scraped over HTTP.
 */
class MetricsEndpointTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String GOOD_FEATURES = TestArtifacts.FIRST_TEST_PATIENT_FEATURES;

  /** Every driftwatch metric the README lists, with its type and label names (in order). */
  private static final Map<String, String> DRIFTWATCH_METRICS = Map.ofEntries(
      Map.entry("driftwatch_records_total", "counter outcome,reason"),
      Map.entry("driftwatch_model_info", "gauge model_name,model_version"),
      Map.entry("driftwatch_model_switch_timestamp_seconds", "gauge "),
      Map.entry("driftwatch_drift_psi", "gauge feature"),
      Map.entry("driftwatch_drift_ks_statistic", "gauge feature"),
      Map.entry("driftwatch_drift_p_value", "gauge feature"),
      Map.entry("driftwatch_drift_wasserstein_sigma", "gauge feature"),
      Map.entry("driftwatch_drift_mean_shift_sigma", "gauge feature"),
      Map.entry("driftwatch_drift_flag", "gauge feature"),
      Map.entry("driftwatch_drift_prediction_shift", "gauge feature"),
      Map.entry("driftwatch_dataset_drift", "gauge "),
      Map.entry("driftwatch_prediction_drift", "gauge "),
      Map.entry("driftwatch_drift_window_records", "gauge "),
      Map.entry("driftwatch_drift_late_records", "gauge "),
      Map.entry("driftwatch_drift_window_end_timestamp_seconds", "gauge "),
      Map.entry("driftwatch_drift_rejected_share", "gauge "),
      Map.entry("driftwatch_drift_rejected_records", "gauge reason"),
      Map.entry("driftwatch_drift_since_timestamp_seconds", "gauge feature"),
      Map.entry("driftwatch_drift_ended_timestamp_seconds", "gauge feature"),
      Map.entry("driftwatch_drift_multivariate_drift", "gauge "),
      Map.entry("driftwatch_drift_multivariate_tested", "gauge "),
      Map.entry("driftwatch_drift_hotelling_t2", "gauge "),
      Map.entry("driftwatch_drift_multivariate_p_value", "gauge "),
      Map.entry("driftwatch_drift_mahalanobis_sigma", "gauge "),
      Map.entry("driftwatch_drift_partial_shift_sigma", "gauge feature"),
      Map.entry("driftwatch_drift_partial_shift_adjusted_p_value", "gauge feature"),
      Map.entry("driftwatch_drift_correlation_change", "gauge pair"),
      Map.entry("driftwatch_drift_pair_adjusted_p_value", "gauge pair"),
      Map.entry("driftwatch_drift_pair_flag", "gauge pair"),
      Map.entry("driftwatch_performance_rmse", "gauge "),
      Map.entry("driftwatch_performance_reference_rmse", "gauge "),
      Map.entry("driftwatch_performance_rmse_ratio", "gauge "),
      Map.entry("driftwatch_performance_bias", "gauge "),
      Map.entry("driftwatch_concept_drift", "gauge "),
      Map.entry("driftwatch_label_coverage", "gauge "),
      Map.entry("driftwatch_concept_alarms_total", "counter "),
      Map.entry("driftwatch_performance_window_end_timestamp_seconds", "gauge "),
      Map.entry("driftwatch_drift_adjusted_p_value", "gauge feature"),
      Map.entry("driftwatch_outcomes_total", "counter result"),
      Map.entry("driftwatch_concept_detector_statistic", "gauge detector,feature"),
      Map.entry("driftwatch_concept_detector_threshold", "gauge detector"),
      Map.entry("driftwatch_event_processing_seconds", "histogram le"),
      Map.entry("driftwatch_event_processing_seconds_max", "gauge "),
      Map.entry("driftwatch_prediction", "histogram le"),
      Map.entry("driftwatch_prediction_max", "gauge "),
      Map.entry("driftwatch_ready", "gauge "));

  private final ModelArtifact model = TrainedModels.diabetes();
  private DriftwatchService service;
  private MetricsServer server;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> features;
  private final AtomicReference<Optional<String>> readiness =
      new AtomicReference<>(Optional.of("no model 'diabetes-lasso' is loaded"));

  @TempDir Path dir;

  @BeforeEach
  void startService() {
    ModelRegistry models = new ModelRegistry(model.modelName());
    models.install(model);
    // Not started: nothing connects to the broker.
    DriftwatchConfig config = DriftwatchConfig.of(Map.of("bootstrap.servers", "localhost:9", "state.dir",
        dir.resolve("service").toString()));
    service = DriftwatchService.create(config, models);
    Properties driverProperties = DriftwatchTopology.streamsProperties(config, service.recordOutcomes());
    driverProperties.put("state.dir", dir.resolve("driver").toString());
    driver = new TopologyTestDriver(service.topology(), driverProperties, Instant.parse("2026-11-24T10:00:00Z"));
    features = driver.createInputTopic(config.topics().features(), new ByteArraySerializer(),
        new ByteArraySerializer(), Instant.parse("2026-11-24T10:00:00Z"), java.time.Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (driver != null) {
      driver.close();
    }
    service.close();
  }

  @Test
  void scrapesEveryDocumentedMetricWithItsTypeLabelsAndExactValues() throws Exception {
    server = MetricsServer.start(0, service.metrics(), service::notReady);

    String before = get("/metrics").body();
    assertThat(value(before, "driftwatch_records_total{outcome=\"scored\",reason=\"\"}")).isEqualTo(0);
    for (RejectReason reason : RejectReason.values()) {
      assertThat(value(before,
          "driftwatch_records_total{outcome=\"dead_lettered\",reason=\"" + reason.code() + "\"}")).isEqualTo(0);
    }
    // Window gauges are absent until this instance emits a report (not 0, not NaN).
    assertThat(before).doesNotContain("driftwatch_drift_psi").doesNotContain("driftwatch_performance_rmse");
    assertThat(value(before, "driftwatch_concept_alarms_total")).isEqualTo(0);

    // Records with patient ids through the real topology: 3 scored, 2 out of range, 1 invalid JSON.
    List<String> secrets = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      secrets.add("p-secret-" + i);
    }
    send("{\"patient_id\":\"p-secret-1\"," + GOOD_FEATURES + "}");
    send("{\"patient_id\":\"p-secret-2\"," + GOOD_FEATURES + "}");
    send("{\"patient_id\":\"p-secret-3\"," + GOOD_FEATURES.replace("\"bp\":90", "\"bp\":12") + "}");
    send("{\"patient_id\":\"p-secret-4\"," + GOOD_FEATURES + "}");
    send("{\"patient_id\":\"p-secret-5\"," + GOOD_FEATURES.replace("\"bp\":90", "\"bp\":12") + "}");
    send("{\"patient_id\":\"p-secret-6\", not json");
    assertThat(service.recordOutcomes().scoredCount()).isEqualTo(3);

    DriftReport report = driftReport();
    DriftReportsAccess.publish(service.driftReports(), report);
    PerformanceReport performance = new PerformanceReport(412, false, 61.5, 50.25, -3.75, 53.5, 61.5 / 53.5, 0.001,
        0.002, true, true, List.of(), List.of(), null);
    PerformanceReportsAccess.publishWindow(service.performanceReports(), new PerformanceReports.Window(
        Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T10:05:00Z"), model.modelVersion(), 0.875,
        performance));
    PerformanceReportsAccess.publishDetector(service.performanceReports(), new DetectorStatistics(
        model.modelVersion(), List.of("bmi", "s5"), new double[] {12.5, 3.25}, 7.75, 32.5, 33.25, 1200));
    PerformanceReportsAccess.publishAlarm(service.performanceReports(),
        new ConceptAlarm(1_795_000_000_000L, ConceptAlarm.ERROR, 9.5, 8.25, List.of()));

    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
    String scrape = response.body();

    for (Map.Entry<String, String> metric : DRIFTWATCH_METRICS.entrySet()) {
      String name = metric.getKey();
      String[] typeAndLabels = metric.getValue().split(" ", -1);
      assertThat(scrape).as(name).contains("\n# TYPE " + name + " " + typeAndLabels[0] + "\n");
      // A histogram's labels are those of its buckets; its _count and _sum have the same ones without le.
      List<String> labelSets = labelNames(scrape, typeAndLabels[0].equals("histogram") ? name + "_bucket" : name);
      assertThat(labelSets).as(name).isNotEmpty().allSatisfy(labels -> assertThat(labels).isEqualTo(typeAndLabels[1]));
    }

    // Every driftwatch metric a dashboard or an alert rule names is exported (a histogram's _bucket, _count and _sum
    // by their family) and documented; every one the README documents is checked above.
    assertThat(MonitoringQueries.notExported(scrape, name -> name.startsWith("driftwatch_"))).isEmpty();
    assertThat(DRIFTWATCH_METRICS.keySet())
        .containsAll(MonitoringQueries.families(scrape, name -> name.startsWith("driftwatch_")));
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    java.util.regex.Matcher documented = java.util.regex.Pattern.compile("\n\\| `(driftwatch_[a-z0-9_]+)` \\|")
        .matcher(readme);
    java.util.Set<String> inReadme = new java.util.TreeSet<>();
    while (documented.find()) {
      inReadme.add(documented.group(1));
    }
    assertThat(inReadme).isEqualTo(new java.util.TreeSet<>(DRIFTWATCH_METRICS.keySet()));

    assertThat(value(scrape, "driftwatch_records_total{outcome=\"scored\",reason=\"\"}")).isEqualTo(3);
    assertThat(value(scrape, "driftwatch_records_total{outcome=\"dead_lettered\",reason=\"out_of_range\"}"))
        .isEqualTo(2);
    assertThat(value(scrape, "driftwatch_records_total{outcome=\"dead_lettered\",reason=\"invalid_json\"}"))
        .isEqualTo(1);
    assertThat(value(scrape, "driftwatch_records_total{outcome=\"dead_lettered\",reason=\"no_model\"}")).isEqualTo(0);
    assertThat(seriesCount(scrape, "driftwatch_records_total")).isEqualTo(1 + RejectReason.values().length);

    assertThat(value(scrape, "driftwatch_model_info{model_name=\"diabetes-lasso\",model_version=\""
        + model.modelVersion() + "\"}")).isEqualTo(1);
    Instant switched = service.models().switchedAt().orElseThrow();
    assertThat(value(scrape, "driftwatch_model_switch_timestamp_seconds"))
        .isEqualTo(switched.getEpochSecond() + switched.getNano() / 1e9);

    for (DistributionDrift f : report.features()) {
      String label = "{feature=\"" + f.name() + "\"}";
      assertThat(value(scrape, "driftwatch_drift_psi" + label)).as(f.name()).isEqualTo(f.psi());
      assertThat(value(scrape, "driftwatch_drift_ks_statistic" + label)).isEqualTo(f.ksStatistic());
      assertThat(value(scrape, "driftwatch_drift_p_value" + label)).isEqualTo(f.pValue());
      assertThat(value(scrape, "driftwatch_drift_wasserstein_sigma" + label)).isEqualTo(f.wassersteinSigma());
      assertThat(value(scrape, "driftwatch_drift_mean_shift_sigma" + label)).isEqualTo(f.meanShiftSigma());
      assertThat(value(scrape, "driftwatch_drift_flag" + label)).isEqualTo(f.drift() ? 1 : 0);
      assertThat(value(scrape, "driftwatch_drift_prediction_shift" + label)).isEqualTo(f.predictionShift());
    }
    assertThat(seriesCount(scrape, "driftwatch_drift_psi")).isEqualTo(report.features().size());
    assertThat(value(scrape, "driftwatch_dataset_drift")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_prediction_drift")).isEqualTo(0);
    assertThat(value(scrape, "driftwatch_drift_window_records")).isEqualTo(250);
    assertThat(value(scrape, "driftwatch_drift_late_records")).isEqualTo(7);
    assertThat(value(scrape, "driftwatch_drift_window_end_timestamp_seconds"))
        .isEqualTo(Instant.parse("2026-11-24T10:01:00Z").getEpochSecond());
    assertThat(value(scrape, "driftwatch_drift_rejected_share")).isEqualTo(5 / 255.0);
    assertThat(value(scrape, "driftwatch_drift_rejected_records{reason=\"out_of_range\"}")).isEqualTo(3);
    assertThat(value(scrape, "driftwatch_drift_rejected_records{reason=\"invalid_json\"}")).isEqualTo(2);
    assertThat(seriesCount(scrape, "driftwatch_drift_rejected_records")).as("reasons seen in a report only")
        .isEqualTo(2);
    String bmi = "{feature=\"" + model.featureNames()[2] + "\"}";
    String s5 = "{feature=\"s5\"}";
    assertThat(value(scrape, "driftwatch_drift_since_timestamp_seconds" + bmi))
        .isEqualTo(Instant.parse("2026-11-24T09:58:00Z").getEpochSecond());
    assertThat(value(scrape, "driftwatch_drift_ended_timestamp_seconds" + bmi)).as("still drifting").isNaN();
    assertThat(value(scrape, "driftwatch_drift_since_timestamp_seconds" + s5))
        .isEqualTo(Instant.parse("2026-11-24T09:40:00Z").getEpochSecond());
    assertThat(value(scrape, "driftwatch_drift_ended_timestamp_seconds" + s5))
        .isEqualTo(Instant.parse("2026-11-24T09:45:00Z").getEpochSecond());
    assertThat(value(scrape, "driftwatch_drift_since_timestamp_seconds{feature=\"age\"}")).as("never").isNaN();
    assertThat(seriesCount(scrape, "driftwatch_drift_since_timestamp_seconds")).isEqualTo(report.features().size());

    // The joint tests: window gauges, one partial shift per feature, one series per tested pair ("first:second").
    assertThat(value(scrape, "driftwatch_drift_multivariate_drift")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_drift_multivariate_tested")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_drift_hotelling_t2")).isEqualTo(21.25);
    assertThat(value(scrape, "driftwatch_drift_multivariate_p_value")).isEqualTo(0.0234375);
    assertThat(value(scrape, "driftwatch_drift_mahalanobis_sigma")).isEqualTo(0.3125);
    assertThat(value(scrape, "driftwatch_drift_partial_shift_sigma" + bmi)).isEqualTo(0.25);
    assertThat(value(scrape, "driftwatch_drift_partial_shift_adjusted_p_value" + bmi)).isEqualTo(0.0078125);
    assertThat(value(scrape, "driftwatch_drift_partial_shift_sigma{feature=\"age\"}")).isEqualTo(-0.0625);
    assertThat(value(scrape, "driftwatch_drift_partial_shift_adjusted_p_value{feature=\"age\"}")).isEqualTo(1);
    assertThat(seriesCount(scrape, "driftwatch_drift_partial_shift_sigma")).isEqualTo(report.features().size());
    assertThat(value(scrape, "driftwatch_drift_correlation_change{pair=\"s1:s2\"}")).isEqualTo(-0.75);
    assertThat(value(scrape, "driftwatch_drift_pair_adjusted_p_value{pair=\"s1:s2\"}")).isEqualTo(0.001953125);
    assertThat(value(scrape, "driftwatch_drift_pair_flag{pair=\"s1:s2\"}")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_drift_correlation_change{pair=\"age:bmi\"}")).isEqualTo(0.0625);
    assertThat(value(scrape, "driftwatch_drift_pair_adjusted_p_value{pair=\"age:bmi\"}")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_drift_pair_flag{pair=\"age:bmi\"}")).isEqualTo(0);
    assertThat(seriesCount(scrape, "driftwatch_drift_pair_flag")).isEqualTo(2);

    assertThat(value(scrape, "driftwatch_performance_rmse")).isEqualTo(61.5);
    assertThat(value(scrape, "driftwatch_performance_reference_rmse")).isEqualTo(53.5);
    assertThat(value(scrape, "driftwatch_performance_rmse_ratio")).isEqualTo(61.5 / 53.5);
    assertThat(value(scrape, "driftwatch_performance_bias")).isEqualTo(-3.75);
    assertThat(value(scrape, "driftwatch_concept_drift")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_label_coverage")).isEqualTo(0.875);
    assertThat(value(scrape, "driftwatch_concept_alarms_total")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_performance_window_end_timestamp_seconds"))
        .isEqualTo(Instant.parse("2026-11-24T10:05:00Z").getEpochSecond());

    assertThat(value(scrape, "driftwatch_concept_detector_statistic{detector=\"association\",feature=\"bmi\"}"))
        .isEqualTo(12.5);
    assertThat(value(scrape, "driftwatch_concept_detector_statistic{detector=\"association\",feature=\"s5\"}"))
        .isEqualTo(3.25);
    assertThat(value(scrape, "driftwatch_concept_detector_statistic{detector=\"error\",feature=\"\"}"))
        .isEqualTo(7.75);
    assertThat(seriesCount(scrape, "driftwatch_concept_detector_statistic")).isEqualTo(3);
    assertThat(value(scrape, "driftwatch_concept_detector_threshold{detector=\"association\"}")).isEqualTo(32.5);
    assertThat(value(scrape, "driftwatch_concept_detector_threshold{detector=\"error\"}")).isEqualTo(33.25);
    for (String result : List.of("joined", "unmatched", "duplicate", "expired")) {
      assertThat(value(scrape, "driftwatch_outcomes_total{result=\"" + result + "\"}")).as(result).isEqualTo(0);
    }
    for (DistributionDrift f : report.features()) {
      assertThat(value(scrape, "driftwatch_drift_adjusted_p_value{feature=\"" + f.name() + "\"}"))
          .isEqualTo(f.adjustedPValue());
    }
    // Per event: every record is timed (6), every prediction counted in its bucket (3 × ~140: le 150 and above).
    assertThat(value(scrape, "driftwatch_event_processing_seconds_count")).isEqualTo(6);
    assertThat(value(scrape, "driftwatch_event_processing_seconds_sum")).isPositive();
    assertThat(value(scrape, "driftwatch_event_processing_seconds_bucket{le=\"+Inf\"}")).isEqualTo(6);
    assertThat(seriesCount(scrape, "driftwatch_event_processing_seconds_bucket")).isEqualTo(15);
    assertThat(value(scrape, "driftwatch_prediction_count")).isEqualTo(3);
    double prediction = new io.driftwatch.core.model.LinearScorer(model)
        .predict(new double[] {61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90}); // GOOD_FEATURES
    assertThat(prediction).isBetween(125.0, 150.0);
    assertThat(value(scrape, "driftwatch_prediction_sum"))
        .isCloseTo(3 * prediction, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(value(scrape, "driftwatch_prediction_bucket{le=\"125.0\"}")).isEqualTo(0);
    assertThat(value(scrape, "driftwatch_prediction_bucket{le=\"150.0\"}")).isEqualTo(3);
    assertThat(seriesCount(scrape, "driftwatch_prediction_bucket")).isEqualTo(15);
    assertThat(value(scrape, "driftwatch_ready")).isEqualTo(0); // Kafka Streams is not started here

    // Kafka Streams', JVM and process binders.
    assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge").contains("# TYPE jvm_gc_max_data_size_bytes gauge")
        .contains("# TYPE jvm_threads_live_threads gauge").contains("# TYPE process_cpu_usage gauge")
        .contains("# TYPE process_uptime_seconds gauge").contains("kafka_stream_");

    // No patient id anywhere: not in a label, not in a value.
    for (String secret : secrets) {
      assertThat(scrape).doesNotContain(secret);
    }
    assertThat(scrape).doesNotContain("p-secret");
  }

  @Test
  void aNewModelVersionReplacesTheInfoSeries() throws Exception {
    server = MetricsServer.start(0, service.metrics(), service::notReady);
    ModelArtifact v2 = TrainedModels.scaled(model, 2);
    service.models().install(v2);

    String scrape = get("/metrics").body();
    assertThat(seriesCount(scrape, "driftwatch_model_info")).isEqualTo(1);
    assertThat(value(scrape, "driftwatch_model_info{model_name=\"diabetes-lasso\",model_version=\""
        + v2.modelVersion() + "\"}")).isEqualTo(1);
    assertThat(scrape).doesNotContain(model.modelVersion());
  }

  @Test
  void readinessGives503WithTheReasonThen200() throws Exception {
    server = MetricsServer.start(0, service.metrics(), readiness::get);

    HttpResponse<String> notReady = get("/health/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("not ready: no model 'diabetes-lasso' is loaded\n");
    readiness.set(Optional.empty());
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("live\n");
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void theServiceIsNotReadyUntilKafkaStreamsRuns() throws Exception {
    server = MetricsServer.start(0, service.metrics(), service::notReady);
    HttpResponse<String> response = get("/health/ready");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("not ready: Kafka Streams is CREATED\n");
  }

  @Test
  void aPortInUseFailsNamingTheKey() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> MetricsServer.start(port, service.metrics(), Optional::empty))
          .isInstanceOf(DriftwatchConfigException.class)
          .hasMessage("metrics.port='" + port + "' is invalid: port " + port + " is in use (accepted: a free TCP port"
              + " from 1 to 65535, or 0 for no metrics and health endpoints)");
    }
  }

  private void send(String json) {
    features.pipeInput(null, json.getBytes(UTF_8));
  }

  private DriftReport driftReport() {
    List<DistributionDrift> drifts = new ArrayList<>();
    List<String> names = List.of(model.featureNames());
    for (int i = 0; i < names.size(); i++) {
      drifts.add(drift(names.get(i), i, i == 2));
    }
    return new DriftReport(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T10:01:00Z"),
        model.modelName(), model.modelVersion(), 250, 7, false, true, List.of(names.get(2)), drifts,
        drift("prediction", 99, false), 1.5, 1.25, null,
        DataQuality.of(250, Map.of(RejectReason.OUT_OF_RANGE, 3L, RejectReason.INVALID_JSON, 2L)),
        new DriftStates(new DriftState(true, Instant.parse("2026-11-24T09:58:00Z"), null, null), DriftState.NEVER,
            Map.of(names.get(2), new DriftState(true, Instant.parse("2026-11-24T09:58:00Z"), null,
                    Instant.parse("2026-11-24T10:01:00Z")),
                "s5", new DriftState(false, Instant.parse("2026-11-24T09:40:00Z"),
                    Instant.parse("2026-11-24T09:45:00Z"), Instant.parse("2026-11-24T09:45:00Z")))),
        multivariate(names));
  }

  /** Joint drift from one changed pair (s1, s2) of two tested; bmi shifted given the others, age a little. */
  private static MultivariateDrift multivariate(List<String> names) {
    List<MultivariateDrift.PartialShift> shifts = new ArrayList<>();
    for (String name : names) {
      boolean bmi = name.equals("bmi");
      shifts.add(new MultivariateDrift.PartialShift(name, bmi ? 0.25 : name.equals("age") ? -0.0625 : 0, bmi ? 3.5 : 0,
          bmi ? 0.0005 : 1, bmi ? 0.0078125 : 1, bmi, bmi, bmi));
    }
    MultivariateDrift.PairChange s1s2 =
        new MultivariateDrift.PairChange("s1", "s2", 0.875, 0.125, -20.5, 0.0001, 0.001953125, true, true, true);
    MultivariateDrift.PairChange ageBmi =
        new MultivariateDrift.PairChange("age", "bmi", 0.1875, 0.25, 1.5, 0.125, 1, false, false, false);
    return new MultivariateDrift(true, null, 250, 21.25, 2.0, names.size(), 0.0234375, 0.5, 0.3125, true, shifts,
        List.of("bmi"), List.of(s1s2, ageBmi), List.of(s1s2), 0.0045, 0.001953125, names, new double[0][0],
        new double[0][0]);
  }

  private static DistributionDrift drift(String name, int i, boolean drifted) {
    return new DistributionDrift(name, FeatureKind.CONTINUOUS, 250, 1, 1, 0, 2, 0.03125 * (i + 1), 0.0625 + i / 64.0,
        DistributionTest.KS, Double.NaN, 0.5 / (i + 1), 0.75 / (i + 1), 0.125 * i, 0.01, -0.25 * i, 0.05, drifted,
        drifted, drifted, name.equals("prediction") ? Double.NaN : 0.375 * i, true, null);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one sample line that starts with exactly {@code series} (name and labels). */
  private static double value(String scrape, String series) {
    List<Double> values = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        values.add(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]));
      }
    }
    assertThat(values).as(series + " in\n" + scrape).hasSize(1);
    return values.get(0);
  }

  private static long seriesCount(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).count();
  }

  /** For each sample of {@code name}: its label names, comma-separated. */
  private static List<String> labelNames(String scrape, String name) {
    Pattern label = Pattern.compile("([a-z_]+)=\"");
    List<String> result = new ArrayList<>();
    scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).forEach(line -> {
      List<String> names = new ArrayList<>();
      int end = line.indexOf('}');
      if (line.startsWith(name + "{")) {
        Matcher m = label.matcher(line.substring(name.length(), end));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
      result.add(String.join(",", names));
    });
    return result;
  }
}
