package io.driftwatch.core.train;

import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Units and accepted ranges of model inputs. The diabetes columns have clinical bounds, wider than the data but
 * narrow enough to catch a value sent in the wrong unit (blood pressure in kPa: 12 instead of 90). Other data sets
 * get bounds inferred from their training rows.
 */
public final class FeatureCatalog {

  /**
   * The bundled data's columns, in its order: age (years), sex (code 1 or 2), body mass index, mean arterial blood
   * pressure, then six serum measurements: s1 total cholesterol, s2 LDL, s3 HDL, s4 total cholesterol / HDL ratio,
   * s5 log of triglycerides, s6 blood glucose.
   */
  public static final List<FeatureSpec> DIABETES = List.of(
      new FeatureSpec("age", "years", 0, 120, FeatureKind.CONTINUOUS),
      new FeatureSpec("sex", "code", 1, 2, FeatureKind.CATEGORICAL),
      new FeatureSpec("bmi", "kg/m2", 10, 80, FeatureKind.CONTINUOUS),
      new FeatureSpec("bp", "mm Hg", 40, 250, FeatureKind.CONTINUOUS),
      new FeatureSpec("s1", "mg/dL", 50, 500, FeatureKind.CONTINUOUS),
      new FeatureSpec("s2", "mg/dL", 20, 400, FeatureKind.CONTINUOUS),
      new FeatureSpec("s3", "mg/dL", 5, 150, FeatureKind.CONTINUOUS),
      new FeatureSpec("s4", "ratio", 0.5, 15, FeatureKind.CONTINUOUS),
      new FeatureSpec("s5", "log", 2, 8, FeatureKind.CONTINUOUS),
      new FeatureSpec("s6", "mg/dL", 30, 400, FeatureKind.CONTINUOUS));

  /** A column with at most this many distinct values, all integers, is categorical. */
  public static final int MAX_CATEGORIES = 5;

  private FeatureCatalog() {}

  /**
   * The diabetes specs when the columns are exactly the diabetes columns (widened, should a training value lie
   * outside the clinical bounds, to include it), otherwise one {@link #inferred} spec per column.
   */
  public static List<FeatureSpec> forColumns(List<String> names, double[][] trainingRows) {
    List<String> diabetesNames = DIABETES.stream().map(FeatureSpec::name).toList();
    List<FeatureSpec> specs = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      double[] values = new double[trainingRows.length];
      for (int i = 0; i < trainingRows.length; i++) {
        values[i] = trainingRows[i][j];
      }
      if (names.equals(diabetesNames)) {
        specs.add(coveringTraining(DIABETES.get(j), values));
      } else {
        specs.add(inferred(names.get(j), values));
      }
    }
    return specs;
  }

  /**
   * A spec from training values alone, unit unknown (empty). Categorical (at most {@value #MAX_CATEGORIES} distinct
   * integers, at least two): accepted range [min, max]. Otherwise continuous: the training range widened by its own
   * width on each side, [min − w, max + w], not below 0 when no training value is negative.
   */
  public static FeatureSpec inferred(String name, double[] values) {
    double[] distinct = Arrays.stream(values).distinct().sorted().toArray();
    double min = distinct[0];
    double max = distinct[distinct.length - 1];
    boolean integers = Arrays.stream(distinct).allMatch(v -> v == Math.rint(v));
    if (integers && distinct.length >= 2 && distinct.length <= MAX_CATEGORIES) {
      return new FeatureSpec(name, "", min, max, FeatureKind.CATEGORICAL);
    }
    double width = max > min ? max - min : Math.max(Math.abs(min), 1.0);
    double low = min - width;
    if (min >= 0) {
      low = Math.max(0, low);
    }
    return new FeatureSpec(name, "", low, max + width, FeatureKind.CONTINUOUS);
  }

  private static FeatureSpec coveringTraining(FeatureSpec spec, double[] values) {
    double min = Math.min(spec.min(), Arrays.stream(values).min().orElseThrow());
    double max = Math.max(spec.max(), Arrays.stream(values).max().orElseThrow());
    return new FeatureSpec(spec.name(), spec.unit(), min, max, spec.kind());
  }
}
