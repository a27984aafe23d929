package io.driftwatch.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.StreamSupport;

/**
 * The values scikit-learn 1.2.1 computed for the notebook on the bundled CSV ({@code golden/diabetes_sklearn.json},
 * written by {@code src/test/python/golden_diabetes.py}).
 */
public final class GoldenDiabetes {

  private static final JsonNode ROOT = load();

  private GoldenDiabetes() {}

  private static JsonNode load() {
    try (InputStream in = GoldenDiabetes.class.getResourceAsStream("/golden/diabetes_sklearn.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node by dotted path, e.g. {@code lasso_cv.coef}. */
  public static JsonNode at(String path) {
    JsonNode node = ROOT;
    for (String part : path.split("\\.")) {
      node = node.get(part);
      if (node == null) {
        throw new IllegalArgumentException("no " + path + " in the golden file");
      }
    }
    return node;
  }

  public static double number(String path) {
    return at(path).doubleValue();
  }

  public static double[] numbers(String path) {
    return StreamSupport.stream(at(path).spliterator(), false).mapToDouble(JsonNode::doubleValue).toArray();
  }

  public static int[] integers(String path) {
    return StreamSupport.stream(at(path).spliterator(), false).mapToInt(JsonNode::intValue).toArray();
  }
}
