package io.driftwatch.cli;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.data.CsvTable;
import io.driftwatch.core.event.FeatureValueCheck;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.RejectReason;
import io.driftwatch.core.event.Rejection;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A CSV file of raw clinical units read against a model's features, row by row, with the stream's checks and words:
 * what {@code predict --csv} scores and {@code drift --csv} summarizes.
 *
 * <p>The header names every model feature once, in any order. Other columns are <b>identifiers</b>, passed through
 * unchanged and never read as numbers: the stream event's own fields {@link #STANDARD_IDENTIFIERS} ({@code patient_id},
 * {@code event_id}, {@code event_time}), the model's target (e.g. {@code progression}), and any column named in
 * {@code extraIdentifiers} ({@code predict --id visit_id}). Any other column is refused, with "did you mean" when it
 * is close to a feature's name, so a misspelled feature is never silently passed through.
 *
 * <p>Every feature cell must be a plain decimal number that the feature accepts (range, and codes for a categorical
 * one); the first that is not stops the reading with a {@link CsvFormatException} naming the file, the line (1-based,
 * the header is line 1), the column and the reason, in the words of the dead-letter messages, e.g.
 * {@code patients.csv, line 3, column 4 (bp): field 'bp' is 12, outside the accepted range [40, 250] mm Hg}.
 */
public final class FeatureCsv {

  /** The stream event's own fields, accepted as identifier columns in every file. */
  public static final List<String> STANDARD_IDENTIFIERS =
      List.of(PatientEvent.PATIENT_ID, PatientEvent.EVENT_ID, PatientEvent.EVENT_TIME);

  /**
   * One data row.
   *
   * @param line the row's 1-based line in the file
   * @param features the raw feature values, in the model's feature order and units
   * @param passThrough the identifier cells, in the order of {@link #passThroughColumns()}, as written (trimmed)
   * @param fields every cell of the row as written (trimmed), in the file's column order
   */
  public record Row(int line, double[] features, List<String> passThrough, List<String> fields) {}

  private final String source;
  private final List<String> header;
  private final List<String> passThroughColumns;
  private final List<Row> rows;

  private FeatureCsv(String source, List<String> header, List<String> passThroughColumns, List<Row> rows) {
    this.source = source;
    this.header = header;
    this.passThroughColumns = passThroughColumns;
    this.rows = rows;
  }

  /**
   * Reads and checks the whole file.
   *
   * @param extraIdentifiers more identifier columns (beyond patient_id, event_id, event_time and the target); each
   *     must be a column of the file and not a feature
   * @throws CsvFormatException for an unreadable or empty file, a bad header (a missing feature, a column that is
   *     neither feature nor identifier, a duplicate name) or a bad feature cell
   */
  public static FeatureCsv read(Path file, ModelArtifact model, Collection<String> extraIdentifiers) {
    return read(file, model, extraIdentifiers, null);
  }

  /**
   * A data row refused as the stream would refuse the event: its line, the stream's reason, and the message with the
   * file, line and column named.
   */
  public record RejectedRow(int line, RejectReason reason, String message) {}

  /**
   * As {@link #read(Path, ModelArtifact, Collection)}, but a bad feature cell refuses only its row: the row is handed
   * to {@code rejected} (unless null: then it stops the reading) and left out of {@link #rows()}. The file and its
   * header must still be sound.
   *
   * @throws CsvFormatException for an unreadable or empty file or a bad header
   */
  public static FeatureCsv read(Path file, ModelArtifact model, Collection<String> extraIdentifiers,
      Consumer<RejectedRow> rejected) {
    CsvTable table = table(file);
    String source = table.source();
    List<FeatureSpec> features = model.features();
    List<String> featureNames = List.of(model.featureNames());
    for (String id : extraIdentifiers) {
      if (featureNames.contains(id)) {
        throw new CsvFormatException(source, 1, null, "'" + id + "' is a feature of the model, not an identifier");
      }
      if (table.columnIndex(id) < 0) {
        throw new CsvFormatException(source, 1, null, "no column '" + id + "' for the identifier named with --id"
            + DidYouMean.hint(id, table.header()));
      }
    }
    Set<String> identifiers = new LinkedHashSet<>(STANDARD_IDENTIFIERS);
    identifiers.add(model.target());
    identifiers.addAll(extraIdentifiers);

    List<Integer> passThrough = new ArrayList<>();
    for (int c = 0; c < table.header().size(); c++) {
      String name = table.header().get(c);
      if (identifiers.contains(name)) {
        passThrough.add(c);
      } else if (!featureNames.contains(name)) {
        throw new CsvFormatException(source, 1, table.columnLabel(c), unknownColumn(name, model));
      }
    }
    int[] columns = new int[features.size()];
    for (int j = 0; j < features.size(); j++) {
      columns[j] = table.columnIndex(features.get(j).name());
      if (columns[j] < 0) {
        throw new CsvFormatException(source, 1, null, "no column for feature '" + features.get(j).name()
            + "'; the model's features are " + String.join(", ", featureNames));
      }
    }

    List<Row> rows = new ArrayList<>(table.rowCount());
    rows:
    for (int i = 0; i < table.rowCount(); i++) {
      String[] fields = table.fields(i);
      double[] raw = new double[features.size()];
      for (int j = 0; j < features.size(); j++) {
        String text = fields[columns[j]];
        double value;
        try {
          value = table.number(i, columns[j]);
        } catch (CsvFormatException e) {
          if (rejected == null) {
            throw e;
          }
          rejected.accept(new RejectedRow(table.lineOf(i), numberReason(text), e.getMessage()));
          continue rows;
        }
        Rejection refused = FeatureValueCheck.check(features.get(j), value, text);
        if (refused != null) {
          CsvFormatException e =
              new CsvFormatException(source, table.lineOf(i), table.columnLabel(columns[j]), refused.message());
          if (rejected == null) {
            throw e;
          }
          rejected.accept(new RejectedRow(table.lineOf(i), refused.reason(), e.getMessage()));
          continue rows;
        }
        raw[j] = value;
      }
      List<String> ids = new ArrayList<>(passThrough.size());
      for (int c : passThrough) {
        ids.add(fields[c]);
      }
      rows.add(new Row(table.lineOf(i), raw, List.copyOf(ids), List.of(fields)));
    }
    List<String> passThroughNames = passThrough.stream().map(table.header()::get).toList();
    return new FeatureCsv(source, table.header(), passThroughNames, List.copyOf(rows));
  }

  /** The stream's reason for a cell that is no plain number: empty, a spelled-out non-finite value, or anything else. */
  private static RejectReason numberReason(String text) {
    if (text.isEmpty()) {
      return RejectReason.MISSING_FIELD;
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT).replaceFirst("^[+-]", "");
    if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
      return RejectReason.NON_FINITE;
    }
    try {
      return Double.isFinite(Double.parseDouble(text)) ? RejectReason.NOT_A_NUMBER : RejectReason.NON_FINITE;
    } catch (NumberFormatException e) {
      return RejectReason.NOT_A_NUMBER;
    }
  }

  /**
   * Why a column or field that is neither a feature nor an identifier is refused, e.g. {@code unknown feature 'bmii'
   * (did you mean 'bmi'?)}; without a close name, the features and the identifiers accepted.
   */
  static String unknownColumn(String name, ModelArtifact model) {
    List<String> known = new ArrayList<>(List.of(model.featureNames()));
    known.addAll(STANDARD_IDENTIFIERS);
    known.add(model.target());
    String hint = DidYouMean.hint(name, known);
    if (!hint.isEmpty()) {
      return "unknown feature '" + name + "'" + hint;
    }
    return "unknown feature '" + name + "'; the model's features are " + String.join(", ", model.featureNames())
        + " (also accepted: " + String.join(", ", STANDARD_IDENTIFIERS) + ", the target " + model.target()
        + ", and identifiers named with --id)";
  }

  private static CsvTable table(Path file) {
    try {
      return CsvTable.read(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CsvFormatException(file.toString(), 0, null, "no such file");
    } catch (IOException e) {
      throw new CsvFormatException(file.toString(), 0, null, "cannot be read: " + e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      // CsvTable reads lazily: a directory, say, fails on the first read, not on opening.
      throw new CsvFormatException(file.toString(), 0, null, "cannot be read: " + e.getCause().getMessage());
    }
  }

  /** The file's name as messages show it. */
  public String source() {
    return source;
  }

  /** Every column, in the file's order. */
  public List<String> header() {
    return header;
  }

  /** The identifier columns, in the file's order. */
  public List<String> passThroughColumns() {
    return passThroughColumns;
  }

  /** The data rows, in file order; at least one, unless rows were refused to a {@code rejected} consumer. */
  public List<Row> rows() {
    return rows;
  }
}
