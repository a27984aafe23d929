package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.testing.TrainedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code drift --csv} as a user meets it: rows the stream would reject are counted by its reasons and the rest judged
 * ({@code --strict} stops instead), the service's configuration file is checked as {@code serve} checks it, and the
 * exit status says drift (1), none (0) or bad input (2).
 */
class DriftCommandTest {

  private static final Dataset DIABETES = Dataset.loadBundledDiabetes();
  private static final String HEADER = "patient_id,event_time,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6";

  @TempDir Path dir;
  private Path model;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeModel() {
    model = dir.resolve("model.json");
    ModelArtifactJson.write(TrainedModels.diabetes(), model);
  }

  private int run(String... args) {
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    all[0] = "drift";
    all[1] = "--model";
    all[2] = model.toString();
    all[3] = "--set=drift.calibration.rounds=0"; // the significance level is then the false-alarm rate: fast
    System.arraycopy(args, 0, all, 4, args.length);
    return cli.execute(all);
  }

  /** The first {@code n} rows of the data set, one a second from 2026-11-24T09:00:00Z, with {@code extra} lines. */
  private Path batch(int n, String... extra) throws Exception {
    return batch(n, -1, extra);
  }

  /**
   * Like {@link #batch(int, String...)}, but with column {@code broken}'s values (when not -1) taken from the row
   * {@code n / 2} further on: its distribution unchanged, its correlations with the other features gone.
   */
  private Path batch(int n, int broken, String... extra) throws Exception {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < n; i++) {
      csv.append("p-").append(i).append(",2026-11-24T09:").append(String.format("%02d:%02d", i / 60 % 60, i % 60))
          .append('Z');
      double[] row = DIABETES.row(i).clone();
      if (broken >= 0) {
        row[broken] = DIABETES.row((i + n / 2) % n)[broken];
      }
      for (double v : row) {
        csv.append(',').append(v);
      }
      csv.append('\n');
    }
    for (String line : extra) {
      csv.append(line).append('\n');
    }
    return Files.writeString(dir.resolve("batch.csv"), csv);
  }

  @Test
  void rowsTheStreamWouldRejectAreCountedByReasonAndTheOthersJudged() throws Exception {
    Path csv = batch(300,
        "p-kpa,2026-11-24T10:00:00Z,50,1,25.0,13.6,180,100,50,4,4.5,90",
        "p-empty,2026-11-24T10:00:01Z,50,1,,90,180,100,50,4,4.5,90",
        "p-nan,2026-11-24T10:00:02Z,50,1,NaN,90,180,100,50,4,4.5,90",
        "p-clock,2099-01-01T00:00:00Z,50,1,25.0,90,180,100,50,4,4.5,90",
        "p-time,yesterday,50,1,25.0,90,180,100,50,4,4.5,90");

    int status = run("--csv", csv.toString(), "--json", dir.resolve("r.json").toString());

    assertThat(err.toString()).isEmpty();
    assertThat(status).isZero();
    assertThat(out.toString().lines().limit(2)).containsExactly(
        csv + ": 300 rows scored, 5 rows rejected (1.6 %: missing_field=1, non_finite=1, out_of_range=1,"
            + " invalid_event_time=1, future_event_time=1), model diabetes-lasso version "
            + TrainedModels.diabetes().modelVersion(),
        "First rejected: " + csv + ", line 302, column 6 (bp): field 'bp' is 13.6, outside the accepted range"
            + " [40, 250] mm Hg");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertThat(report.get("count").asLong()).isEqualTo(300);
    assertThat(report.get("data_quality").toString()).isEqualTo("{\"records\":305,\"rejected\":5,"
        + "\"rejected_share\":0.01639344262295082,\"by_reason\":{\"missing_field\":1,\"non_finite\":1,"
        + "\"out_of_range\":1,\"invalid_event_time\":1,\"future_event_time\":1}}");
    assertThat(report.get("window_start").asText()).isEqualTo("2026-11-24T09:00:00Z");
    assertThat(report.get("window_end").asText()).as("the rejected rows' times do not count")
        .isEqualTo("2026-11-24T09:04:59Z");
  }

  @Test
  void strictStopsAtTheFirstRejectedRowNamingIt() throws Exception {
    Path csv = batch(10, "p-kpa,2026-11-24T10:00:00Z,50,1,25.0,13.6,180,100,50,4,4.5,90");

    assertThat(run("--csv", csv.toString(), "--strict")).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("drift: " + csv + ", line 12, column 6 (bp): field 'bp' is 13.6, outside"
        + " the accepted range [40, 250] mm Hg" + System.lineSeparator());
  }

  @Test
  void aBatchWhoseEveryRowIsRejectedIsBadInput() throws Exception {
    Path csv = batch(0, "p-kpa,2026-11-24T10:00:00Z,50,1,25.0,13.6,180,100,50,4,4.5,90");

    assertThat(run("--csv", csv.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("drift: every row was rejected; the first: " + csv + ", line 2, column 6"
        + " (bp): field 'bp' is 13.6, outside the accepted range [40, 250] mm Hg" + System.lineSeparator());
  }

  @Test
  void theServicesConfigurationIsCheckedAsServeChecksIt() throws Exception {
    Path csv = batch(10);
    Path config = Files.writeString(dir.resolve("driftwatch.properties"), "drift.min.sample=5000\n");

    assertThat(run("--csv", csv.toString(), "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith(
        "drift: unknown key 'drift.min.sample' (did you mean 'drift.min.samples'?); driftwatch's keys are ");
  }

  @Test
  void theConfigurationsThresholdsDecide() throws Exception {
    Path csv = batch(300);
    Path config = Files.writeString(dir.resolve("driftwatch.properties"), "drift.min.samples=301\n");

    assertThat(run("--csv", csv.toString(), "--config", config.toString())).isZero();
    assertThat(out.toString()).contains("with at least 301 rows")
        .endsWith("No decision: 300 rows scored, fewer than the 301 a decision needs" + System.lineSeparator());
  }

  @Test
  void aReportThatCannotBeWrittenSaysWhy() throws Exception {
    Path csv = batch(10);

    assertThat(run("--csv", csv.toString(), "--html", "/nonexistent/report.html")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("drift: cannot write /nonexistent/report.html: no such directory:"
        + " /nonexistent" + System.lineSeparator());
  }

  @Test
  void aBatchLikeTheReferenceShowsTheJointTestsAndNoDrift() throws Exception {
    Path csv = batch(400);

    assertThat(run("--csv", csv.toString())).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        csv + ": 400 rows scored, model diabetes-lasso version " + TrainedModels.diabetes().modelVersion(),
        "Rule: drift when Holm-adjusted p <= 0.0100 and (PSI >= 0.10 or Wasserstein >= 0.10 sigma), with at least"
            + " 200 rows",
        "      jointly: adj. p <= 0.0100 and (mean shift >= 0.10 sigma or correlation change >= 0.10)",
        "",
        "feature            n     PSI      KS   p-value    adj. p  W1 sigma pred. shift  drift",
        "age              400   0.009   0.028     0.998      1.00     0.049       -0.05  -",
        "sex              400   0.000   0.007     0.843      1.00     0.015       -0.16  -",
        "bmi              400   0.012   0.028     0.998      1.00     0.051       -1.19  -",
        "bp               400   0.012   0.025      1.00      1.00     0.045       -0.37  -",
        "s1               400   0.007   0.017      1.00      1.00     0.028       +0.07  -",
        "s2               400   0.004   0.015      1.00      1.00     0.028       -0.04  -",
        "s3               400   0.010   0.025      1.00      1.00     0.043       +0.00  -",
        "s4               400   0.004   0.008      1.00      1.00     0.030       -0.12  -",
        "s5               400   0.010   0.022      1.00      1.00     0.033       -0.47  -",
        "s6               400   0.011   0.033     0.985      1.00     0.069       -0.14  -",
        "prediction       400   0.009   0.025      1.00      1.00     0.048       -2.47  -",
        "",
        "Joint tests:              T2 1.10 (p 1.00, adj. p 1.00), Mahalanobis 0.077 sigma",
        "Shifted given the others: none",
        "Changed correlations:     none",
        "",
        "No drift",
        ""));
  }

  @Test
  void aBrokenCorrelationAloneIsDriftExitingOne() throws Exception {
    Path csv = batch(400, DIABETES.featureNames().indexOf("s2"));

    assertThat(run("--csv", csv.toString())).isEqualTo(1);
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        csv + ": 400 rows scored, model diabetes-lasso version " + TrainedModels.diabetes().modelVersion(),
        "Rule: drift when Holm-adjusted p <= 0.0100 and (PSI >= 0.10 or Wasserstein >= 0.10 sigma), with at least"
            + " 200 rows",
        "      jointly: adj. p <= 0.0100 and (mean shift >= 0.10 sigma or correlation change >= 0.10)",
        "",
        "feature            n     PSI      KS   p-value    adj. p  W1 sigma pred. shift  drift",
        "age              400   0.009   0.028     0.998      1.00     0.049       -0.05  -",
        "sex              400   0.000   0.007     0.843      1.00     0.015       -0.16  -",
        "bmi              400   0.012   0.028     0.998      1.00     0.051       -1.19  -",
        "bp               400   0.012   0.025      1.00      1.00     0.045       -0.37  -",
        "s1               400   0.007   0.017      1.00      1.00     0.028       +0.07  -",
        "s2               400   0.004   0.015      1.00      1.00     0.028       -0.04  -",
        "s3               400   0.010   0.025      1.00      1.00     0.043       +0.00  -",
        "s4               400   0.004   0.008      1.00      1.00     0.030       -0.12  -",
        "s5               400   0.010   0.022      1.00      1.00     0.033       -0.47  -",
        "s6               400   0.011   0.033     0.985      1.00     0.069       -0.14  -",
        "prediction       400   0.027   0.045     0.824      1.00     0.064       -2.47  -",
        "",
        // s2 read from another patient: no feature looks different alone, s2's pairs do.
        "Joint tests:              T2 1.11 (p 1.00, adj. p 1.00), Mahalanobis 0.077 sigma",
        "Shifted given the others: none",
        "Changed correlations:     s1:s2 0.89 -> 0.00 (adj. p 4.45e-79)",
        "                          s2:s4 0.66 -> 0.00 (adj. p 1.46e-24)",
        "",
        "Joint drift: s1:s2, s2:s4 correlations changed (no feature drifted on its own)",
        ""));
  }

  @Test
  void belowMinSamplesTheJointLinesSayNotJudgedRatherThanNone() throws Exception {
    Path csv = batch(150, DIABETES.featureNames().indexOf("s2"));

    assertThat(run("--csv", csv.toString())).isZero();
    String text = out.toString();
    assertThat(text).contains(String.join(System.lineSeparator(),
        "Shifted given the others: not judged (fewer rows than drift.min.samples)",
        "Changed correlations:     not judged (fewer rows than drift.min.samples)"));
    assertThat(text).doesNotContain("none");
  }

  @Test
  void withoutJointTestsTheTableSaysWhy() throws Exception {
    Path csv = batch(400, DIABETES.featureNames().indexOf("s2"));

    assertThat(run("--csv", csv.toString(), "--set", "drift.multivariate=false")).isZero();
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        csv + ": 400 rows scored, model diabetes-lasso version " + TrainedModels.diabetes().modelVersion(),
        "Rule: drift when Holm-adjusted p <= 0.0100 and (PSI >= 0.10 or Wasserstein >= 0.10 sigma), with at least"
            + " 200 rows",
        "",
        "feature            n     PSI      KS   p-value    adj. p  W1 sigma pred. shift  drift",
        "age              400   0.009   0.028     0.998      1.00     0.049       -0.05  -",
        "sex              400   0.000   0.007     0.843      1.00     0.015       -0.16  -",
        "bmi              400   0.012   0.028     0.998      1.00     0.051       -1.19  -",
        "bp               400   0.012   0.025      1.00      1.00     0.045       -0.37  -",
        "s1               400   0.007   0.017      1.00      1.00     0.028       +0.07  -",
        "s2               400   0.004   0.015      1.00      1.00     0.028       -0.04  -",
        "s3               400   0.010   0.025      1.00      1.00     0.043       +0.00  -",
        "s4               400   0.004   0.008      1.00      1.00     0.030       -0.12  -",
        "s5               400   0.010   0.022      1.00      1.00     0.033       -0.47  -",
        "s6               400   0.011   0.033     0.985      1.00     0.069       -0.14  -",
        "prediction       400   0.027   0.045     0.824      1.00     0.064       -2.47  -",
        "",
        "Joint tests:              not run: drift.multivariate=false",
        "",
        "No drift",
        ""));
  }
}
