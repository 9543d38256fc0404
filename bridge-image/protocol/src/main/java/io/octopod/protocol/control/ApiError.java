package io.octopod.protocol.control;

/**
 * The body of every error response.
 *
 * @param error short machine-readable class of error, e.g. {@code bad-request}, {@code not-found}
 * @param reason what was wrong, for a person
 * @param line for a refused SDP offer, the 1-based line that was wrong; otherwise null
 */
public record ApiError(String error, String reason, Integer line) {

  static String errorName(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 401 -> "unauthorized";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 409 -> "conflict";
      case 413 -> "too-large";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "error";
    };
  }
}
