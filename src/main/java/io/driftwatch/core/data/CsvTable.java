package io.driftwatch.core.data;

import io.driftwatch.core.event.FeatureValueCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A comma-separated file with a header line, kept as text: every data row has exactly as many fields as the header,
 * and numbers are parsed on demand so that errors can name the file, line and column. Fields are trimmed; a field may
 * be wrapped in double quotes (without embedded commas or quotes). Blank lines are skipped.
 */
public final class CsvTable {

  // Plain decimal notation only: Double.parseDouble alone would also take "1d", "0x1p3", "NaN" and "Infinity".
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

  private final String source;
  private final List<String> header;
  private final List<String[]> rows;
  private final int[] lineNumbers;

  private CsvTable(String source, List<String> header, List<String[]> rows, int[] lineNumbers) {
    this.source = source;
    this.header = header;
    this.rows = rows;
    this.lineNumbers = lineNumbers;
  }

  /** Reads the whole table; {@code source} is the name used in error messages. */
  public static CsvTable read(String source, Reader reader) {
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(reader)) {
      String text;
      int line = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        String[] fields = split(text);
        if (header == null) {
          header = header(source, line, fields);
          continue;
        }
        if (fields.length != header.size()) {
          throw new CsvFormatException(
              source, line, null,
              "has " + fields.length + " fields but the header has " + header.size());
        }
        rows.add(fields);
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    if (header == null) {
      throw new CsvFormatException(source, 0, null, "is empty (expected a header line)");
    }
    if (rows.isEmpty()) {
      throw new CsvFormatException(source, 0, null, "has a header but no data rows");
    }
    return new CsvTable(source, List.copyOf(header), rows, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  private static List<String> header(String source, int line, String[] fields) {
    Map<String, Integer> seen = new HashMap<>();
    for (int c = 0; c < fields.length; c++) {
      if (fields[c].isEmpty()) {
        throw new CsvFormatException(source, line, String.valueOf(c + 1), "empty column name in the header");
      }
      Integer earlier = seen.putIfAbsent(fields[c], c);
      if (earlier != null) {
        throw new CsvFormatException(
            source, line, (c + 1) + " (" + fields[c] + ")",
            "duplicate column name, also column " + (earlier + 1));
      }
    }
    return List.of(fields);
  }

  private static String[] split(String text) {
    String[] fields = text.split(",", -1);
    for (int i = 0; i < fields.length; i++) {
      String f = fields[i].trim();
      if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
        f = f.substring(1, f.length() - 1).trim();
      }
      fields[i] = f;
    }
    return fields;
  }

  public String source() {
    return source;
  }

  public List<String> header() {
    return header;
  }

  /** Index of a header column, or -1. */
  public int columnIndex(String name) {
    return header.indexOf(name);
  }

  public int rowCount() {
    return rows.size();
  }

  /** The fields of data row {@code row} (0-based), as written in the file. */
  public String[] fields(int row) {
    return rows.get(row).clone();
  }

  /** The file line on which data row {@code row} (0-based) was written. */
  public int lineOf(int row) {
    return lineNumbers[row];
  }

  /**
   * The finite number in data row {@code row}, column {@code column} (both 0-based).
   *
   * @throws CsvFormatException naming the file, line and column: an empty cell, text that is no plain decimal number,
   *     or a non-finite one in the words the stream uses ({@link FeatureValueCheck#nonFinite})
   */
  public double number(int row, int column) {
    String text = rows.get(row)[column];
    String reason;
    if (text.isEmpty()) {
      reason = "empty cell, a number is required";
    } else if (DECIMAL.matcher(text).matches()) {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
      reason = FeatureValueCheck.nonFinite(header.get(column), text, true).message();
    } else if (NON_FINITE.matcher(text).matches()) {
      reason = FeatureValueCheck.nonFinite(header.get(column), text, false).message();
    } else {
      reason = "'" + text + "' is not a number";
    }
    throw new CsvFormatException(source, lineNumbers[row], columnLabel(column), reason);
  }

  /** A column as error messages show it: 1-based position and name, e.g. {@code 3 (bmi)}. */
  public String columnLabel(int column) {
    return (column + 1) + " (" + header.get(column) + ")";
  }
}
