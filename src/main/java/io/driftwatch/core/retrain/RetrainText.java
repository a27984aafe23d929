package io.driftwatch.core.retrain;

import io.driftwatch.core.model.Lineage;
import io.driftwatch.core.train.TrainingOptions;
import java.util.List;
import java.util.Locale;

/** What {@code retrain} prints: the label counts, the split, champion and challenger side by side, the decision. */
public final class RetrainText {

  private RetrainText() {}

  public static String render(RetrainResult result) {
    StringBuilder out = new StringBuilder();
    RetrainResult.LabelCounts counts = result.counts();
    if (result instanceof RetrainResult.Refused refused) {
      line(out, "Labelled outcomes: %d read, %d duplicate event ids dropped", counts.labelsRead(),
          counts.duplicatesDropped());
      line(out, "Not retrained: %s", refused.reason());
      return out.toString();
    }
    RetrainResult.Compared compared = (RetrainResult.Compared) result;
    Comparison c = compared.comparison();
    Lineage lineage = compared.challenger().lineage();
    TrainingOptions options = compared.options().options();
    line(out, "Labelled outcomes: %d read, %d duplicate event ids dropped, %d from %s to %s", counts.labelsRead(),
        counts.duplicatesDropped(), counts.labelled(), lineage.firstEventTime(), lineage.lastEventTime());
    line(out, "Split by event time: the %d oldest train the challenger, the %d newest (from %s) compare the models",
        counts.trainRows(), counts.holdoutRows(), Retrainer.instant(c.holdoutFirstEventTimeMs()));
    line(out, "Challenger trained as the champion was: seed %d, test size %s, %d-fold CV over %d alphas",
        options.seed(), RetrainPolicy.plain(options.testSize()), options.cvFolds(), options.lassoAlphas().length);
    line(out, "Not recorded in the champion's artifact, train's defaults used: %s",
        String.join("; ", compared.options().notRecorded()));
    for (String warning : compared.report().warnings()) {
      line(out, "Warning: %s", warning);
    }
    out.append('\n');
    line(out, "%-22s %14s %14s", "Holdout (" + c.holdoutRows() + " rows)", "Champion", "Challenger");
    line(out, "%-22s %14s %14s", "model_version", c.champion().modelVersion(), c.challenger().modelVersion());
    line(out, "%-22s %14.4f %14.4f", "alpha", c.champion().alpha(), c.challenger().alpha());
    line(out, "%-22s %14.2f %14.2f", "RMSE", c.champion().holdout().rmse(), c.challenger().holdout().rmse());
    line(out, "%-22s %14.2f %14.2f", "R2", c.champion().holdout().r2(), c.challenger().holdout().r2());
    out.append('\n');
    BootstrapRmse b = c.bootstrap();
    String confidence = RetrainPolicy.plain(100 * b.confidence());
    line(out, "RMSE difference (challenger - champion): %+.2f, %s %% bootstrap interval [%+.2f, %+.2f] "
        + "(%d resamples, seed %d)", b.difference(), confidence, b.lower(), b.upper(), b.resamples(), b.seed());
    PairedTTest t = c.tTest();
    String keep = RetrainPolicy.plain(1 - c.margin());
    line(out, "Paired t-test, squared errors, challenger < %s^2 x champion: t = %.3f, %s df, one-sided p = %s",
        keep, t.statistic(), RetrainPolicy.plain(t.degreesOfFreedom()), ChampionChallenger.pValue(t.pValue()));
    line(out, "Bootstrap: challenger - %s x champion RMSE = %+.2f, one-sided %s %% upper bound %+.2f", keep,
        b.marginDifference(), confidence, b.marginUpperBound());
    out.append('\n');
    line(out, "Decision: %s", c.decision().publish() ? "the challenger is better: publish it"
        : "keep the champion: the challenger is not better by the margin (" + RetrainPolicy.plain(100 * c.margin())
            + " %) with statistical support");
    for (Comparison.Check check : c.decision().checks()) {
      line(out, "  %s  %s", check.passed() ? "pass" : "FAIL", check.detail());
    }
    out.append('\n');
    line(out, "Coefficients that changed most (standardized, per champion training SD)");
    line(out, "%-12s %10s %10s %10s", "Feature", "Champion", "Challenger", "Change");
    for (Comparison.CoefficientChange change : c.largestChanges()) {
      line(out, "%-12s %10.2f %10.2f %+10.2f", change.feature(), change.champion(), change.challenger(),
          change.change());
    }
    if (c.largestChanges().isEmpty()) {
      line(out, "(none changed)");
    }
    line(out, "Dropped by the challenger's LASSO: %s", names(c.dropped()));
    line(out, "Added by the challenger's LASSO: %s", names(c.added()));
    return out.toString();
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
