package io.driftwatch.streaming.retrain;

/** {@code retrain} cannot go on (no champion, a missing topic); the message says what is missing, for the user. */
public final class RetrainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RetrainException(String message) {
    super(message);
  }
}
