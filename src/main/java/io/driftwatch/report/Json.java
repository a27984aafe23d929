package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;

/** Lenient reads of report fields: a field that is absent, null or of the wrong type reads as null (or false). */
final class Json {

  private Json() {}

  static Double number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isNumber() ? value.doubleValue() : null;
  }

  static long count(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.canConvertToLong() ? value.longValue() : 0;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  static boolean flag(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isBoolean() && value.booleanValue();
  }

  static JsonNode object(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isObject() ? value : null;
  }

  /** The array's numbers; null if it is absent or holds anything but finite numbers. */
  static double[] numbers(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isArray()) {
      return null;
    }
    double[] numbers = new double[value.size()];
    for (int i = 0; i < numbers.length; i++) {
      JsonNode element = value.get(i);
      if (!element.isNumber() || !Double.isFinite(element.doubleValue())) {
        return null;
      }
      numbers[i] = element.doubleValue();
    }
    return numbers;
  }
}
