package io.driftwatch.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code reference.moments} of an artifact: {@code {"count": n, "mean": [p], "covariance": [[p × p]],
 * "score_correlation": [[p × p]]}}, a correlation that is undefined (a constant feature) written as {@code null}.
 * Shapes and values are checked by {@link ModelArtifactValidator}; this class only checks that the numbers are numbers.
 */
final class ReferenceMomentsJson {

  private static final String AT = "reference.moments";

  private ReferenceMomentsJson() {}

  static ObjectNode write(ReferenceMoments m) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("count", m.count());
    ArrayNode mean = node.putArray("mean");
    for (double v : m.mean()) {
      mean.add(v);
    }
    matrix(node.putArray("covariance"), m.covariance());
    matrix(node.putArray("score_correlation"), m.scoreCorrelation());
    return node;
  }

  private static void matrix(ArrayNode out, double[][] m) {
    for (double[] row : m) {
      ArrayNode r = out.addArray();
      for (double v : row) {
        if (Double.isNaN(v)) {
          r.addNull();
        } else {
          r.add(v);
        }
      }
    }
  }

  static ReferenceMoments read(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidModelArtifactException(AT + ": must be an object");
    }
    var names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("count") && !name.equals("mean") && !name.equals("covariance")
          && !name.equals("score_correlation")) {
        throw new InvalidModelArtifactException(AT + "." + name + ": unknown field");
      }
    }
    JsonNode count = required(node, "count");
    if (!count.isIntegralNumber() || !count.canConvertToLong()) {
      throw new InvalidModelArtifactException(AT + ".count: must be a whole number, was " + count);
    }
    double[] mean = vector(required(node, "mean"), AT + ".mean", false);
    return new ReferenceMoments(count.asLong(), mean,
        matrix(required(node, "covariance"), AT + ".covariance", false),
        matrix(required(node, "score_correlation"), AT + ".score_correlation", true));
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidModelArtifactException(AT + "." + field + ": missing");
    }
    return value;
  }

  private static double[][] matrix(JsonNode node, String at, boolean nullable) {
    if (!node.isArray()) {
      throw new InvalidModelArtifactException(at + ": must be an array of arrays");
    }
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(node.get(i), at + "[" + i + "]", nullable);
    }
    return m;
  }

  private static double[] vector(JsonNode node, String at, boolean nullable) {
    if (!node.isArray()) {
      throw new InvalidModelArtifactException(at + ": must be an array of numbers");
    }
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = node.get(i);
      if (x.isNull() && nullable) {
        v[i] = Double.NaN;
      } else if (x.isNumber()) {
        v[i] = x.asDouble();
      } else {
        throw new InvalidModelArtifactException(at + "[" + i + "]: must be a number" + (nullable ? " or null" : "")
            + ", was " + x);
      }
    }
    return v;
  }
}
