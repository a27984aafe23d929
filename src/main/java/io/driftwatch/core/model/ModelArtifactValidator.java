package io.driftwatch.core.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that an artifact can be scored and compared with: the first problem found is thrown as an {@link
 * InvalidModelArtifactException} whose message starts with the JSON path of the field, e.g. {@code scaler.scale[3]}.
 */
final class ModelArtifactValidator {

  private ModelArtifactValidator() {}

  static void validate(ModelArtifact a) {
    if (a.schemaVersion() < ModelArtifact.OLDEST_SCHEMA_VERSION
        || a.schemaVersion() > ModelArtifact.NEWEST_SCHEMA_VERSION) {
      fail("schema_version", "unsupported version " + a.schemaVersion() + " (this driftwatch reads versions "
          + ModelArtifact.OLDEST_SCHEMA_VERSION + " to " + ModelArtifact.NEWEST_SCHEMA_VERSION + ")");
    }
    text("model_name", a.modelName());
    text("model_version", a.modelVersion());
    text("created_at", a.createdAt());
    try {
      Instant.parse(a.createdAt());
    } catch (DateTimeParseException e) {
      fail("created_at", "not an ISO-8601 instant such as 2026-01-18T19:27:35Z, was '" + a.createdAt() + "'");
    }
    text("target", a.target());
    int n = features(a.features());
    scaler(a.scaler(), n);
    model(a.model(), n);
    training(a.training());
    reference(a.reference(), a.features());
    if (a.reference().moments() != null && a.schemaVersion() < ModelArtifact.MOMENTS_SCHEMA_VERSION) {
      fail("reference.moments", "needs schema_version " + ModelArtifact.MOMENTS_SCHEMA_VERSION + ", was "
          + a.schemaVersion());
    }
    if (a.reference().calibration() != null) {
      if (a.schemaVersion() < ModelArtifact.CALIBRATION_SCHEMA_VERSION) {
        fail("reference.calibration", "needs schema_version " + ModelArtifact.CALIBRATION_SCHEMA_VERSION + ", was "
            + a.schemaVersion());
      }
      calibration(a.reference().calibration());
    }
    if (a.lineage() != null) {
      if (a.schemaVersion() < ModelArtifact.LINEAGE_SCHEMA_VERSION) {
        fail("lineage", "needs schema_version " + ModelArtifact.LINEAGE_SCHEMA_VERSION + ", was "
            + a.schemaVersion());
      }
      lineage(a.lineage());
    }
  }

  private static void lineage(Lineage l) {
    text("lineage.parent_model_version", l.parentModelVersion());
    Instant first = instant("lineage.first_event_time", l.firstEventTime());
    Instant last = instant("lineage.last_event_time", l.lastEventTime());
    if (first.isAfter(last)) {
      fail("lineage.first_event_time", "must not be after last_event_time (" + l.lastEventTime() + "), was "
          + l.firstEventTime());
    }
    count("lineage.labels_read", l.labelsRead(), 1);
    count("lineage.duplicates_dropped", l.duplicatesDropped(), 0);
    count("lineage.train_rows", l.trainRows(), 1);
    count("lineage.holdout_rows", l.holdoutRows(), 0);
    if (l.trainRows() + l.holdoutRows() + l.duplicatesDropped() != l.labelsRead()) {
      fail("lineage.labels_read", "must equal train_rows + holdout_rows + duplicates_dropped ("
          + (l.trainRows() + l.holdoutRows() + l.duplicatesDropped()) + "), was " + l.labelsRead());
    }
    text("lineage.code_version", l.codeVersion());
  }

  /** The ranges {@code DriftSettings} accepts, rounds only past 0 (no resampling, nothing to store). */
  private static void calibration(ReferenceCalibration c) {
    String at = "reference.calibration";
    count(at + ".method_version", c.methodVersion(), 1);
    CalibrationSettings s = c.settings();
    present(at + ".settings", s);
    String in = at + ".settings";
    if (!(s.falseAlarmRate() > 0 && s.falseAlarmRate() < 0.5)) {
      fail(in + ".false_alarm_rate", "must be in (0, 0.5), was " + s.falseAlarmRate());
    }
    nonNegative(in + ".psi_floor", s.psiFloor());
    nonNegative(in + ".wasserstein_sigma_floor", s.wassersteinSigmaFloor());
    count(in + ".window_events", s.windowEvents(), 2);
    count(in + ".rounds", s.rounds(), 100);
    nonNegative(in + ".mean_shift_sigma_floor", s.meanShiftSigmaFloor());
    if (!(s.correlationFloor() >= 0 && s.correlationFloor() <= 2)) {
      fail(in + ".correlation_floor", "must be in [0, 2], was " + s.correlationFloor());
    }
    if (!(c.significanceLevel() > 0 && c.significanceLevel() <= s.falseAlarmRate())) {
      fail(at + ".significance_level", "must be in (0, settings.false_alarm_rate] = (0, " + s.falseAlarmRate()
          + "], was " + c.significanceLevel());
    }
    if (!(c.simulatedFalseAlarmRate() >= 0 && c.simulatedFalseAlarmRate() <= 1)) {
      fail(at + ".simulated_false_alarm_rate", "must be in [0, 1], was " + c.simulatedFalseAlarmRate());
    }
  }

  private static Instant instant(String at, String value) {
    text(at, value);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      fail(at, "not an ISO-8601 instant such as 2026-01-18T19:27:35Z, was '" + value + "'");
      return null; // not reached
    }
  }

  private static void count(String at, long value, long min) {
    if (value < min) {
      fail(at, "must be >= " + min + ", was " + value);
    }
  }

  private static int features(List<FeatureSpec> features) {
    present("features", features);
    if (features.isEmpty()) {
      fail("features", "must list at least one feature");
    }
    Set<String> names = new HashSet<>();
    for (int j = 0; j < features.size(); j++) {
      String at = "features[" + j + "]";
      FeatureSpec f = features.get(j);
      present(at, f);
      text(at + ".name", f.name());
      if (!names.add(f.name())) {
        fail(at + ".name", "duplicate feature '" + f.name() + "'");
      }
      present(at + ".unit", f.unit());
      finite(at + ".min", f.min());
      finite(at + ".max", f.max());
      if (!(f.min() < f.max())) {
        fail(at + ".min", "must be less than max (" + f.max() + "), was " + f.min());
      }
      present(at + ".kind", f.kind());
      categories(at, f);
    }
    return features.size();
  }

  /** A categorical feature's codes: at least one, finite, strictly ascending, in [min, max]; none if continuous. */
  private static void categories(String at, FeatureSpec f) {
    double[] codes = f.categories();
    present(at + ".categories", codes);
    if (f.kind() != FeatureKind.CATEGORICAL) {
      if (codes.length > 0) {
        fail(at + ".categories", "must be empty for a continuous feature");
      }
      return;
    }
    if (codes.length == 0) {
      fail(at + ".categories", "a categorical feature needs at least one code");
    }
    for (int i = 0; i < codes.length; i++) {
      String code = at + ".categories[" + i + "]";
      finite(code, codes[i]);
      if (i > 0 && !(codes[i] > codes[i - 1])) {
        fail(code, "codes must be distinct and ascending, " + codes[i] + " follows " + codes[i - 1]);
      }
      if (!f.inRange(codes[i])) {
        fail(code, "must lie in [min, max] = [" + f.min() + ", " + f.max() + "], was " + codes[i]);
      }
    }
  }

  private static void scaler(Standardizer s, int n) {
    present("scaler", s);
    finiteArray("scaler.mean", s.mean(), n);
    finiteArray("scaler.scale", s.scale(), n);
    for (int j = 0; j < n; j++) {
      if (!(s.scale()[j] > 0)) {
        fail("scaler.scale[" + j + "]", "must be > 0, was " + s.scale()[j]);
      }
    }
  }

  private static void model(LinearModel m, int n) {
    present("model", m);
    text("model.type", m.type());
    nonNegative("model.alpha", m.alpha());
    finiteArray("model.coefficients", m.coefficients(), n);
    finite("model.intercept", m.intercept());
  }

  private static void training(TrainingSummary t) {
    present("training", t);
    text("training.data_source", t.dataSource());
    if (t.seed() < 0) {
      fail("training.seed", "must be >= 0, was " + t.seed());
    }
    if (!(t.testSize() > 0 && t.testSize() < 1)) {
      fail("training.test_size", "must be strictly between 0 and 1, was " + t.testSize());
    }
    if (t.cvFolds() < 2) {
      fail("training.cv_folds", "must be >= 2, was " + t.cvFolds());
    }
    metrics("training.train", t.train());
    metrics("training.test", t.test());
    present("training.alpha_grid", t.alphaGrid());
    finiteArray("training.cv_mse", t.cvMse(), t.alphaGrid().length);
    for (int i = 0; i < t.alphaGrid().length; i++) {
      String at = "training.alpha_grid[" + i + "]";
      finite(at, t.alphaGrid()[i]);
      if (!(t.alphaGrid()[i] > 0)) {
        fail(at, "must be > 0, was " + t.alphaGrid()[i]);
      }
    }
  }

  private static void metrics(String at, Metrics m) {
    present(at, m);
    nonNegative(at + ".rmse", m.rmse());
    finite(at + ".r2", m.r2());
    if (m.rows() < 1) {
      fail(at + ".rows", "must be >= 1, was " + m.rows());
    }
  }

  private static void reference(ReferenceProfile r, List<FeatureSpec> features) {
    present("reference", r);
    present("reference.features", r.features());
    if (r.features().size() != features.size()) {
      fail("reference.features", "has " + r.features().size() + " profiles for " + features.size() + " features");
    }
    for (int j = 0; j < features.size(); j++) {
      String at = "reference.features[" + j + "]";
      DistributionProfile p = r.features().get(j);
      present(at, p);
      if (!features.get(j).name().equals(p.name())) {
        fail(at + ".name", "must be '" + features.get(j).name() + "' (features[" + j + "]), was '" + p.name() + "'");
      }
      if (p.kind() != features.get(j).kind()) {
        fail(at + ".kind", "must match features[" + j + "].kind");
      }
      profile(at, p);
      // Training values are accepted inputs: a reference category no event could carry is a contradiction.
      for (int i = 0; i < p.categories().length; i++) {
        if (!features.get(j).isCategory(p.categories()[i])) {
          fail(at + ".categories[" + i + "]", p.categories()[i] + " is not one of features[" + j + "].categories "
              + features.get(j).categoriesText());
        }
      }
    }
    profile("reference.prediction", r.prediction());
    residuals("reference.residuals", r.residuals());
    if (r.moments() != null) {
      moments(r.moments(), features.size());
    }
  }

  private static void moments(ReferenceMoments m, int p) {
    String at = "reference.moments";
    if (m.count() < 4) {
      fail(at + ".count", "must be >= 4, was " + m.count());
    }
    finiteArray(at + ".mean", m.mean(), p);
    present(at + ".covariance", m.covariance());
    present(at + ".score_correlation", m.scoreCorrelation());
    if (m.covariance().length != p) {
      fail(at + ".covariance", "has " + m.covariance().length + " rows, expected " + p);
    }
    if (m.scoreCorrelation().length != p) {
      fail(at + ".score_correlation", "has " + m.scoreCorrelation().length + " rows, expected " + p);
    }
    for (int j = 0; j < p; j++) {
      finiteArray(at + ".covariance[" + j + "]", m.covariance()[j], p);
      nonNegative(at + ".covariance[" + j + "][" + j + "]", m.covariance()[j][j]);
      String row = at + ".score_correlation[" + j + "]";
      present(row, m.scoreCorrelation()[j]);
      if (m.scoreCorrelation()[j].length != p) {
        fail(row, "has " + m.scoreCorrelation()[j].length + " values, expected " + p);
      }
      for (int k = 0; k < p; k++) {
        double r = m.scoreCorrelation()[j][k];
        if (!Double.isNaN(r) && !(Math.abs(r) <= 1 + 1e-12)) {
          fail(row + "[" + k + "]", "must be a correlation in [-1, 1] or null, was " + r);
        }
      }
    }
    // Consistency: a matrix that is not symmetric, or a covariance past Cauchy–Schwarz, cannot come from rows; the
    // joint tests would then report drift that is not there.
    for (int j = 0; j < p; j++) {
      double[] c = m.covariance()[j];
      double[] r = m.scoreCorrelation()[j];
      if (!Double.isNaN(r[j]) && Math.abs(r[j] - 1) > 1e-9) {
        fail(at + ".score_correlation[" + j + "][" + j + "]", "must be 1 (or null for a constant feature), was " + r[j]);
      }
      for (int k = j + 1; k < p; k++) {
        if (!symmetric(c[k], m.covariance()[k][j])) {
          fail(at + ".covariance[" + j + "][" + k + "]", "must equal covariance[" + k + "][" + j + "] ("
              + m.covariance()[k][j] + "), was " + c[k]);
        }
        if (Math.abs(c[k]) > Math.sqrt(c[j] * m.covariance()[k][k]) * (1 + 1e-9) + 1e-12) {
          fail(at + ".covariance[" + j + "][" + k + "]", "must be at most sqrt(covariance[" + j + "][" + j
              + "] * covariance[" + k + "][" + k + "]) in magnitude, was " + c[k]);
        }
        double rk = m.scoreCorrelation()[k][j];
        if (Double.isNaN(r[k]) != Double.isNaN(rk) || !Double.isNaN(rk) && !symmetric(r[k], rk)) {
          fail(at + ".score_correlation[" + j + "][" + k + "]", "must equal score_correlation[" + k + "][" + j + "] ("
              + (Double.isNaN(rk) ? "null" : rk) + "), was " + (Double.isNaN(r[k]) ? "null" : r[k]));
        }
      }
    }
  }

  private static boolean symmetric(double a, double b) {
    return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static void profile(String at, DistributionProfile p) {
    present(at, p);
    text(at + ".name", p.name());
    present(at + ".kind", p.kind());
    if (p.count() < 1) {
      fail(at + ".count", "must be >= 1, was " + p.count());
    }
    finite(at + ".mean", p.mean());
    nonNegative(at + ".std", p.std());
    finite(at + ".min", p.min());
    finite(at + ".max", p.max());
    if (p.min() > p.max()) {
      fail(at + ".min", "must not exceed max (" + p.max() + "), was " + p.min());
    }
    quantiles(at + ".quantiles", p.quantiles());
    present(at + ".categories", p.categories());
    finiteArray(at + ".category_proportions", p.categoryProportions(), p.categories().length);
    if (p.kind() == FeatureKind.CATEGORICAL) {
      if (p.categories().length == 0) {
        fail(at + ".categories", "a categorical profile needs its categories");
      }
      double total = 0;
      for (int i = 0; i < p.categories().length; i++) {
        finite(at + ".categories[" + i + "]", p.categories()[i]);
        if (i > 0 && !(p.categories()[i] > p.categories()[i - 1])) {
          fail(at + ".categories[" + i + "]", "categories must be distinct and ascending");
        }
        double share = p.categoryProportions()[i];
        if (share < 0 || share > 1) {
          fail(at + ".category_proportions[" + i + "]", "must be between 0 and 1, was " + share);
        }
        total += share;
      }
      if (Math.abs(total - 1) > 1e-9) {
        fail(at + ".category_proportions", "must sum to 1, sum to " + total);
      }
    } else if (p.categories().length > 0) {
      fail(at + ".categories", "must be empty for a continuous profile");
    }
  }

  private static void residuals(String at, ResidualProfile r) {
    present(at, r);
    if (r.folds() < 2) {
      fail(at + ".folds", "must be >= 2, was " + r.folds());
    }
    if (r.count() < 1) {
      fail(at + ".count", "must be >= 1, was " + r.count());
    }
    nonNegative(at + ".rmse", r.rmse());
    finite(at + ".bias", r.bias());
    nonNegative(at + ".mean_absolute", r.meanAbsolute());
    quantiles(at + ".quantiles", r.quantiles());
  }

  private static void quantiles(String at, double[] quantiles) {
    finiteArray(at, quantiles, DistributionProfile.QUANTILE_COUNT);
    for (int i = 1; i < quantiles.length; i++) {
      if (quantiles[i] < quantiles[i - 1]) {
        fail(at + "[" + i + "]", "quantiles must not decrease, " + quantiles[i] + " follows " + quantiles[i - 1]);
      }
    }
  }

  private static void finiteArray(String at, double[] values, int expectedLength) {
    present(at, values);
    if (values.length != expectedLength) {
      fail(at, "has " + values.length + " values, expected " + expectedLength);
    }
    for (int i = 0; i < values.length; i++) {
      finite(at + "[" + i + "]", values[i]);
    }
  }

  private static void nonNegative(String at, double value) {
    finite(at, value);
    if (value < 0) {
      fail(at, "must be >= 0, was " + value);
    }
  }

  private static void finite(String at, double value) {
    if (!Double.isFinite(value)) {
      fail(at, "must be a finite number, was " + value);
    }
  }

  private static void text(String at, String value) {
    present(at, value);
    if (value.isBlank()) {
      fail(at, "must not be blank");
    }
  }

  private static void present(String at, Object value) {
    if (value == null) {
      fail(at, "missing");
    }
  }

  private static void fail(String at, String reason) {
    throw new InvalidModelArtifactException(at + ": " + reason);
  }
}
