package io.driftwatch.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What several commands do with their shared options, done once. */
final class CliOptions {

  private CliOptions() {}

  /** {@code --set} keys with {@code --bootstrap-servers}, when given, as {@code bootstrap.servers} on top. */
  static Map<String, String> withBootstrap(Map<String, String> overrides, String bootstrapServers) {
    Map<String, String> settings = new LinkedHashMap<>(overrides);
    if (bootstrapServers != null) {
      settings.put("bootstrap.servers", bootstrapServers);
    }
    return settings;
  }

  /** Whether a file option was given as {@code -}: standard output (its working-directory resolution kept). */
  static boolean isStandardOutput(Path file) {
    return file != null && file.getFileName() != null && file.getFileName().toString().equals("-");
  }
}
