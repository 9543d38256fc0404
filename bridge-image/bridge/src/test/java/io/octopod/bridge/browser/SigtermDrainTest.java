package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bridge process as a kubelet stops it: SIGTERM drains (no new participants) and the process
 * exits once the last participant has left, well inside the pod's grace period. Nothing on the
 * control port can start a drain without the token, since no preStop hook needs one.
 */
class SigtermDrainTest {

  private static final String TOKEN = "sigterm-test-token-000";

  @Test
  void sigtermDrainsAndExitsWhenTheLastParticipantLeaves() throws Exception {
    try (BridgeProcess bridge =
        BridgeProcess.start(
            "sigterm-0", "local", TOKEN, Map.of("OCTOPOD_DRAIN_TIMEOUT_SECONDS", "300"))) {
      BridgeApi api = new BridgeApi(bridge.controlPort, TOKEN);
      api.call("PUT", "/colibri/conferences/c1", Map.of("name", "local/c1", "octoConferenceId", 3));
      api.call("POST", "/colibri/conferences/c1/endpoints", Map.of("endpointId", "ann"));

      bridge.terminate();
      // Still running with ann on it, and refusing newcomers. The state is read until the signal
      // took effect: the handler runs on a thread of the JVM's own.
      String state = "ready";
      for (int i = 0; i < 200 && state.equals("ready"); i++) {
        state = api.call("GET", "/colibri/stats", null).get("state").asText();
        Thread.sleep(25);
      }
      assertEquals("shutting-down", state);
      AssertionError refused =
          assertThrows(
              AssertionError.class,
              () ->
                  api.call(
                      "POST", "/colibri/conferences/c1/endpoints", Map.of("endpointId", "ben")));
      assertEquals(true, refused.getMessage().contains("503"), refused.getMessage());
      assertNull(bridge.exitCode(Duration.ofSeconds(1)), "ann is still there: no exit");

      api.call("DELETE", "/colibri/conferences/c1/endpoints/ann", null);
      assertEquals(0, bridge.exitCode(Duration.ofSeconds(60)), "exited cleanly once empty");
    }
  }
}
