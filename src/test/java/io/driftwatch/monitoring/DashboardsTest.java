package io.driftwatch.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.testing.MonitoringQueries;
import io.driftwatch.testing.MonitoringQueries.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards and provisioning, and how docker-compose.yml wires them to Prometheus and driftwatch. Whether
 * the metrics they name are exported: {@code MetricsEndpointTest} (driftwatch's own) and {@code ExactlyOnceBrokerTest}
 * (Kafka Streams, JVM, process), through {@link MonitoringQueries}.
 */
class DashboardsTest {

  private static final Map<String, String> UIDS = Map.of(
      "drift-overview.json", "driftwatch-drift",
      "model-performance.json", "driftwatch-performance",
      "service-health.json", "driftwatch-service");
  private static final Set<String> PANEL_TYPES =
      Set.of("timeseries", "stat", "gauge", "bargauge", "heatmap", "state-timeline", "table");
  /** The Grafana variables a query may use (scripts that run the queries outside Grafana substitute these). */
  private static final Set<String> VARIABLES = Set.of("feature", "__rate_interval", "__interval", "__range");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  @TempDir Path tmp;

  @Test
  void threeDashboardsWithStableUidsTheProvisionedDataSourceAndLiveDefaults() {
    Map<String, JsonNode> dashboards = MonitoringQueries.dashboards();
    assertThat(dashboards.keySet()).containsExactlyInAnyOrderElementsOf(UIDS.keySet());
    Set<String> titles = new HashSet<>();
    dashboards.forEach((file, d) -> {
      assertThat(d.path("uid").asText()).as(file).isEqualTo(UIDS.get(file));
      assertThat(titles.add(d.path("title").asText())).as(file + " title unique").isTrue();
      assertThat(d.path("title").asText()).as(file).startsWith("driftwatch");
      assertThat(d.path("schemaVersion").asInt()).as(file).isBetween(39, 42);
      assertThat(d.path("refresh").asText()).as(file).isEqualTo("10s");
      assertThat(d.path("time").path("from").asText()).as(file).isEqualTo("now-30m");
      assertThat(d.path("time").path("to").asText()).as(file).isEqualTo("now");
      assertThat(d.path("id").isNull()).as(file + ": no database id").isTrue();
      for (JsonNode annotation : d.path("annotations").path("list")) {
        if (annotation.path("builtIn").asInt() != 1) {
          assertThat(annotation.path("datasource").path("uid").asText()).as(file).isEqualTo("prometheus");
          assertThat(annotation.path("expr").asText()).as(file).isNotBlank();
        }
      }
    });
  }

  @Test
  void everyPanelIsPlainPlacedOnTheGridAndQueriesPrometheus() {
    MonitoringQueries.dashboards().forEach((file, d) -> {
      Set<String> defined = new HashSet<>(VARIABLES);
      defined.remove("feature");
      for (JsonNode variable : d.path("templating").path("list")) {
        defined.add(variable.path("name").asText());
      }
      List<int[]> cells = new ArrayList<>();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : MonitoringQueries.panels(d)) {
        String where = file + ": panel '" + panel.path("title").asText() + "'";
        assertThat(panel.path("title").asText()).as(file + " panel title").isNotBlank();
        assertThat(panel.path("type").asText()).as(where).isIn(PANEL_TYPES);
        assertThat(ids.add(panel.path("id").asInt())).as(where + " id unique").isTrue();
        assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo("prometheus");
        JsonNode grid = panel.path("gridPos");
        int x = grid.path("x").asInt(-1);
        int y = grid.path("y").asInt(-1);
        int w = grid.path("w").asInt(0);
        int h = grid.path("h").asInt(0);
        assertThat(x).as(where + " x").isBetween(0, 23);
        assertThat(y).as(where + " y").isNotNegative();
        assertThat(w).as(where + " w").isBetween(1, 24 - x);
        assertThat(h).as(where + " h").isPositive();
        for (int[] other : cells) {
          boolean overlap = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3]
              && other[1] < y + h;
          assertThat(overlap).as(where + " overlaps another panel").isFalse();
        }
        cells.add(new int[] {x, y, w, h});

        assertThat(panel.path("targets")).as(where + " targets").isNotEmpty();
        Set<String> refIds = new HashSet<>();
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText();
          assertThat(expr).as(where + " expr").isNotBlank();
          assertThat(refIds.add(target.path("refId").asText())).as(where + " refId unique").isTrue();
          assertThat(target.path("datasource").path("uid").asText("prometheus")).as(where).isEqualTo("prometheus");
          Matcher variable = VARIABLE.matcher(expr);
          while (variable.find()) {
            assertThat(variable.group(1)).as(where + ": " + expr).isIn(defined);
          }
        }
      }
    });
  }

  @Test
  void theFeatureVariableListsTheMonitoredFeatures() {
    JsonNode drift = MonitoringQueries.dashboards().get("drift-overview.json");
    JsonNode feature = null;
    for (JsonNode variable : drift.path("templating").path("list")) {
      if (variable.path("name").asText().equals("feature")) {
        feature = variable;
      }
    }
    assertThat(feature).isNotNull();
    JsonNode query = feature.path("query");
    String text = query.isObject() ? query.path("query").asText() : query.asText();
    assertThat(text).isEqualTo("label_values(driftwatch_drift_psi, feature)");
    assertThat(feature.path("datasource").path("uid").asText()).isEqualTo("prometheus");
    assertThat(feature.path("multi").asBoolean()).isTrue();
    assertThat(feature.path("includeAll").asBoolean()).isTrue();
  }

  @Test
  void theQueriesNameDriftwatchKafkaStreamsAndJvmMetrics() {
    Map<String, Set<String>> uses = MonitoringQueries.metricUses();
    assertThat(uses.keySet()).contains("driftwatch_dataset_drift", "driftwatch_drift_psi",
        "driftwatch_prediction_bucket", "driftwatch_concept_detector_statistic",
        "driftwatch_event_processing_seconds_bucket", "driftwatch_records_total", "driftwatch_ready",
        "kafka_stream_thread_commit_total", "jvm_memory_used_bytes", "process_cpu_usage");
    // Only the prefixes the tests check against a scrape, or Prometheus' own series.
    assertThat(uses.keySet()).allSatisfy(name -> assertThat(name.startsWith("driftwatch_")
        || name.matches("(kafka_stream|kafka_consumer|kafka_producer|kafka_admin_client|jvm|process|system)_.+")
        || MonitoringQueries.PROMETHEUS_SERIES.contains(name)).as(name + " used by " + uses.get(name)).isTrue());
  }

  /** Every query is valid PromQL, as Prometheus' own parser reads it (skipped where promtool is not installed). */
  @Test
  void everyDashboardQueryParses() throws Exception {
    Path promtool = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        promtool = candidate;
        break;
      }
    }
    Assumptions.assumeTrue(promtool != null, "promtool is not installed");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    List<Query> queries = MonitoringQueries.dashboardQueries();
    for (int i = 0; i < queries.size(); i++) {
      String expr = queries.get(i).expr().replace("$__rate_interval", "1m").replace("$__interval", "15s")
          .replace("$__range", "30m").replace("$feature", ".*");
      rules.append("      - record: dashboard:query").append(i).append('\n')
          .append("        expr: ").append(MonitoringQueries.JSON.writeValueAsString(expr)).append('\n');
    }
    Path file = tmp.resolve("dashboard-queries.yml");
    Files.writeString(file, rules, UTF_8);
    Process check = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
        .redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output + "\n" + queries).isZero();
    assertThat(output).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void composeWiresGrafanaToPrometheusAndPrometheusToDriftwatch() throws IOException {
    JsonNode compose = MonitoringQueries.YAML.readTree(Path.of("docker-compose.yml").toFile());
    JsonNode services = compose.path("services");

    // Grafana: provisioning read-only, dashboards where the provider looks, the drift overview as home.
    JsonNode grafana = services.path("grafana");
    Map<String, String> grafanaMounts = mounts(grafana);
    JsonNode datasources = MonitoringQueries.YAML.readTree(
        Path.of("grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources");
    assertThat(datasources).hasSize(1);
    JsonNode prometheus = datasources.get(0);
    assertThat(prometheus.path("name").asText()).isEqualTo("Prometheus");
    assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
    assertThat(prometheus.path("uid").asText()).isEqualTo("prometheus");
    assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(prometheus.path("isDefault").asBoolean()).isTrue();
    assertThat(grafanaMounts).containsEntry("./grafana/provisioning/datasources",
        "/etc/grafana/provisioning/datasources:ro");
    assertThat(grafanaMounts).containsEntry("./grafana/provisioning/dashboards",
        "/etc/grafana/provisioning/dashboards:ro");
    JsonNode providers = MonitoringQueries.YAML.readTree(
        Path.of("grafana/provisioning/dashboards/driftwatch.yml").toFile()).path("providers");
    assertThat(providers).hasSize(1);
    assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
    String dashboardsPath = providers.get(0).path("options").path("path").asText();
    assertThat(grafanaMounts).containsEntry("./grafana/dashboards", dashboardsPath + ":ro");
    JsonNode environment = grafana.path("environment");
    assertThat(environment.path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
        .isEqualTo(dashboardsPath + "/drift-overview.json");
    assertThat(environment.path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");
    assertThat(environment.path("GF_AUTH_ANONYMOUS_ORG_ROLE").asText()).isEqualTo("Viewer");
    assertThat(environment.path("GF_AUTH_DISABLE_LOGIN_FORM").asText()).isEqualTo("false");
    assertThat(grafana.path("ports").toString()).contains("3000:3000");

    // Prometheus: its configuration and, beside it, every rule file it names; scraping the driftwatch service.
    JsonNode prometheusService = services.path("prometheus");
    Map<String, String> prometheusMounts = mounts(prometheusService);
    String config = prometheusMounts.get("./config/prometheus.yml");
    assertThat(config).isEqualTo("/etc/prometheus/prometheus.yml:ro");
    JsonNode prometheusConfig = MonitoringQueries.YAML.readTree(Path.of("config/prometheus.yml").toFile());
    for (JsonNode ruleFile : prometheusConfig.path("rule_files")) {
      String local = "./config/" + ruleFile.asText();
      assertThat(Path.of(local)).exists();
      assertThat(prometheusMounts).containsEntry(local, "/etc/prometheus/" + ruleFile.asText() + ":ro");
    }
    assertThat(prometheusConfig.path("rule_files")).isNotEmpty();
    assertThat(prometheusService.path("ports").toString()).contains("9090:9090");
    Set<String> targets = new TreeSet<>();
    for (JsonNode job : prometheusConfig.path("scrape_configs")) {
      for (JsonNode staticConfig : job.path("static_configs")) {
        staticConfig.path("targets").forEach(t -> targets.add(t.asText()));
      }
    }
    assertThat(targets).containsExactly("driftwatch:9464");
    assertThat(services.has("driftwatch")).isTrue();
    assertThat(services.path("driftwatch").path("ports").toString()).contains("9464:9464");

    // The story: a third clinic's s1 and s2 stop going together from minute 1 to 4 (joint drift), one clinic's inputs
    // drift after 5 minutes, the other's outcomes after 7.5.
    assertThat(services.path("simulator").path("command").toString())
        .contains("\"covariate-shift\"", "\"--shift\",\"1\"", "\"--drift-after\",\"6000\"", "\"--rate\",\"20\"");
    assertThat(services.path("simulator-concept").path("command").toString())
        .contains("\"concept-shift\"", "\"--drift-after\",\"9000\"", "\"--rate\",\"20\"", "\"--label-delay\",\"30s\"");
    assertThat(services.path("simulator-correlation").path("command").toString())
        .contains("\"correlation-break\"", "\"--features\",\"s1,s2\"", "\"--drift-after\",\"600\"",
            "\"--count\",\"2400\"", "\"--rate\",\"10\"");
  }

  /** A service's bind mounts, host path → container path (with its mode). */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new HashMap<>();
    for (JsonNode volume : service.path("volumes")) {
      String spec = volume.asText();
      int colon = spec.indexOf(':');
      mounts.put(spec.substring(0, colon), spec.substring(colon + 1));
    }
    return mounts;
  }
}
