package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The join path without the focus: the test is the signalling. Chromium's offer goes to a running
 * bridge's control API, the bridge's own answer goes back, and the endpoint connects on the
 * bridge's media port; the bridge's stats then show it connected and receiving.
 */
class ChromiumControlApiIT {

  private static final String TOKEN = "chromium-it-token-0123456789";

  @Test
  void chromiumJoinsThroughTheControlApiAndTheBridgesOwnAnswer() throws Exception {
    try (MeetingPage page = MeetingPage.serve(2, 1);
        Bridge bridge = Bridge.start(BridgeConfig.loopback("local", "bridge-it", TOKEN));
        WebDriverSession browser = WebDriverSession.start()) {
      BridgeApi api = new BridgeApi(bridge, TOKEN);
      browser.navigate(page.url());
      String offer = MeetingPage.offer(browser);
      api.call(
          "PUT",
          "/colibri/conferences/standup",
          Map.of("name", "local/standup", "octoConferenceId", 7));
      JsonNode allocation =
          api.call(
              "POST",
              "/colibri/conferences/standup/endpoints",
              Map.of("endpointId", "chromium", "region", "local", "offer", offer));
      String answer = allocation.get("answer").asText();
      assertTrue(answer.contains("a=ice-lite"), answer);
      assertTrue(answer.contains("a=simulcast:recv q;h;f"), answer);
      assertEquals("ok", MeetingPage.applyAnswer(browser, answer));

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      JsonNode endpoint = null;
      while (System.nanoTime() < deadline) {
        endpoint = api.call("GET", "/colibri/conferences/standup/endpoints/chromium", null);
        if ("connected".equals(endpoint.get("state").asText())
            && endpoint.get("packetsIn").asLong() >= 100) {
          break;
        }
        Thread.sleep(200);
      }
      System.out.println("bridge reports " + endpoint);
      assertEquals("connected", endpoint.get("state").asText());
      assertTrue(endpoint.get("packetsIn").asLong() >= 100, endpoint.toString());
      assertEquals("connected", MeetingPage.dtlsState(browser));

      api.call("DELETE", "/colibri/conferences/standup/endpoints/chromium", null);
      assertEquals(
          0, bridge.conferences().endpointCount(), "leaving frees the endpoint and its transport");
    }
  }
}
