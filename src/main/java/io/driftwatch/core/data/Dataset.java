package io.driftwatch.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of raw feature values with their target, in file order. Feature columns are every column but the target, in
 * header order. Immutable: accessors return copies.
 */
public final class Dataset {

  /** The classpath resource bundled with driftwatch: the notebook's data in raw clinical units. */
  public static final String BUNDLED_DIABETES = "/diabetes.csv";
  public static final String DIABETES_SOURCE = "bundled:diabetes.csv";
  public static final String DEFAULT_TARGET = "progression";

  private final String name;
  private final String source;
  private final List<String> featureNames;
  private final String targetName;
  private final double[][] rows;
  private final double[] target;
  // Where each value came from, so that a value refused after reading is named by line and column.
  private final int[] lines;
  private final String[] featureColumns;

  /**
   * Rows given in memory; errors place them as a plain CSV would hold them: a header on line 1, row {@code i} on
   * line {@code i + 2}, the feature columns first.
   */
  public Dataset(
      String name, String source, List<String> featureNames, String targetName, double[][] rows, double[] target) {
    this(name, source, featureNames, targetName, rows, target, plainLines(rows.length), plainColumns(featureNames));
  }

  private Dataset(String name, String source, List<String> featureNames, String targetName, double[][] rows,
      double[] target, int[] lines, String[] featureColumns) {
    if (rows.length != target.length) {
      throw new IllegalArgumentException(rows.length + " rows but " + target.length + " targets");
    }
    for (double[] row : rows) {
      if (row.length != featureNames.size()) {
        throw new IllegalArgumentException("a row has " + row.length + " values for " + featureNames.size() + " features");
      }
    }
    this.name = name;
    this.source = source;
    this.featureNames = List.copyOf(featureNames);
    this.targetName = targetName;
    this.rows = deepCopy(rows);
    this.target = target.clone();
    this.lines = lines;
    this.featureColumns = featureColumns;
  }

  private static int[] plainLines(int rows) {
    int[] lines = new int[rows];
    Arrays.setAll(lines, i -> i + 2);
    return lines;
  }

  private static String[] plainColumns(List<String> featureNames) {
    String[] columns = new String[featureNames.size()];
    Arrays.setAll(columns, j -> (j + 1) + " (" + featureNames.get(j) + ")");
    return columns;
  }

  /** The notebook's 442 patients: ten baseline features and {@code progression}. */
  public static Dataset loadBundledDiabetes() {
    try (InputStream in = Dataset.class.getResourceAsStream(BUNDLED_DIABETES)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUNDLED_DIABETES + " is missing from the classpath");
      }
      return read("diabetes", DIABETES_SOURCE, new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_TARGET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a CSV file with a header: numeric feature columns plus the {@code target} column. Throws {@link
   * CsvFormatException} naming the file, line and column of the first problem.
   */
  public static Dataset load(Path csv, String target) {
    String source = csv.toString();
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(stem(csv), source, reader, target);
    } catch (NoSuchFileException e) {
      throw new CsvFormatException(source, 0, null, "no such file");
    } catch (IOException e) {
      throw new CsvFormatException(source, 0, null, "cannot be read: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new CsvFormatException(source, 0, null, "cannot be read: " + e.getCause().getMessage());
    }
  }

  /** Reads CSV text; {@code source} names it in errors and in the model artifact. */
  public static Dataset read(String name, String source, Reader reader, String target) {
    CsvTable table = CsvTable.read(source, reader);
    int targetColumn = table.columnIndex(target);
    if (targetColumn < 0) {
      throw new CsvFormatException(
          source, 1, null, "no target column '" + target + "' in the header " + table.header());
    }
    if (table.header().size() < 2) {
      throw new CsvFormatException(source, 1, null, "no feature columns besides the target '" + target + "'");
    }
    List<String> features = new ArrayList<>(table.header());
    features.remove(targetColumn);
    int n = table.rowCount();
    double[][] rows = new double[n][features.size()];
    double[] y = new double[n];
    int[] lines = new int[n];
    for (int i = 0; i < n; i++) {
      int j = 0;
      for (int c = 0; c < table.header().size(); c++) {
        double value = table.number(i, c);
        if (c == targetColumn) {
          y[i] = value;
        } else {
          rows[i][j++] = value;
        }
      }
      lines[i] = table.lineOf(i);
    }
    String[] columns = new String[features.size()];
    for (int c = 0, j = 0; c < table.header().size(); c++) {
      if (c != targetColumn) {
        columns[j++] = table.columnLabel(c);
      }
    }
    return new Dataset(name, source, features, target, rows, y, lines, columns);
  }

  /**
   * A {@link CsvFormatException} naming the source, line and column of row {@code row}'s value of feature {@code
   * feature} (both 0-based), for a value that reads as a number but is not acceptable, e.g. a category that is none.
   */
  public CsvFormatException invalidValue(int row, int feature, String reason) {
    return new CsvFormatException(source, lines[row], featureColumns[feature], reason);
  }

  private static String stem(Path csv) {
    String file = csv.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static double[][] deepCopy(double[][] rows) {
    double[][] copy = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  /** Short name of the data, e.g. {@code diabetes} (the file name without extension). */
  public String name() {
    return name;
  }

  /** Where the rows came from: a file path, or {@code bundled:diabetes.csv}. */
  public String source() {
    return source;
  }

  public List<String> featureNames() {
    return featureNames;
  }

  public String targetName() {
    return targetName;
  }

  public int size() {
    return rows.length;
  }

  public int featureCount() {
    return featureNames.size();
  }

  /** Raw feature values, one array per row in feature order. */
  public double[][] rows() {
    return deepCopy(rows);
  }

  public double[] row(int index) {
    return rows[index].clone();
  }

  public double[] target() {
    return target.clone();
  }

  /** The values of one feature column. */
  public double[] column(int feature) {
    double[] values = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      values[i] = rows[i][feature];
    }
    return values;
  }

  /** The rows at {@code indices}, in that order. */
  public Dataset select(int[] indices) {
    double[][] picked = new double[indices.length][];
    double[] y = new double[indices.length];
    int[] pickedLines = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      picked[i] = rows[indices[i]];
      y[i] = target[indices[i]];
      pickedLines[i] = lines[indices[i]];
    }
    return new Dataset(name, source, featureNames, targetName, picked, y, pickedLines, featureColumns);
  }
}
