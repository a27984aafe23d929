package io.driftwatch.core.model;

/** A model artifact that cannot be used; the message says exactly which field is wrong and why. */
public final class InvalidModelArtifactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidModelArtifactException(String message) {
    super(message);
  }

  public InvalidModelArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
