package io.driftwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.report.HtmlDriftReport;
import io.driftwatch.report.ReportSource;
import io.driftwatch.streaming.KafkaReachability;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.readback.DriftReportLog;
import io.driftwatch.streaming.readback.MissingTopicException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the drift reports the service wrote recently (topics.drift-reports) and writes them as one"
          + " self-contained HTML page (per feature the window's histogram over the reference's, the statistics and"
          + " the decision; the prediction distribution; the drift timeline over the windows read), and/or as JSON.",
      "Exit status: 0 written; 1 nothing to report or the cluster could not be read; 2 bad options or configuration."
    })
public final class ReportCommand implements Callable<Integer> {

  static final int WRITTEN = 0;
  static final int FAILED = 1;
  static final int BAD_OPTIONS = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka brokers; overrides the config file and DRIFTWATCH_BOOTSTRAP_SERVERS.")
  String bootstrapServers;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
      description = "Read the reports written in this last stretch of time (record timestamps): 2h, 30m, P7D"
          + " (default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.")
  Path html;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Write the reports read as a JSON array (drift-reports values, oldest window first); - prints it"
          + " to standard output instead of the summary line.")
  Path json;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The service's properties file (topics.drift-reports, cluster and security settings).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets a configuration key (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (html == null && json == null) {
      err.println("report: give --html FILE, --json FILE or both");
      return BAD_OPTIONS;
    }
    if (since.isNegative() || since.isZero()) {
      err.println("report: --since must be a positive duration, got " + since);
      return BAD_OPTIONS;
    }
    DriftwatchConfig loaded;
    try {
      Map<String, String> settings = CliOptions.withBootstrap(overrides, bootstrapServers);
      loaded = DriftwatchConfig.load(config, settings, System.getenv());
    } catch (DriftwatchConfigException e) {
      err.println("report: invalid configuration: " + e.getMessage());
      return BAD_OPTIONS;
    }
    String topic = loaded.topics().driftReports();
    Instant now = clock.instant();
    DriftReportLog.Read read;
    try {
      read = DriftReportLog.read(loaded.toConsumerProperties(), topic, now.minus(since).toEpochMilli());
    } catch (MissingTopicException e) {
      err.println("report: " + e.getMessage() + " on " + loaded.bootstrapServers());
      return FAILED;
    } catch (KafkaException e) {
      // Kafka's own words ("Timeout expired while fetching topic metadata") do not say which server failed, or why.
      err.println("report: could not read topic " + topic + " on " + loaded.bootstrapServers() + ": "
          + e.getMessage() + " [" + KafkaReachability.describeEach(loaded.bootstrapServers()) + "]");
      return FAILED;
    }
    List<ObjectNode> reports = read.reports();
    if (reports.isEmpty()) {
      err.println("report: no drift reports on topic " + topic + " written in the last " + since + " ("
          + read.read() + " records read" + (read.skipped() > 0 ? ", " + read.skipped() + " not drift reports" : "")
          + ")");
      return FAILED;
    }
    String source = "topic " + topic + " on " + loaded.bootstrapServers() + ", reports written since "
        + now.minus(since).truncatedTo(ChronoUnit.SECONDS);
    boolean toStdout = CliOptions.isStandardOutput(json);
    Path target = null;
    try {
      if (json != null) {
        String text = JSON.writeValueAsString(reports);
        if (toStdout) {
          out.println(text);
        } else {
          target = json;
          Files.writeString(json, text + "\n", StandardCharsets.UTF_8);
        }
      }
      if (html != null) {
        target = html;
        Files.writeString(html, HtmlDriftReport.render(List.<JsonNode>copyOf(reports),
            ReportSource.of(source, now)), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      err.println("report: cannot write " + target + ": " + Problems.describe(e));
      return FAILED;
    }
    if (toStdout) {
      out.flush();
      return WRITTEN;
    }
    long drifted = reports.stream().filter(r -> r.path("dataset_drift").asBoolean()).count();
    out.printf("%d drift report%s from topic %s (windows starting %s to %s), %d with drift%s%n", reports.size(),
        reports.size() == 1 ? "" : "s", topic,
        reports.get(0).path("window_start").asText(), reports.get(reports.size() - 1).path("window_start").asText(),
        drifted, read.skipped() > 0 ? "; " + read.skipped() + " records were not drift reports" : "");
    if (html != null) {
      out.println("HTML report: " + html);
    }
    if (json != null) {
      out.println("JSON reports: " + json);
    }
    out.flush();
    return WRITTEN;
  }
}
