package io.driftwatch.cli;

import io.driftwatch.core.drift.DataQuality;
import io.driftwatch.core.drift.DistributionDrift;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftThresholds;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code drift}'s table: one line per feature and one for the prediction, then the verdict. */
final class DriftTable {

  private static final String ROW = "%-12s %7s %7s %7s %9s %9s %9s %11s  %s%n";

  private DriftTable() {}

  /** @param firstRejection the first rejected row's message, or null when none was */
  static void print(PrintWriter out, String source, DriftReport report, String firstRejection) {
    DriftThresholds t = report.thresholds();
    DataQuality quality = report.dataQuality();
    long rejected = quality == null ? 0 : quality.rejected();
    out.printf(Locale.ROOT, "%s: %s scored%s, model %s version %s%n", source, rows(report.count()),
        rejected == 0 ? "" : String.format(Locale.ROOT, ", %s rejected (%.1f %%: %s)", rows(rejected),
            100.0 * quality.rejectedShare(), byReason(quality)),
        report.modelName(), report.modelVersion());
    if (firstRejection != null) {
      out.println("First rejected: " + firstRejection);
    }
    out.printf(Locale.ROOT, "Rule: drift when Holm-adjusted p <= %s and (PSI >= %s or Wasserstein >= %s sigma),"
            + " with at least %d rows%n%n", sig(t.significanceLevel()), fixed(t.psiFloor(), 2),
        fixed(t.wassersteinSigmaFloor(), 2), t.minSamples());
    out.printf(Locale.ROOT, ROW, "feature", "n", "PSI", "KS", "p-value", "adj. p", "W1 sigma", "pred. shift",
        "drift");
    for (DistributionDrift f : report.features()) {
      line(out, f, signed(f.predictionShift()));
    }
    line(out, report.prediction(), signed(report.predictionMeanShift()));
    out.println();
    if (report.belowMinSamples()) {
      out.printf(Locale.ROOT, "No decision: %s scored, fewer than the %d a decision needs%n", rows(report.count()),
          t.minSamples());
    } else if (report.datasetDrift()) {
      double moved = 0;
      for (String name : report.driftedFeatures()) {
        moved += report.feature(name).predictionShift();
      }
      out.printf(Locale.ROOT, "Drift: %s (%s moves the mean prediction by %s; all features together: %s)%n",
          String.join(", ", report.driftedFeatures()), report.driftedFeatures().size() == 1 ? "it" : "they",
          signed(moved), signed(report.predictionMeanShift()));
    } else {
      out.println("No drift");
    }
  }

  private static String rows(long n) {
    return n == 1 ? "1 row" : n + " rows";
  }

  private static String byReason(DataQuality quality) {
    StringBuilder text = new StringBuilder();
    quality.byReason().forEach((reason, n) -> {
      if (n > 0) {
        text.append(text.length() == 0 ? "" : ", ").append(reason.code()).append('=').append(n);
      }
    });
    return text.toString();
  }

  private static void line(PrintWriter out, DistributionDrift d, String shift) {
    out.printf(Locale.ROOT, ROW, d.name(), d.count(), fixed(d.psi(), 3), fixed(d.ksStatistic(), 3), sig(d.pValue()),
        sig(d.adjustedPValue()), fixed(d.wassersteinSigma(), 3), shift, d.drift() ? "yes" : "-");
  }

  private static String fixed(double value, int digits) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + digits + "f", value) : "-";
  }

  private static String signed(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.2f", value + 0.0) : "-";
  }

  /** Three significant figures, in scientific notation below 0.001. */
  private static String sig(double value) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    if (value != 0 && Math.abs(value) < 1e-3) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
