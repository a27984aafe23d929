package io.driftwatch.testing;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression reads, without a PromQL parser: enough to check that dashboards and alert rules
 * only name metrics that exist. Skipped: functions (an identifier followed by {@code (}), aggregation operators,
 * keywords and the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left},
 * {@code group_right}; everything inside {@code {...}} (label matchers) except a {@code __name__="..."} matcher;
 * everything inside {@code [...]} (ranges, subqueries, Grafana's {@code $__rate_interval}); strings, numbers,
 * durations, comments and Grafana variables ({@code $feature}, {@code ${feature}}).
 */
public final class PromQl {

  /** Aggregation operators: may be followed by {@code by (...)} before their parenthesis, so not always by "(". */
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

  /** Keywords followed by a parenthesized list of label names. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

  private PromQl() {}

  /** The metric names {@code expr} selects, as written (a histogram's {@code _bucket} series keeps its suffix). */
  public static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '#') {
        while (i < n && expr.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '{') {
        int end = closing(expr, i, '{', '}');
        String name = nameMatcher(expr.substring(i + 1, end));
        if (name != null) {
          names.add(name);
        }
        i = end + 1;
      } else if (c == '[') {
        i = closing(expr, i, '[', ']') + 1;
      } else if (c == '$') {
        i++;
        if (i < n && expr.charAt(i) == '{') {
          i = closing(expr, i, '{', '}') + 1;
        } else {
          while (i < n && isIdentifierPart(expr.charAt(i))) {
            i++;
          }
        }
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        // Numbers, hex, exponents, durations (5m, 1h30m): one token, so that "m" is never read as a metric.
        while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
            || expr.charAt(i) == '_')) {
          i++;
        }
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && isIdentifierPart(expr.charAt(i))) {
          i++;
        }
        String word = expr.substring(start, i);
        String lower = word.toLowerCase(Locale.ROOT);
        int next = skipSpace(expr, i);
        boolean call = next < n && expr.charAt(next) == '(';
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
          if (call) {
            i = closing(expr, next, '(', ')') + 1;
          }
        } else if (lower.equals("offset")) {
          i = skipDuration(expr, next);
        } else if (!call && !AGGREGATIONS.contains(lower) && !KEYWORDS.contains(lower)) {
          names.add(word);
        }
      } else {
        i++;
      }
    }
    return names;
  }

  /**
   * A sample's family: {@code name} itself when the scrape declares it ({@code # TYPE name ...}), else the histogram
   * or summary whose {@code _bucket}, {@code _count} or {@code _sum} series it is; {@code null} when the scrape has
   * neither.
   */
  public static String family(String name, String scrape) {
    if (scrape.contains("\n# TYPE " + name + " ") || scrape.startsWith("# TYPE " + name + " ")) {
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        for (String type : new String[] {"histogram", "summary"}) {
          if (scrape.contains("\n# TYPE " + base + " " + type + "\n")) {
            return suffix.equals("_bucket") && type.equals("summary") ? null : base;
          }
        }
      }
    }
    return null;
  }

  private static String nameMatcher(String matchers) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)\\s*__name__\\s*=\\s*\"([^\"]*)\"")
        .matcher(matchers);
    return m.find() ? m.group(1) : null;
  }

  private static int skipDuration(String expr, int i) {
    int n = expr.length();
    if (i < n && expr.charAt(i) == '-') {
      i++;
    }
    while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '$' || expr.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  private static int skipString(String expr, int i) {
    char quote = expr.charAt(i);
    i++;
    while (i < expr.length() && expr.charAt(i) != quote) {
      if (expr.charAt(i) == '\\' && quote != '`') {
        i++;
      }
      i++;
    }
    return i + 1;
  }

  /** Index of the bracket closing the one at {@code open}, skipping strings; fails when it is not closed. */
  private static int closing(String expr, int open, char opening, char closingChar) {
    int depth = 0;
    for (int i = open; i < expr.length(); ) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
        continue;
      }
      if (c == opening) {
        depth++;
      } else if (c == closingChar && --depth == 0) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("unbalanced '" + opening + "' at " + open + " in: " + expr);
  }

  private static int skipSpace(String expr, int i) {
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
