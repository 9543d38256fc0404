package io.octopod.protocol.control;

/**
 * Body of {@code POST /colibri/drain}.
 *
 * @param timeoutSeconds how long to wait for participants to leave before the bridge stops
 *     regardless; null means the configured drain timeout
 * @param exitWhenDone true to stop the process once drained (graceful shutdown); false to stay up
 *     and refuse new endpoints
 */
public record DrainRequest(Integer timeoutSeconds, boolean exitWhenDone) {

  public void validate() {
    if (timeoutSeconds != null && (timeoutSeconds < 0 || timeoutSeconds > 86_400)) {
      throw ControlApiException.badRequest("timeoutSeconds must be 0-86400, got " + timeoutSeconds);
    }
  }
}
