package io.driftwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.event.ParseResult;
import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.event.Rejection;
import io.driftwatch.core.model.FeatureSpec;
import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.LinearScorer;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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
          + "none of its codes, is refused with the stream's dead-letter message, naming the field.",
      "Identifiers are accepted and passed through: patient_id, event_id, event_time, the model's target, and "
          + "columns named with --id."
    })
public final class PredictCommand implements Callable<Integer> {

  // Only for the field names of --json (so a misspelled feature gets a "did you mean"); the values are read by the
  // stream's own parser.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "FILE", defaultValue = "models/diabetes-lasso.json",
      description = "Model artifact written by train (default: ${DEFAULT-VALUE}).")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--json", paramLabel = "OBJECT", required = true,
        description = "One patient's event as a JSON object, e.g. '{\"age\":61,\"sex\":1,...}'; the stream's event "
            + "(with patient_id, event_id, event_time) is accepted as it is.")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", required = true,
        description = "CSV with a header naming the model's features, in any order, and identifier columns; prints "
            + "every column as read, with a prediction column appended.")
    Path csv;
  }

  @Option(names = "--id", paramLabel = "COLUMN",
      description = "One more identifier column (or --json field) to accept and pass through, e.g. visit_id; "
          + "repeatable. patient_id, event_id, event_time and the model's target always are.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--explain",
      description = "Also give the intercept and each feature's contribution: lines after the prediction with --json, "
          + "columns intercept and <feature>_contribution after it with --csv.")
  boolean explain;

  @Option(names = "--digits", paramLabel = "N", defaultValue = "2",
      description = "Decimals printed for predictions and contributions (default: ${DEFAULT-VALUE}).")
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
    double[] raw = features(artifact, input.json, ids);
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
            contributions[j] + 0.0, features.get(j).name(), FeatureSpec.plain(raw[j]), features.get(j).unit());
      }
    }
  }

  /**
   * The event's features in the artifact's order. Field names first: a field that is neither a feature nor an
   * identifier ({@code patient_id}, {@code event_id}, {@code event_time}, the target, {@code extraIds}) is refused,
   * with "did you mean" when close to one. Then the stream's parser reads the value, with its rules and its messages
   * (only {@code patient_id} is optional here): the same bad value gives the same words as its dead letter.
   */
  static double[] features(ModelArtifact artifact, String json, List<String> extraIds) {
    checkFieldNames(artifact, json, extraIds);
    ParseResult parsed = PatientEventParser.withOptionalPatientId(artifact.features())
        .parse(json.getBytes(StandardCharsets.UTF_8));
    if (parsed instanceof Rejection rejection) {
      throw new InvalidInputException(rejection.message());
    }
    return ((PatientEvent) parsed).features();
  }

  private static void checkFieldNames(ModelArtifact artifact, String json, List<String> extraIds) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return; // the parser names the syntax error, as the stream does
    }
    if (node == null || !node.isObject()) {
      return;
    }
    Set<String> accepted = new TreeSet<>(List.of(artifact.featureNames()));
    accepted.addAll(FeatureCsv.STANDARD_IDENTIFIERS);
    accepted.add(artifact.target());
    accepted.addAll(extraIds);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!accepted.contains(name)) {
        throw new InvalidInputException(FeatureCsv.unknownColumn(name, artifact));
      }
    }
  }

  private void predictCsv(ModelArtifact artifact, PrintWriter out) {
    // Every row is read and checked before anything is printed, so a bad row late in the file prints only the error.
    FeatureCsv csv = FeatureCsv.read(input.csv, artifact, ids);
    LinearScorer scorer = new LinearScorer(artifact);
    List<String> header = new ArrayList<>(csv.header());
    header.add("prediction");
    if (explain) {
      header.add("intercept");
      for (String name : artifact.featureNames()) {
        header.add(name + "_contribution");
      }
    }
    out.println(String.join(",", header));
    double[] contributions = new double[scorer.featureCount()];
    String intercept = format(scorer.intercept());
    for (FeatureCsv.Row row : csv.rows()) {
      List<String> line = new ArrayList<>(row.fields());
      line.add(format(scorer.explain(row.features(), contributions)));
      if (explain) {
        line.add(intercept);
        for (double c : contributions) {
          line.add(format(c + 0.0)); // + 0.0: a dropped feature contributes 0.00, not -0.00
        }
      }
      out.println(String.join(",", line));
    }
  }

  private String format(double value) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  /** A refused input; the message names the field. */
  static final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidInputException(String message) {
      super(message);
    }
  }
}
