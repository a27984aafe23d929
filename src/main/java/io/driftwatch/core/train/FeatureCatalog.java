package io.driftwatch.core.train;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Units, accepted ranges and categorical codes of model inputs. The diabetes columns have clinical bounds, wider than
 * the data but narrow enough to catch a value sent in the wrong unit (blood pressure in kPa: 12 instead of 90), and
 * {@code sex} is declared a code, 1 or 2. Other data sets get bounds and codes inferred from their training rows.
 */
public final class FeatureCatalog {

  /**
   * The bundled data's columns, in its order: age (years), sex (code 1 or 2), body mass index, mean arterial blood
   * pressure, then six serum measurements: s1 total cholesterol, s2 LDL, s3 HDL, s4 total cholesterol / HDL ratio,
   * s5 log of triglycerides, s6 blood glucose.
   */
  public static final List<FeatureSpec> DIABETES = List.of(
      FeatureSpec.continuous("age", "years", 0, 120),
      FeatureSpec.categorical("sex", "code", 1, 2),
      FeatureSpec.continuous("bmi", "kg/m2", 10, 80),
      FeatureSpec.continuous("bp", "mm Hg", 40, 250),
      FeatureSpec.continuous("s1", "mg/dL", 50, 500),
      FeatureSpec.continuous("s2", "mg/dL", 20, 400),
      FeatureSpec.continuous("s3", "mg/dL", 5, 150),
      FeatureSpec.continuous("s4", "ratio", 0.5, 15),
      FeatureSpec.continuous("s5", "log", 2, 8),
      FeatureSpec.continuous("s6", "mg/dL", 30, 400));

  /** A column with at most this many distinct values, all integers, is categorical. */
  public static final int MAX_CATEGORIES = 5;

  private FeatureCatalog() {}

  /**
   * Refuses data whose declared categorical columns hold a value that is none of their codes (a {@code sex} of 1.5
   * or 3 in the diabetes columns): such a row is an error in the data, not a new category. Every row is checked, the
   * test rows too; inferred columns take their codes from the data, so there is nothing to check them against.
   *
   * @throws io.driftwatch.core.data.CsvFormatException naming the source, line and column of the first such value
   */
  public static void checkDeclaredCategories(Dataset data) {
    List<FeatureSpec> declared = declared(data.featureNames());
    if (declared == null) {
      return;
    }
    for (int i = 0; i < data.size(); i++) {
      double[] row = data.row(i);
      for (int j = 0; j < declared.size(); j++) {
        FeatureSpec spec = declared.get(j);
        if (spec.kind() == FeatureKind.CATEGORICAL && !spec.isCategory(row[j])) {
          throw data.invalidValue(i, j, FeatureSpec.plain(row[j]) + " is not one of the column's categories "
              + spec.categoriesText());
        }
      }
    }
  }

  /** The catalog's specs for exactly these columns, or null when it has none for them. */
  private static List<FeatureSpec> declared(List<String> names) {
    return names.equals(DIABETES.stream().map(FeatureSpec::name).toList()) ? DIABETES : null;
  }

  /**
   * The diabetes specs when the columns are exactly the diabetes columns (a continuous range widened, should a
   * training value lie outside the clinical bounds, to include it; codes as declared, see
   * {@link #checkDeclaredCategories}), otherwise one {@link #inferred} spec per column.
   */
  public static List<FeatureSpec> forColumns(List<String> names, double[][] trainingRows) {
    List<FeatureSpec> declared = declared(names);
    List<FeatureSpec> specs = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      double[] values = new double[trainingRows.length];
      for (int i = 0; i < trainingRows.length; i++) {
        values[i] = trainingRows[i][j];
      }
      if (declared != null) {
        specs.add(coveringTraining(declared.get(j), values));
      } else {
        specs.add(inferred(names.get(j), values));
      }
    }
    return specs;
  }

  /**
   * A spec from training values alone, unit unknown (empty). Categorical (at most {@value #MAX_CATEGORIES} distinct
   * integers, at least two): the codes are those distinct values, the range [min, max] of them. Otherwise
   * continuous: the training range widened by its own width on each side, [min − w, max + w], not below 0 when no
   * training value is negative.
   */
  public static FeatureSpec inferred(String name, double[] values) {
    double[] distinct = Arrays.stream(values).distinct().sorted().toArray();
    double min = distinct[0];
    double max = distinct[distinct.length - 1];
    boolean integers = Arrays.stream(distinct).allMatch(v -> v == Math.rint(v));
    if (integers && distinct.length >= 2 && distinct.length <= MAX_CATEGORIES) {
      return FeatureSpec.categorical(name, "", distinct);
    }
    double width = max > min ? max - min : Math.max(Math.abs(min), 1.0);
    double low = min - width;
    if (min >= 0) {
      low = Math.max(0, low);
    }
    return FeatureSpec.continuous(name, "", low, max + width);
  }

  private static FeatureSpec coveringTraining(FeatureSpec spec, double[] values) {
    if (spec.kind() == FeatureKind.CATEGORICAL) {
      return spec; // codes are not widened: checkDeclaredCategories refuses a value that is none of them
    }
    double min = Math.min(spec.min(), Arrays.stream(values).min().orElseThrow());
    double max = Math.max(spec.max(), Arrays.stream(values).max().orElseThrow());
    return FeatureSpec.continuous(spec.name(), spec.unit(), min, max);
  }
}
