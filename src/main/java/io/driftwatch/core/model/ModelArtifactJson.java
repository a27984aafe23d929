package io.driftwatch.core.model;

import java.nio.file.Path;

/** Reads and writes {@link ModelArtifact} as JSON (layout in {@code docs/model-artifact.md}), validating on read. */
public final class ModelArtifactJson {

  private ModelArtifactJson() {}

  /** Parses and validates an artifact; throws {@link InvalidModelArtifactException} naming the faulty field. */
  public static ModelArtifact read(byte[] json) {
    throw new UnsupportedOperationException("TODO");
  }

  public static ModelArtifact read(Path file) {
    throw new UnsupportedOperationException("TODO");
  }

  public static byte[] write(ModelArtifact artifact) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void write(ModelArtifact artifact, Path file) {
    throw new UnsupportedOperationException("TODO");
  }
}
