package io.driftwatch.core.data;

/**
 * A CSV file that cannot be read as numbers. The message names the file, the line (1-based, the header is line 1) and,
 * where one is at fault, the column, so a user can open the file and fix it.
 */
public final class CsvFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String column;

  public CsvFormatException(String source, int line, String column, String reason) {
    super(describe(source, line, column) + ": " + reason);
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /** The file (or resource) name. */
  public String source() {
    return source;
  }

  /** 1-based line number; 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }

  /** The column at fault, as {@code 3 (bmi)}, or null when no single column is. */
  public String column() {
    return column;
  }

  private static String describe(String source, int line, String column) {
    StringBuilder where = new StringBuilder(source);
    if (line > 0) {
      where.append(", line ").append(line);
    }
    if (column != null) {
      where.append(", column ").append(column);
    }
    return where.toString();
  }
}
