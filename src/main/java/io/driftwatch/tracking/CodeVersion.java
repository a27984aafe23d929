package io.driftwatch.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The code a run was made with: the project version and, when the build knew it, the git commit the classes were
 * built from and whether the work tree had uncommitted changes then. Maven writes both into
 * {@code io/driftwatch/build.properties} (resource filtering, the git-commit-id plugin); a build outside a git
 * checkout (the Docker image) knows no commit.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param gitCommit full commit id, or null when unknown
 * @param gitDirty whether the work tree had uncommitted changes at build time, or null when unknown
 */
public record CodeVersion(String version, String gitCommit, Boolean gitDirty) {

  private static final String RESOURCE = "/io/driftwatch/build.properties";
  private static final CodeVersion THIS_BUILD = load();

  /** What this build's {@code build.properties} says; {@code unknown} when the classes were not built by Maven. */
  public static CodeVersion ofThisBuild() {
    return THIS_BUILD;
  }

  /** e.g. {@code 0.1.0-SNAPSHOT (commit 284e92584364, modified)} or {@code 0.1.0-SNAPSHOT}. */
  public String describe() {
    if (gitCommit == null) {
      return version;
    }
    return version + " (commit " + gitCommit.substring(0, Math.min(12, gitCommit.length()))
        + (Boolean.TRUE.equals(gitDirty) ? ", modified" : "") + ")";
  }

  private static CodeVersion load() {
    Properties properties = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String version = resolved(properties.getProperty("version"));
    String commit = resolved(properties.getProperty("git.commit"));
    String dirty = resolved(properties.getProperty("git.dirty"));
    return new CodeVersion(version == null ? "unknown" : version, commit, dirty == null ? null : Boolean.valueOf(dirty));
  }

  /** A value Maven filled in, or null for a missing one or a placeholder it could not fill ({@code ${...}}). */
  private static String resolved(String value) {
    if (value == null || value.isBlank() || value.contains("${")) {
      return null;
    }
    return value.trim();
  }
}
