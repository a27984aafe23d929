package io.driftwatch.cli;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.drift.BatchDrift;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftReportJson;
import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.report.HtmlDriftReport;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.report.ReportSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Checks one batch of records (a CSV of raw clinical units) against the model's reference for data drift, with"
          + " the stream's statistics and decision rule, as if the batch were one window. Prints a table (feature,"
          + " PSI, KS, p-values, Wasserstein distance, prediction shift, drift), the joint tests (Hotelling T², each"
          + " feature's shift given the others, the pairs whose correlation changed) and optionally writes the report"
          + " as JSON (the drift-reports schema) and as a self-contained HTML page.",
      "Exit status: 0 no drift, 1 drift (of a feature or of the joint tests), 2 bad input (options, configuration,"
          + " model, file or header; every row rejected; with --strict, any row)."
    })
public final class DriftCommand implements Callable<Integer> {

  static final int NO_DRIFT = 0;
  static final int DRIFT = 1;
  static final int BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "FILE", defaultValue = "models/diabetes-lasso.json",
      description = "Model artifact whose reference profile the batch is compared with (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--csv", paramLabel = "FILE", required = true,
      description = "The batch: a CSV whose header names the model's features, as for predict --csv; identifier"
          + " columns (patient_id, event_id, event_time, the target, --id) are accepted, and event_time, when present,"
          + " gives the batch's time range.")
  Path csv;

  @Option(names = "--id", paramLabel = "COLUMN",
      description = "Another identifier column to accept and ignore, besides patient_id, event_id, event_time and the"
          + " target (repeatable), e.g. --id visit_id.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the report as JSON (one drift-reports value); - writes it to standard output"
          + " instead of the table.")
  Path json;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write a self-contained HTML report (opens without network access).")
  Path html;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The service's properties file, checked as serve checks it: its drift.* keys (min samples,"
          + " false-alarm rate, effect floors, calibration) and input.max-future-skew are used, so the batch is judged"
          + " exactly as serve judges a window.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Sets a configuration key as serve would, overriding the file (repeatable), e.g."
          + " --set drift.min.samples=100.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--strict",
      description = "Stop at the first row the stream would reject (exit 2) instead of counting it in the report's"
          + " data quality and judging the other rows.")
  boolean strict;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      DriftwatchConfig settings = settings();
      ModelArtifact artifact = loadModel();
      Instant now = Instant.now();
      BatchRows batch = BatchRows.read(csv, artifact, ids, strict, settings.maxFutureSkew(), now);
      BatchDrift drift = new BatchDrift(artifact, settings.drift().statistics());
      DriftReport report =
          drift.evaluate(batch.rows(), batch.firstEventTime(), batch.lastEventTime(), batch.rejected());
      if (json != null) {
        String text = DriftReportJson.writeString(report);
        if (toStdout()) {
          out.println(text);
        } else {
          write(json, text + "\n");
        }
      }
      if (html != null) {
        String source = csv.getFileName() + " (" + (batch.rows().size() + batch.rejectedCount()) + " rows)";
        write(html, HtmlDriftReport.render(List.of(DriftReportJson.toTree(report)), ReportSource.of(source, now)));
      }
      if (!toStdout()) {
        DriftTable.print(out, csv.toString(), report, batch.firstRejection());
        if (json != null) {
          out.println("JSON report: " + json);
        }
        if (html != null) {
          out.println("HTML report: " + html);
        }
      }
      out.flush();
      if (batch.rows().isEmpty()) {
        err.println("drift: every row was rejected; the first: " + batch.firstRejection());
        return BAD_INPUT;
      }
      return report.datasetDrift() ? DRIFT : NO_DRIFT;
    } catch (CsvFormatException | InvalidModelArtifactException | IllegalArgumentException
        | DriftwatchConfigException e) {
      out.flush();
      err.println("drift: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    } catch (UncheckedIOException e) {
      out.flush();
      err.println("drift: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + Problems.describe(e), e);
    }
  }

  /** {@code --json -}: the JSON instead of the table. */
  private boolean toStdout() {
    return CliOptions.isStandardOutput(json);
  }

  private ModelArtifact loadModel() {
    if (!Files.exists(model)) {
      throw new IllegalArgumentException(
          model + ": no such model artifact (write one with ./driftwatch train --out " + model + ")");
    }
    return ModelArtifactJson.read(model);
  }

  /**
   * The service's configuration as {@code serve} would load it ({@code --config}, {@code --set}; unknown keys and bad
   * values refused, naming the key): only its drift statistics and {@code input.max-future-skew} are used. No broker
   * is contacted, so a placeholder stands in for {@code bootstrap.servers} when neither gives one.
   */
  private DriftwatchConfig settings() {
    Map<String, String> keys = new LinkedHashMap<>(overrides);
    keys.putIfAbsent("bootstrap.servers", "not-used:9092");
    return DriftwatchConfig.load(config, keys, Map.of());
  }
}
