package io.octopod.bridge.http;

import java.util.concurrent.CompletionStage;

/**
 * One method and path of the HTTP API.
 *
 * @param method HTTP method
 * @param pattern path, with named segments
 * @param authenticated true when the bearer token is required; only probes and metrics go without
 * @param handler what answers it; a {@link io.octopod.protocol.control.ControlApiException} becomes
 *     the matching error reply
 */
public record Route(String method, PathPattern pattern, boolean authenticated, Handler handler) {

  /** Answers a request, possibly later (a drain answers when the bridge is empty). */
  @FunctionalInterface
  public interface Handler {
    CompletionStage<Reply> handle(ApiRequest request) throws Exception;
  }

  public static Route open(String method, String pattern, Handler handler) {
    return new Route(method, new PathPattern(pattern), false, handler);
  }

  public static Route authenticated(String method, String pattern, Handler handler) {
    return new Route(method, new PathPattern(pattern), true, handler);
  }
}
