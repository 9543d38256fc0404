package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.Bridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The browser tests' signalling: control-API calls to a running bridge, as the focus makes them.
 */
final class BridgeApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int controlPort;
  private final String token;

  BridgeApi(Bridge bridge, String token) {
    this(bridge.controlPort(), token);
  }

  /** For a bridge in another process, known by its control port. */
  BridgeApi(int controlPort, String token) {
    this.controlPort = controlPort;
    this.token = token;
  }

  /** Calls the API; fails the test on an error status; returns the JSON body or null. */
  JsonNode call(String method, String path, Object body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
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

  /**
   * Joins a page that already serves the meeting page: allocates its endpoint with the page's offer
   * and applies the answer, rewritten first by {@code answer} (an impairment relay's redirect, or
   * identity).
   *
   * @return the allocation
   */
  JsonNode join(
      String conference, String endpointId, WebDriverSession page, UnaryOperator<String> answer)
      throws Exception {
    JsonNode allocation =
        call(
            "POST",
            "/colibri/conferences/" + conference + "/endpoints",
            Map.of("endpointId", endpointId, "offer", MeetingPage.offer(page)));
    assertEquals(
        "ok", MeetingPage.applyAnswer(page, answer.apply(allocation.get("answer").asText())));
    return allocation;
  }

  JsonNode join(String conference, String endpointId, WebDriverSession page) throws Exception {
    return join(conference, endpointId, page, UnaryOperator.identity());
  }
}
