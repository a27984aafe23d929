package io.driftwatch.core.settings;

import java.util.Map;
import java.util.function.Function;

/**
 * Reading and checking the {@code key=value} settings of the statistics layers ({@code drift.*}, {@code concept.*}),
 * with one wording for every error: {@code <key> must be <accepted>, got <value>}.
 */
public final class SettingValues {

  private SettingValues() {}

  /**
   * @throws IllegalArgumentException {@code <key> must be <accepted>, got <value>} unless {@code ok}
   */
  public static void require(boolean ok, String key, String accepted, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + accepted + ", got " + value);
    }
  }

  /**
   * The value of {@code key} in {@code config}, parsed (surrounding whitespace ignored), or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException naming the key and the accepted values, with the {@link NumberFormatException}
   *     as its cause, when the value does not parse
   */
  public static <T> T parse(Map<String, String> config, String key, T fallback, Function<String, T> parser,
      String accepted) {
    String raw = config.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      return parser.apply(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be " + accepted + ", got '" + raw + "'", e);
    }
  }
}
