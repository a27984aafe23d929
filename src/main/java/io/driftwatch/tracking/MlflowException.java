package io.driftwatch.tracking;

/**
 * A call to the MLflow server that did not succeed: no connection, no answer in time, an error status (with MLflow's
 * {@code error_code} when the body carried one) or an answer that is not what the REST API documents.
 */
public final class MlflowException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String errorCode;

  /**
   * @param message what happened, starting with the call, e.g. {@code runs/create: HTTP 403 PERMISSION_DENIED: ...}
   * @param httpStatus the answer's status, or 0 when there was no answer
   * @param errorCode MLflow's {@code error_code}, or null
   */
  MlflowException(String message, int httpStatus, String errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** MLflow's {@code error_code}, e.g. {@code RESOURCE_ALREADY_EXISTS}, or null. */
  public String errorCode() {
    return errorCode;
  }
}
