package io.driftwatch.cli;

import io.driftwatch.core.drift.DistributionDrift;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftThresholds;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code drift}'s table: one line per feature and one for the prediction, then the verdict. */
final class DriftTable {

  private static final String ROW = "%-12s %7s %7s %7s %9s %9s %9s %11s  %s%n";

  private DriftTable() {}

  static void print(PrintWriter out, String source, DriftReport report) {
    DriftThresholds t = report.thresholds();
    out.printf(Locale.ROOT, "%s: %d rows, model %s version %s%n", source, report.count(), report.modelName(),
        report.modelVersion());
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
      out.printf(Locale.ROOT, "No decision: %d rows, fewer than the %d a decision needs%n", report.count(),
          t.minSamples());
    } else if (report.datasetDrift()) {
      double moved = 0;
      for (String name : report.driftedFeatures()) {
        moved += report.feature(name).predictionShift();
      }
      out.printf(Locale.ROOT, "Drift: %s (mean prediction %s, of which %s from the drifted features)%n",
          String.join(", ", report.driftedFeatures()), signed(report.predictionMeanShift()), signed(moved));
    } else {
      out.println("No drift");
    }
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
