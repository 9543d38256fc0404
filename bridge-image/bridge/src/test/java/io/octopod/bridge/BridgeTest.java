package io.octopod.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.config.BridgeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static BridgeConfig loopbackConfig() {
    return BridgeConfig.loopback("test-region", "bridge-test", "test-token-0123456789");
  }

  @Test
  void answersHealthOnTheControlPort() throws Exception {
    try (Bridge bridge = Bridge.start(loopbackConfig())) {
      HttpResponse<String> response = get(bridge, "/about/health");
      assertEquals(200, response.statusCode());
      assertTrue(response.body().contains("\"healthy\":true"), response.body());
      assertNotEquals(0, bridge.mediaPort());
      assertNotEquals(bridge.mediaPort(), bridge.octoPort());
      assertTrue(bridge.describe().contains("127.0.0.1:" + bridge.mediaPort()));
    }
  }

  @Test
  void unknownPathIsA404WithAJsonReason() throws Exception {
    try (Bridge bridge = Bridge.start(loopbackConfig())) {
      HttpResponse<String> response = get(bridge, "/nope");
      assertEquals(404, response.statusCode());
      assertTrue(response.body().contains("no such resource"), response.body());
    }
  }

  @Test
  void configDefaultsAndRejectsBadValues() {
    BridgeConfig defaults = BridgeConfig.fromEnvironment(Map.of());
    assertEquals(BridgeConfig.DEFAULT_MEDIA_PORT, defaults.mediaPort());
    assertEquals(BridgeConfig.DEFAULT_OCTO_PORT, defaults.octoPort());
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class,
            () -> BridgeConfig.fromEnvironment(Map.of("OCTOPOD_MEDIA_PORT", "ten")));
    assertTrue(notANumber.getMessage().contains("OCTOPOD_MEDIA_PORT"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BridgeConfig.fromEnvironment(Map.of("OCTOPOD_OCTO_PORT", "70000")));
  }

  private static HttpResponse<String> get(Bridge bridge, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.controlPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
