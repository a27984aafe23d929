package io.driftwatch.cli;

import io.driftwatch.core.drift.DataQuality;
import io.driftwatch.core.drift.DistributionDrift;
import io.driftwatch.core.drift.DriftReport;
import io.driftwatch.core.drift.DriftThresholds;
import io.driftwatch.core.drift.MultivariateDrift;
import io.driftwatch.core.drift.MultivariateDrift.PairChange;
import io.driftwatch.core.drift.MultivariateDrift.PartialShift;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code drift}'s table: one line per feature and one for the prediction, then the joint tests (T², the features
 * shifted given the others, the pairs whose correlation changed), then the verdict.
 */
final class DriftTable {

  private static final String ROW = "%-12s %7s %7s %7s %9s %9s %9s %11s  %s%n";
  /** The joint section's labels, padded so that their values line up. */
  private static final String JOINT = "%-25s %s%n";

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
            + " with at least %d rows%n", sig(t.significanceLevel()), fixed(t.psiFloor(), 2),
        fixed(t.wassersteinSigmaFloor(), 2), t.minSamples());
    if (t.multivariate()) {
      out.printf(Locale.ROOT, "      jointly: adj. p <= %s and (mean shift >= %s sigma or correlation change >= %s)%n",
          sig(t.significanceLevel()), fixed(t.meanShiftSigmaFloor(), 2), fixed(t.correlationFloor(), 2));
    }
    out.println();
    out.printf(Locale.ROOT, ROW, "feature", "n", "PSI", "KS", "p-value", "adj. p", "W1 sigma", "pred. shift",
        "drift");
    for (DistributionDrift f : report.features()) {
      line(out, f, signed(f.predictionShift()));
    }
    line(out, report.prediction(), signed(report.predictionMeanShift()));
    out.println();
    joint(out, report);
    if (report.belowMinSamples()) {
      out.printf(Locale.ROOT, "No decision: %s scored, fewer than the %d a decision needs%n", rows(report.count()),
          t.minSamples());
    } else if (report.datasetDrift() && report.driftedFeatures().isEmpty()) {
      out.println("Joint drift: " + String.join("; ", jointFindings(report)) + " (no feature drifted on its own)");
    } else if (report.datasetDrift()) {
      double moved = 0;
      for (String name : report.driftedFeatures()) {
        moved += report.feature(name).predictionShift();
      }
      out.printf(Locale.ROOT, "Drift: %s (%s moves the mean prediction by %s; all features together: %s)%n",
          String.join(", ", report.driftedFeatures()), report.driftedFeatures().size() == 1 ? "it" : "they",
          signed(moved), signed(report.predictionMeanShift()));
      if (report.multivariate().drift()) {
        out.println("Joint drift: " + String.join("; ", jointFindings(report)));
      }
    } else {
      out.println("No drift");
    }
  }

  /**
   * "Joint tests: T2 ..., Mahalanobis ... sigma", then the features shifted given the others and the pairs whose
   * correlation changed (the drifted ones, or "none"); one line saying why when the window was not tested jointly.
   */
  private static void joint(PrintWriter out, DriftReport report) {
    MultivariateDrift m = report.multivariate();
    if (!m.tested()) {
      out.printf(Locale.ROOT, JOINT, "Joint tests:", "not run: " + m.notTestedReason());
      out.println();
      return;
    }
    out.printf(Locale.ROOT, JOINT, "Joint tests:", String.format(Locale.ROOT,
        "T2 %s (p %s, adj. p %s), Mahalanobis %s sigma%s", sig(m.hotellingT2()), sig(m.pValue()),
        sig(m.adjustedPValue()), fixed(m.mahalanobisSigma(), 3), t2Drift(report) ? ": drift" : ""));
    if (report.belowMinSamples()) {
      // Nothing is flagged below min_samples: "none" would hide pairs that clearly changed.
      out.printf(Locale.ROOT, JOINT, "Shifted given the others:", "not judged (fewer rows than drift.min.samples)");
      out.printf(Locale.ROOT, JOINT, "Changed correlations:", "not judged (fewer rows than drift.min.samples)");
      out.println();
      return;
    }
    List<String> shifted = new ArrayList<>();
    for (String name : m.shiftedFeatures()) {
      PartialShift s = partialShift(m, name);
      // The shift given the others is in σ of the feature given the others (larger than its own σ when it is
      // correlated with them); its own mean shift, in its reference σ, is what a reader compares with the table.
      shifted.add(String.format(Locale.ROOT, "%s %s sigma (own mean %s sigma, adj. p %s)", name,
          signed(s.shiftSigma(), 3), signed(report.feature(name).meanShiftSigma(), 3), sig(s.adjustedPValue())));
    }
    out.printf(Locale.ROOT, JOINT, "Shifted given the others:", shifted.isEmpty() ? "none" : String.join(", ", shifted));
    List<PairChange> pairs = m.changedPairs();
    if (pairs.isEmpty()) {
      out.printf(Locale.ROOT, JOINT, "Changed correlations:", "none");
    }
    // One pair a line: a broken pair usually drags its partner's other pairs along.
    for (int i = 0; i < pairs.size(); i++) {
      PairChange p = pairs.get(i);
      out.printf(Locale.ROOT, JOINT, i == 0 ? "Changed correlations:" : "", String.format(Locale.ROOT,
          "%s:%s %s -> %s (adj. p %s)", p.first(), p.second(), fixed(p.referenceCorrelation(), 2),
          fixed(p.windowCorrelation(), 2), sig(p.adjustedPValue())));
    }
    out.println();
  }

  /** T² on its own: significant and its Mahalanobis distance past the mean-shift floor, in a judged window. */
  private static boolean t2Drift(DriftReport report) {
    MultivariateDrift m = report.multivariate();
    DriftThresholds t = report.thresholds();
    return m.tested() && !report.belowMinSamples() && m.adjustedPValue() <= t.significanceLevel()
        && m.mahalanobisSigma() >= t.meanShiftSigmaFloor();
  }

  /** "bmi shifted given the others", "s1:s2 correlation changed"; T² only when no feature's shift explains it. */
  private static List<String> jointFindings(DriftReport report) {
    MultivariateDrift m = report.multivariate();
    List<String> findings = new ArrayList<>();
    if (!m.shiftedFeatures().isEmpty()) {
      findings.add(String.join(", ", m.shiftedFeatures()) + " shifted given the others");
    } else if (t2Drift(report)) {
      findings.add("the features' means shifted together (T2)");
    }
    if (!m.changedPairs().isEmpty()) {
      List<String> names = m.changedPairs().stream().map(p -> p.first() + ":" + p.second()).toList();
      findings.add(String.join(", ", names) + (names.size() == 1 ? " correlation changed" : " correlations changed"));
    }
    return findings;
  }

  private static PartialShift partialShift(MultivariateDrift m, String feature) {
    return m.partialShifts().stream().filter(s -> s.feature().equals(feature)).findFirst().orElseThrow();
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

  /** {@code value} with {@code digits} decimals; never "-0.00" (a correlation of -0.001 reads 0.00). */
  private static String fixed(double value, int digits) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    String text = String.format(Locale.ROOT, "%." + digits + "f", value);
    return text.startsWith("-") && text.chars().allMatch(c -> c == '-' || c == '0' || c == '.') ? text.substring(1)
        : text;
  }

  private static String signed(double value) {
    return signed(value, 2);
  }

  private static String signed(double value, int digits) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%+." + digits + "f", value + 0.0) : "-";
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
