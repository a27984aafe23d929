package io.driftwatch.core.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.train.TrainingOptions;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A retrain run as JSON, for the run log and {@code retrain --json}. Field names are snake_case; numbers that are not
 * finite are {@code null}; event times are ISO-8601.
 *
 * <p>Always: {@code result} ({@code refused} or {@code compared}) and {@code counts} ({@code labels_read}, {@code
 * duplicates_dropped}, {@code labelled}, {@code train_rows}, {@code holdout_rows}). Refused: {@code reason}. Compared:
 * {@code model_name}, {@code publish}, {@code champion} and {@code challenger} ({@code model_version}, {@code alpha},
 * {@code rmse}, {@code r2} on the holdout), {@code holdout} ({@code rows}, {@code first_event_time}, {@code
 * last_event_time}), {@code margin}, {@code significance_level}, {@code paired_t_test} ({@code mean_difference},
 * {@code statistic}, {@code degrees_of_freedom}, {@code p_value}), {@code bootstrap} ({@code resamples}, {@code seed},
 * {@code confidence}, {@code rmse_difference}, {@code interval}, {@code margin_difference}, {@code
 * margin_upper_bound}), {@code checks} ({@code [{name, passed, detail}]}), {@code coefficients} ({@code
 * largest_changes: [{feature, champion, challenger, change}]}, {@code dropped}, {@code added}), {@code training}
 * ({@code seed}, {@code test_size}, {@code cv_folds}, {@code alphas}, {@code not_recorded}, {@code warnings}) and the
 * challenger's {@code lineage} (as in the artifact).
 */
public final class RetrainJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Writes the lineage record as the artifact does. */
  private static final ObjectMapper SNAKE_CASE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private RetrainJson() {}

  public static byte[] write(RetrainResult result) {
    try {
      return MAPPER.writeValueAsBytes(toTree(result));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(RetrainResult result) {
    try {
      return MAPPER.writeValueAsString(toTree(result));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode toTree(RetrainResult result) {
    ObjectNode root = MAPPER.createObjectNode();
    RetrainResult.LabelCounts counts = result.counts();
    if (result instanceof RetrainResult.Refused refused) {
      root.put("result", "refused");
      root.put("reason", refused.reason());
      counts(root, counts);
      return root;
    }
    RetrainResult.Compared compared = (RetrainResult.Compared) result;
    Comparison c = compared.comparison();
    root.put("result", "compared");
    counts(root, counts);
    root.put("model_name", c.modelName());
    root.put("publish", c.decision().publish());
    score(root.putObject("champion"), c.champion());
    score(root.putObject("challenger"), c.challenger());
    ObjectNode holdout = root.putObject("holdout");
    holdout.put("rows", c.holdoutRows());
    holdout.put("first_event_time", Retrainer.instant(c.holdoutFirstEventTimeMs()));
    holdout.put("last_event_time", Retrainer.instant(c.holdoutLastEventTimeMs()));
    number(root, "margin", c.margin());
    number(root, "significance_level", c.significanceLevel());
    ObjectNode test = root.putObject("paired_t_test");
    number(test, "mean_difference", c.tTest().meanDifference());
    number(test, "statistic", c.tTest().statistic());
    number(test, "degrees_of_freedom", c.tTest().degreesOfFreedom());
    number(test, "p_value", c.tTest().pValue());
    BootstrapRmse b = c.bootstrap();
    ObjectNode bootstrap = root.putObject("bootstrap");
    bootstrap.put("resamples", b.resamples());
    bootstrap.put("seed", b.seed());
    number(bootstrap, "confidence", b.confidence());
    number(bootstrap, "rmse_difference", b.difference());
    ArrayNode interval = bootstrap.putArray("interval");
    interval.add(b.lower()).add(b.upper());
    number(bootstrap, "margin_difference", b.marginDifference());
    number(bootstrap, "margin_upper_bound", b.marginUpperBound());
    ArrayNode checks = root.putArray("checks");
    for (Comparison.Check check : c.decision().checks()) {
      ObjectNode node = checks.addObject();
      node.put("name", check.name());
      node.put("passed", check.passed());
      node.put("detail", check.detail());
    }
    ObjectNode coefficients = root.putObject("coefficients");
    ArrayNode largest = coefficients.putArray("largest_changes");
    for (Comparison.CoefficientChange change : c.largestChanges()) {
      ObjectNode node = largest.addObject();
      node.put("feature", change.feature());
      number(node, "champion", change.champion());
      number(node, "challenger", change.challenger());
      number(node, "change", change.change());
    }
    strings(coefficients.putArray("dropped"), c.dropped());
    strings(coefficients.putArray("added"), c.added());
    TrainingOptions options = compared.options().options();
    ObjectNode training = root.putObject("training");
    training.put("seed", options.seed());
    number(training, "test_size", options.testSize());
    training.put("cv_folds", options.cvFolds());
    training.put("alphas", options.lassoAlphas().length);
    strings(training.putArray("not_recorded"), compared.options().notRecorded());
    strings(training.putArray("warnings"), compared.report().warnings());
    root.set("lineage", SNAKE_CASE.valueToTree(compared.challenger().lineage()));
    return root;
  }

  private static void counts(ObjectNode root, RetrainResult.LabelCounts counts) {
    ObjectNode node = root.putObject("counts");
    node.put("labels_read", counts.labelsRead());
    node.put("duplicates_dropped", counts.duplicatesDropped());
    node.put("labelled", counts.labelled());
    node.put("train_rows", counts.trainRows());
    node.put("holdout_rows", counts.holdoutRows());
  }

  private static void score(ObjectNode node, Comparison.ModelScore score) {
    node.put("model_version", score.modelVersion());
    number(node, "alpha", score.alpha());
    number(node, "rmse", score.holdout().rmse());
    number(node, "r2", score.holdout().r2());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
