package io.driftwatch.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The rows the simulator resamples: the bundled diabetes data in raw clinical units, with per-column spread and
 * precision measured from the data itself.
 */
public final class ClinicalSample {

  /** Classpath resource of the bundled data set (the same file the trainer uses). */
  public static final String BUNDLED_DIABETES = "/diabetes.csv";

  /** The column holding the outcome; every other column is a feature. */
  public static final String TARGET = "progression";

  // Readings such as s5 = 4.8598 carry four decimals; longer tails in the CSV are float noise.
  private static final int MAX_DECIMALS = 4;
  // A column with this few distinct values (sex: 1 or 2) is a code, not a measurement.
  private static final int MAX_CATEGORIES = 5;

  private final List<FeatureColumn> features;
  private final double[][] rows;
  private final double[] outcomes;
  private final FeatureColumn outcome;

  private ClinicalSample(List<FeatureColumn> features, double[][] rows, double[] outcomes, FeatureColumn outcome) {
    this.features = List.copyOf(features);
    this.rows = rows;
    this.outcomes = outcomes;
    this.outcome = outcome;
  }

  /** The diabetes data bundled in the jar. */
  public static ClinicalSample bundledDiabetes() {
    try (InputStream in = ClinicalSample.class.getResourceAsStream(BUNDLED_DIABETES)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + BUNDLED_DIABETES);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + BUNDLED_DIABETES, e);
    }
  }

  /** Parses a CSV with a header line; the {@value #TARGET} column is the outcome, the others are features. */
  static ClinicalSample parse(String csv) {
    List<String[]> cells = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new StringReader(csv))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          cells.add(line.trim().split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (cells.size() < 2) {
      throw new IllegalArgumentException("The data set needs a header and at least one row");
    }
    String[] header = cells.get(0);
    int target = Arrays.asList(header).indexOf(TARGET);
    if (target < 0) {
      throw new IllegalArgumentException("The data set has no '" + TARGET + "' column");
    }
    int rowCount = cells.size() - 1;
    int featureCount = header.length - 1;
    double[][] rows = new double[rowCount][featureCount];
    double[] outcomes = new double[rowCount];
    int[] decimals = new int[header.length];
    for (int r = 0; r < rowCount; r++) {
      String[] line = cells.get(r + 1);
      if (line.length != header.length) {
        throw new IllegalArgumentException(
            "Line " + (r + 2) + " has " + line.length + " fields, the header " + header.length);
      }
      for (int c = 0, f = 0; c < header.length; c++) {
        double value = parseNumber(line[c], r + 2, header[c]);
        decimals[c] = Math.max(decimals[c], decimalsOf(line[c]));
        if (c == target) {
          outcomes[r] = value;
        } else {
          rows[r][f++] = value;
        }
      }
    }
    List<FeatureColumn> features = new ArrayList<>();
    for (int c = 0, f = 0; c < header.length; c++) {
      if (c != target) {
        features.add(column(header[c], f, column(rows, f), decimals[c]));
        f++;
      }
    }
    return new ClinicalSample(features, rows, outcomes, column(TARGET, -1, outcomes, decimals[target]));
  }

  public List<FeatureColumn> features() {
    return features;
  }

  public Optional<FeatureColumn> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public List<String> featureNames() {
    return features.stream().map(FeatureColumn::name).toList();
  }

  public int size() {
    return rows.length;
  }

  /** Row {@code i}'s features, a fresh copy the caller may change. */
  public double[] row(int i) {
    return rows[i].clone();
  }

  /** Row {@code i}'s recorded outcome. */
  public double outcome(int i) {
    return outcomes[i];
  }

  /** The outcome column's spread and precision. */
  public FeatureColumn outcomeColumn() {
    return outcome;
  }

  private static FeatureColumn column(String name, int index, double[] values, int decimals) {
    double mean = Arrays.stream(values).average().orElseThrow();
    double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    long distinct = Arrays.stream(values).distinct().count();
    boolean categorical = distinct <= MAX_CATEGORIES;
    return new FeatureColumn(name, index, mean, Math.sqrt(squares / values.length), decimals, categorical);
  }

  private static double[] column(double[][] rows, int index) {
    double[] values = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      values[r] = rows[r][index];
    }
    return values;
  }

  /** Decimal places of a value as written, ignoring trailing zeros ("101.0" is a whole number). */
  private static int decimalsOf(String text) {
    int dot = text.indexOf('.');
    if (dot < 0) {
      return 0;
    }
    int end = text.length();
    while (end > dot + 1 && text.charAt(end - 1) == '0') {
      end--;
    }
    return Math.min(MAX_DECIMALS, end - dot - 1);
  }

  private static double parseNumber(String text, int line, String column) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Line " + line + ", column " + column + ": not a number: '" + text + "'");
    }
  }
}
