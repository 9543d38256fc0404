package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.Bridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The browser tests' signalling: control-API calls to a running bridge, as the focus makes them.
 */
final class BridgeApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Bridge bridge;
  private final String token;

  BridgeApi(Bridge bridge, String token) {
    this.bridge = bridge;
    this.token = token;
  }

  /** Calls the API; fails the test on an error status; returns the JSON body or null. */
  JsonNode call(String method, String path, Object body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.controlPort() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(
        r.statusCode() < 300, method + " " + path + " -> " + r.statusCode() + " " + r.body());
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }
}
