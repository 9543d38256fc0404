package io.octopod.bridge.control;

import io.octopod.bridge.Bridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a bridge's control port, as the operator makes them. */
final class ControlClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Bridge bridge;
  private final String token;

  ControlClient(Bridge bridge, String token) {
    this.bridge = bridge;
    this.token = token;
  }

  HttpResponse<String> call(String method, String path, String json) throws Exception {
    return call(method, path, json, token, Duration.ofSeconds(10));
  }

  HttpResponse<String> call(
      String method, String path, String json, String bearer, Duration timeout) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.controlPort() + path))
            .timeout(timeout)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
