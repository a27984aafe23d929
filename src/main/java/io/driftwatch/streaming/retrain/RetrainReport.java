package io.driftwatch.streaming.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.retrain.Comparison;
import io.driftwatch.core.retrain.RetrainJson;
import io.driftwatch.core.retrain.RetrainResult;
import io.driftwatch.core.retrain.RetrainText;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code retrain} prints around {@link RetrainText}: where the champion and the labels came from (with what was
 * skipped), where the challenger was written, and whether it was published; and the same as one JSON object around
 * {@link RetrainJson}.
 */
public final class RetrainReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RetrainReport() {}

  /** The lines before the comparison: the champion and the labelled events read. */
  public static String header(RetrainRun.Outcome outcome) {
    ModelArtifact champion = outcome.champion().artifact();
    LabelledEvents labels = outcome.labels();
    StringBuilder s = new StringBuilder();
    s.append("Champion: model ").append(champion.modelName()).append(" version ").append(champion.modelVersion())
        .append(" (").append(outcome.champion().source()).append(")\n");
    s.append("Labelled events: ").append(labels.read()).append(" read from topic ").append(labels.topic())
        .append(" (").append(labels.partitions()).append(labels.partitions() == 1 ? " partition" : " partitions")
        .append("), written since ").append(labels.since()).append("; ").append(labels.records().size())
        .append(" usable");
    if (labels.until().isPresent()) {
      s.append(", ").append(labels.atOrAfterUntil()).append(" left out with an event time at or after ")
          .append(labels.until().get()).append(" (--until)");
    }
    s.append(", ").append(labels.skippedTotal()).append(" skipped");
    if (labels.skippedTotal() > 0) {
      s.append(": ").append(sortedReasons(labels.skipped()).stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    }
    return s.append("\n\n").toString();
  }

  /** The lines after the comparison: where the challenger went and whether it was published. */
  public static String footer(RetrainRun.Outcome outcome, boolean publishIfBetter,
      Optional<ModelsTopic.Published> published) {
    if (!(outcome.result() instanceof RetrainResult.Compared compared)) {
      return "";
    }
    ModelArtifact challenger = compared.challenger();
    StringBuilder s = new StringBuilder("\n");
    s.append("Wrote ").append(outcome.artifactFile().orElseThrow()).append(" (model ").append(challenger.modelName())
        .append(", version ").append(challenger.modelVersion()).append(", parent ")
        .append(challenger.lineage().parentModelVersion()).append(")\n");
    if (published.isPresent()) {
      ModelsTopic.Published p = published.get();
      s.append(String.format(java.util.Locale.ROOT, "published model %s version %s to topic %s (partition %d, offset"
          + " %d)%n", challenger.modelName(), challenger.modelVersion(), p.topic(), p.partition(), p.offset()));
    } else if (!outcome.better()) {
      s.append("Not published: the challenger failed ").append(failedChecks(compared.comparison()))
          .append("; the champion stays\n");
    } else if (!publishIfBetter) {
      s.append("Not published (no --publish-if-better); to publish it: ./driftwatch publish --model ")
          .append(outcome.artifactFile().orElseThrow()).append('\n');
    }
    return s.toString();
  }

  /** Everything: header, {@link RetrainText}, footer. */
  public static String text(RetrainRun.Outcome outcome, boolean publishIfBetter,
      Optional<ModelsTopic.Published> published) {
    return header(outcome) + RetrainText.render(outcome.result()) + footer(outcome, publishIfBetter, published);
  }

  /**
   * {@link RetrainJson} with {@code champion_source}, {@code labelled_events} ({@code topic}, {@code partitions},
   * {@code since}, {@code until}, {@code read}, {@code usable}, {@code at_or_after_until}, {@code skipped}: reason →
   * count), {@code artifact} (the file, or null) and {@code published} ({@code model_version}, {@code topic},
   * {@code partition}, {@code offset}, or null).
   */
  public static String json(RetrainRun.Outcome outcome, Optional<ModelsTopic.Published> published) {
    ObjectNode root = RetrainJson.toTree(outcome.result());
    root.put("champion_source", outcome.champion().source());
    LabelledEvents labels = outcome.labels();
    ObjectNode read = root.putObject("labelled_events");
    read.put("topic", labels.topic());
    read.put("partitions", labels.partitions());
    read.put("since", labels.since().toString());
    if (labels.until().isPresent()) {
      read.put("until", labels.until().get().toString());
    } else {
      read.putNull("until");
    }
    read.put("read", labels.read());
    read.put("usable", labels.records().size());
    read.put("at_or_after_until", labels.atOrAfterUntil());
    ObjectNode skipped = read.putObject("skipped");
    sortedReasons(labels.skipped()).forEach(e -> skipped.put(e.getKey(), e.getValue()));
    if (outcome.artifactFile().isPresent()) {
      root.put("artifact", outcome.artifactFile().get().toString());
    } else {
      root.putNull("artifact");
    }
    if (published.isPresent()) {
      ObjectNode node = root.putObject("published");
      node.put("model_version", published.get().artifact().modelVersion());
      node.put("topic", published.get().topic());
      node.put("partition", published.get().partition());
      node.put("offset", published.get().offset());
    } else {
      root.putNull("published");
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the checks the challenger failed, e.g. {@code rmse_margin, paired_t_test, bootstrap}. */
  public static String failedChecks(Comparison comparison) {
    return comparison.decision().failed().stream().map(Comparison.Check::name).collect(Collectors.joining(", "));
  }

  private static List<Map.Entry<String, Integer>> sortedReasons(Map<String, Integer> counts) {
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return sorted;
  }
}
