package io.driftwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.data.CsvTable;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Scores raw clinical units with a model artifact: one JSON object (--json) or every row of a CSV file (--csv). "
          + "A missing, unknown, null, non-numeric, non-finite or out-of-range feature, or a categorical one that is "
          + "none of its codes, is refused, naming the field."
    })
public final class PredictCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "FILE", defaultValue = "models/diabetes-lasso.json",
      description = "Model artifact written by train (default: ${DEFAULT-VALUE}).")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--json", paramLabel = "OBJECT", required = true,
        description = "One patient's features as a JSON object, e.g. '{\"age\":61,\"sex\":1,...}'.")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", required = true,
        description = "CSV with a header naming the model's features (the target column may be present and is "
            + "ignored); prints its rows with a prediction column appended.")
    Path csv;
  }

  @Option(names = "--explain",
      description = "With --json, also print the intercept and each feature's contribution.")
  boolean explain;

  @Option(names = "--digits", paramLabel = "N", defaultValue = "2",
      description = "Decimals printed for predictions (default: ${DEFAULT-VALUE}).")
  int digits;

  @Override
  public Integer call() {
    if (digits < 0 || digits > 17) {
      throw new ParameterException(spec.commandLine(), "--digits must be between 0 and 17, was " + digits);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ModelArtifact artifact = loadModel();
      if (input.json != null) {
        predictJson(artifact, out);
      } else {
        predictCsv(artifact, out);
      }
      out.flush();
      return 0;
    } catch (InvalidInputException | InvalidModelArtifactException | CsvFormatException e) {
      out.flush();
      err.println("predict: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private ModelArtifact loadModel() {
    if (!Files.exists(model)) {
      throw new InvalidInputException(
          model + ": no such model artifact (write one with ./driftwatch train --out " + model + ")");
    }
    return ModelArtifactJson.read(model);
  }

  private void predictJson(ModelArtifact artifact, PrintWriter out) {
    double[] raw = features(artifact, input.json);
    LinearScorer scorer = new LinearScorer(artifact);
    double[] contributions = new double[scorer.featureCount()];
    double prediction = scorer.explain(raw, contributions);
    out.println(format(prediction));
    if (explain) {
      out.printf(Locale.ROOT, "  %-12s %12s%n", "intercept", format(scorer.intercept()));
      List<FeatureSpec> features = artifact.features();
      for (int j = 0; j < features.size(); j++) {
        // + 0.0: a dropped feature contributes 0.00, not -0.00
        out.printf(Locale.ROOT, "  %-12s %+12." + digits + "f   %s = %s %s%n", features.get(j).name(),
            contributions[j] + 0.0, features.get(j).name(), plain(raw[j]), features.get(j).unit());
      }
    }
  }

  /** The JSON object's features in the artifact's order, refusing anything that is not exactly a valid input. */
  static double[] features(ModelArtifact artifact, String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      int newline = message.indexOf('\n');
      throw new InvalidInputException("--json is not valid JSON: " + (newline < 0 ? message : message.substring(0, newline)));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("--json must be a JSON object of features, e.g. {\"age\": 61, ...}");
    }
    List<FeatureSpec> features = artifact.features();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (features.stream().noneMatch(f -> f.name().equals(name))) {
        throw new InvalidInputException("unknown feature '" + name + "'; the model's features are "
            + String.join(", ", artifact.featureNames()));
      }
    }
    double[] raw = new double[features.size()];
    for (int j = 0; j < features.size(); j++) {
      FeatureSpec spec = features.get(j);
      JsonNode value = node.get(spec.name());
      if (value == null) {
        throw new InvalidInputException("feature '" + spec.name() + "' is missing");
      }
      if (value.isNull()) {
        throw new InvalidInputException("feature '" + spec.name() + "' is null");
      }
      if (!value.isNumber()) {
        throw new InvalidInputException("feature '" + spec.name() + "' must be a number, was " + value);
      }
      double number = value.doubleValue();
      raw[j] = checked(spec, number, Double.isFinite(number) ? value.toString() : Double.toString(number));
    }
    return raw;
  }

  private void predictCsv(ModelArtifact artifact, PrintWriter out) {
    CsvTable table = readCsv(input.csv);
    List<FeatureSpec> features = artifact.features();
    int[] columns = new int[features.size()];
    for (int j = 0; j < features.size(); j++) {
      columns[j] = table.columnIndex(features.get(j).name());
      if (columns[j] < 0) {
        throw new CsvFormatException(table.source(), 1, null, "no column for feature '" + features.get(j).name()
            + "'; the model's features are " + String.join(", ", artifact.featureNames()));
      }
    }
    for (int c = 0; c < table.header().size(); c++) {
      String name = table.header().get(c);
      if (!name.equals(artifact.target()) && features.stream().noneMatch(f -> f.name().equals(name))) {
        throw new CsvFormatException(table.source(), 1, table.columnLabel(c), "not a feature of the model (its "
            + "features are " + String.join(", ", artifact.featureNames()) + ")");
      }
    }
    // Score every row before printing, so a bad row late in the file prints nothing but the error.
    LinearScorer scorer = new LinearScorer(artifact);
    double[] predictions = new double[table.rowCount()];
    double[] raw = new double[features.size()];
    for (int i = 0; i < table.rowCount(); i++) {
      for (int j = 0; j < features.size(); j++) {
        double value = table.number(i, columns[j]);
        try {
          raw[j] = checked(features.get(j), value, table.fields(i)[columns[j]]);
        } catch (InvalidInputException e) {
          throw new CsvFormatException(table.source(), table.lineOf(i), table.columnLabel(columns[j]), e.getMessage());
        }
      }
      predictions[i] = scorer.predict(raw);
    }
    out.println(String.join(",", table.header()) + ",prediction");
    for (int i = 0; i < table.rowCount(); i++) {
      out.println(String.join(",", table.fields(i)) + "," + format(predictions[i]));
    }
  }

  private static CsvTable readCsv(Path file) {
    try {
      return CsvTable.read(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CsvFormatException(file.toString(), 0, null, "no such file");
    } catch (IOException e) {
      throw new CsvFormatException(file.toString(), 0, null, "cannot be read: " + e.getMessage());
    }
  }

  private static double checked(FeatureSpec spec, double value, String text) {
    if (!Double.isFinite(value)) {
      throw new InvalidInputException("feature '" + spec.name() + "' must be a finite number, was " + text);
    }
    String unit = spec.unit().isEmpty() ? "" : " " + spec.unit();
    if (!spec.inRange(value)) {
      throw new InvalidInputException("feature '" + spec.name() + "' = " + text + " is outside the accepted range ["
          + plain(spec.min()) + ", " + plain(spec.max()) + "]" + unit);
    }
    if (!spec.accepts(value)) {
      throw new InvalidInputException("feature '" + spec.name() + "' = " + text + " is not one of its categories "
          + spec.categoriesText() + unit);
    }
    return value;
  }

  private String format(double value) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  private static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** A refused input; the message names the field. */
  static final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidInputException(String message) {
      super(message);
    }
  }
}
