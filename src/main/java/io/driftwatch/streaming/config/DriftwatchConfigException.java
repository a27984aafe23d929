package io.driftwatch.streaming.config;

/** A configuration that cannot run: the message names the key and the values it accepts. */
public final class DriftwatchConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DriftwatchConfigException(String message) {
    super(message);
  }

  public DriftwatchConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
