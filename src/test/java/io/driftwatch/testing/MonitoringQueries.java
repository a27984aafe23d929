package io.driftwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression the monitoring files hold (Grafana dashboards: panel targets, annotation queries, template
 * variables; Prometheus alert rules: {@code expr} and the queries inside annotations) and the metric names they read,
 * for tests that check those metrics are exported.
 */
public final class MonitoringQueries {

  public static final Path DASHBOARDS = Path.of("grafana/dashboards");
  public static final Path ALERTS = Path.of("config/alerts.yml");

  /** Series Prometheus makes itself, not scraped from driftwatch. */
  public static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  public static final ObjectMapper JSON = new ObjectMapper();
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$",
      Pattern.DOTALL);
  private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);
  private static final Pattern TEMPLATE_QUERY = Pattern.compile("query\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One expression and where it is, e.g. {@code drift-overview.json: panel 'PSI by feature' A}. */
  public record Query(String source, String expr) {}

  private MonitoringQueries() {}

  /** The dashboards' JSON files, by name. */
  public static Map<String, JsonNode> dashboards() {
    Map<String, JsonNode> result = new TreeMap<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        result.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /** Every panel of a dashboard, those inside rows included. */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      for (JsonNode inner : panel.path("panels")) {
        panels.add(inner);
      }
    }
    return panels;
  }

  /** Every expression of the dashboards and of the alert rules. */
  public static List<Query> all() {
    List<Query> queries = new ArrayList<>(dashboardQueries());
    queries.addAll(alertQueries());
    return queries;
  }

  public static List<Query> dashboardQueries() {
    List<Query> queries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : dashboards().entrySet()) {
      String file = entry.getKey();
      JsonNode dashboard = entry.getValue();
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          queries.add(new Query(file + ": panel '" + panel.path("title").asText() + "' "
              + target.path("refId").asText(), target.path("expr").asText()));
        }
      }
      for (JsonNode annotation : dashboard.path("annotations").path("list")) {
        String expr = annotation.has("expr") ? annotation.get("expr").asText()
            : annotation.path("target").path("expr").asText("");
        if (!expr.isBlank()) {
          queries.add(new Query(file + ": annotation '" + annotation.path("name").asText() + "'", expr));
        }
      }
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          JsonNode query = variable.path("query");
          String text = query.isObject() ? query.path("query").asText() : query.asText();
          queries.add(new Query(file + ": variable '" + variable.path("name").asText() + "'", variableExpr(text)));
        }
      }
    }
    return queries;
  }

  public static List<Query> alertQueries() {
    List<Query> queries = new ArrayList<>();
    JsonNode rules;
    try {
      rules = YAML.readTree(ALERTS.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.has("alert") ? rule.get("alert").asText() : rule.path("record").asText();
        queries.add(new Query("alerts.yml: " + name, rule.path("expr").asText()));
        for (Map.Entry<String, JsonNode> annotation : rule.path("annotations").properties()) {
          Matcher m = TEMPLATE_QUERY.matcher(annotation.getValue().asText());
          while (m.find()) {
            queries.add(new Query("alerts.yml: " + name + " " + annotation.getKey(),
                m.group(1).replace("\\\"", "\"")));
          }
        }
      }
    }
    return queries;
  }

  /** Metric name → where it is used, over {@link #all()}. */
  public static Map<String, Set<String>> metricUses() {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Query query : all()) {
      for (String name : PromQl.metricNames(query.expr())) {
        uses.computeIfAbsent(name, k -> new TreeSet<>()).add(query.source());
      }
    }
    return uses;
  }

  /**
   * The metrics named by dashboards and alert rules and selected by {@code which} that {@code scrape} does not export
   * (neither as such nor as a histogram's or summary's series), each with where it is used; empty when all are.
   */
  public static List<String> notExported(String scrape, Predicate<String> which) {
    List<String> missing = new ArrayList<>();
    metricUses().forEach((name, sources) -> {
      if (which.test(name) && PromQl.family(name, scrape) == null) {
        missing.add(name + " (used by " + String.join("; ", sources) + ")");
      }
    });
    return missing;
  }

  /** The exported families ({@code driftwatch_prediction} for {@code driftwatch_prediction_bucket}) of those names. */
  public static Set<String> families(String scrape, Predicate<String> which) {
    Set<String> families = new TreeSet<>();
    for (String name : metricUses().keySet()) {
      String family = PromQl.family(name, scrape);
      if (which.test(name) && family != null) {
        families.add(family);
      }
    }
    return families;
  }

  /**
   * Scrapes until every selected metric is exported or {@code timeout} passes, and returns what is still missing.
   * Some meters appear late: Micrometer registers a GC's pause timer at its first collection (this asks for one).
   */
  public static List<String> awaitExported(Supplier<String> scrape, Predicate<String> which, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> missing = notExported(scrape.get(), which);
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        return missing;
      }
      System.gc();
      Thread.sleep(200);
    }
  }

  /** The PromQL inside a Grafana variable query: {@code label_values(m, l)} reads {@code m}. */
  private static String variableExpr(String query) {
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (labelValues.matches()) {
      return labelValues.group(1);
    }
    if (query.trim().startsWith("label_values(")) {
      return ""; // label_values(label): no metric
    }
    Matcher result = QUERY_RESULT.matcher(query);
    return result.matches() ? result.group(1) : query;
  }
}
