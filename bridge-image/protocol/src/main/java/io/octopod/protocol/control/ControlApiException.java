package io.octopod.protocol.control;

/**
 * A request the control API refuses, with the HTTP status it maps to and a reason a person can act
 * on. Thrown by {@code validate()} methods and by the bridge's handlers.
 */
public final class ControlApiException extends RuntimeException {

  private final int status;
  private final Integer line;

  public ControlApiException(int status, String reason) {
    this(status, reason, null);
  }

  /**
   * @param line the 1-based line of an SDP offer that caused the error, or null
   */
  public ControlApiException(int status, String reason, Integer line) {
    super(reason);
    this.status = status;
    this.line = line;
  }

  public static ControlApiException badRequest(String reason) {
    return new ControlApiException(400, reason);
  }

  public int status() {
    return status;
  }

  public Integer line() {
    return line;
  }

  public ApiError toApiError() {
    return new ApiError(ApiError.errorName(status), getMessage(), line);
  }
}
