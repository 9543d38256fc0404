package io.octopod.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Throws 10,000 random and mutated requests at the control API. Whatever comes in, the bridge
 * answers with a JSON error or a success, never a 500, stays healthy, and keeps the participant
 * that was there before.
 */
class ControlApiFuzzTest {

  private static final String TOKEN = "fuzz-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> EXPECTED =
      Set.of(200, 201, 202, 204, 400, 401, 404, 405, 409, 413, 501, 503);
  private static final List<String> METHODS =
      List.of("GET", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "HEAD");
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);
  private static final List<String> VALID_BODIES =
      List.of(
          "{\"name\":\"n\",\"octoConferenceId\":5}",
          "{\"name\":\"n\",\"octoConferenceId\":5,\"octo\":{\"localRelayNumber\":1,\"key\":{\"keyId\":1,"
              + "\"key\":\""
              + KEY
              + "\"},\"relays\":[{\"relayId\":\"b\",\"relayNumber\":2,\"address\":\"127.0.0.2:4096\"}],"
              + "\"remoteEndpoints\":[{\"endpointId\":\"x\",\"relayId\":\"b\"}]}}",
          "{\"endpointId\":\"e1\",\"region\":\"us-east\"}",
          "{\"offer\":null,\"iceRestart\":false}",
          "{\"timeoutSeconds\":5,\"exitWhenDone\":false}");
  private static final List<String> PATHS =
      List.of(
          "/colibri/stats",
          "/colibri/drain",
          "/colibri/conferences/fz",
          "/colibri/conferences/fz/endpoints",
          "/colibri/conferences/fz/endpoints/e1",
          "/colibri/conferences/keep",
          "/colibri/conferences/keep/endpoints/stay",
          "/about/health",
          "/metrics",
          "/colibri/conferences//endpoints",
          "/colibri/conferences/%2e%2e/endpoints",
          "/colibri/conferences/a/b/c/d/e",
          "/",
          "");

  @Test
  void randomRequestsNeverBreakTheBridgeOrItsParticipants() throws Exception {
    Random random = new Random(20261124L);
    try (Bridge bridge = Bridge.start(BridgeConfig.loopback("r", "fuzz", TOKEN))) {
      ControlClient api = new ControlClient(bridge, TOKEN);
      assertEquals(
          200,
          api.call("PUT", "/colibri/conferences/keep", "{\"name\":\"k\",\"octoConferenceId\":1}")
              .statusCode());
      assertEquals(
          201,
          api.call("POST", "/colibri/conferences/keep/endpoints", "{\"endpointId\":\"stay\"}")
              .statusCode());
      int requests = 10_000;
      for (int i = 0; i < requests; i++) {
        String method = METHODS.get(random.nextInt(METHODS.size()));
        String path = mutatePath(PATHS.get(random.nextInt(PATHS.size())), random);
        if (method.equals("DELETE") && path.contains("keep")) {
          continue; // the participant we check at the end stays
        }
        String body = random.nextInt(5) == 0 ? null : body(random);
        String token = random.nextInt(10) == 0 ? "wrong" + i : TOKEN;
        HttpResponse<String> response;
        try {
          response = api.call(method, path, body, token, Duration.ofSeconds(10));
        } catch (IllegalArgumentException unsendable) {
          continue; // the JDK client refused to build it (e.g. an invalid URI); nothing was sent
        }
        int status = response.statusCode();
        assertTrue(
            EXPECTED.contains(status),
            method + " " + path + " -> " + status + " " + response.body());
        if (!method.equals("HEAD") && status >= 400) {
          JsonNode error = JSON.readTree(response.body());
          assertTrue(error.hasNonNull("reason"), response.body());
        }
      }
      HttpResponse<String> health = api.call("GET", "/about/health", null);
      assertEquals(200, health.statusCode());
      JsonNode kept = JSON.readTree(api.call("GET", "/colibri/conferences/keep", null).body());
      assertEquals("stay", kept.at("/endpoints/0/endpointId").asText(), kept.toString());
    }
  }

  private static String body(Random random) {
    String base = VALID_BODIES.get(random.nextInt(VALID_BODIES.size()));
    int mode = random.nextInt(4);
    if (mode == 0) {
      return base;
    }
    char[] chars = base.toCharArray();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(chars.length);
      chars[at] = (char) (mode == 1 ? ' ' + random.nextInt(95) : random.nextInt(0x3000));
    }
    String mutated = new String(chars);
    return mode == 3 ? mutated.substring(0, random.nextInt(mutated.length())) : mutated;
  }

  private static String mutatePath(String path, Random random) {
    if (random.nextInt(4) != 0 || path.isEmpty()) {
      return path.isEmpty() ? "/" : path;
    }
    StringBuilder out = new StringBuilder(path);
    int at = 1 + random.nextInt(out.length());
    String alphabet = "abc-_.~/%09XYZ";
    out.insert(Math.min(at, out.length()), alphabet.charAt(random.nextInt(alphabet.length())));
    return out.toString();
  }
}
