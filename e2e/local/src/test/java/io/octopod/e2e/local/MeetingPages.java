package io.octopod.e2e.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.browser.WebDriverSession;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the end-to-end tests read from a meeting page (window.octopod and its stats hook). */
final class MeetingPages {

  static final ObjectMapper JSON = new ObjectMapper();

  private MeetingPages() {}

  /**
   * Opens a headless Chromium page per participant on the example room, in the given order, each
   * naming its region. The caller closes them.
   */
  static Map<String, WebDriverSession> open(
      LocalOctopod octopod, java.util.List<String> names, Map<String, String> regionOf)
      throws java.io.IOException, InterruptedException {
    Map<String, WebDriverSession> pages = new LinkedHashMap<>();
    try {
      for (String name : names) {
        WebDriverSession page = WebDriverSession.start();
        pages.put(name, page);
        page.navigate(octopod.meetingUrl(name, regionOf.get(name)));
      }
    } catch (java.io.IOException | InterruptedException | RuntimeException e) {
      pages.values().forEach(WebDriverSession::close);
      throw e;
    }
    return pages;
  }

  /** {videoDecoding, audioReceiving, frames} from the page's current peer connection. */
  static JsonNode inbound(WebDriverSession page) {
    return evaluate(page, "octopodInbound().then(done);");
  }

  static long frames(WebDriverSession page) {
    return inbound(page).path("frames").asLong();
  }

  /** The page's phase, last error, bridge and reconnect count. */
  static JsonNode state(WebDriverSession page) {
    return evaluate(
        page,
        "const s = window.octopod; done(JSON.stringify({phase: s.phase, error: s.error,"
            + " bridge: s.bridge, reconnects: s.reconnects || 0}));");
  }

  /** The page's last E2E RTT to each other participant, by name. */
  static Map<String, Double> rttByName(WebDriverSession page) {
    JsonNode s =
        evaluate(page, "done(JSON.stringify({rtt: octopod.rtt, roster: octopod.roster}));");
    Map<String, Double> out = new LinkedHashMap<>();
    for (JsonNode p : s.path("roster")) {
      JsonNode value = s.path("rtt").path(p.path("endpointId").asText());
      if (value.isNumber()) {
        out.put(p.path("name").asText(), value.asDouble());
      }
    }
    return out;
  }

  /** Runs an async script that calls {@code done(json)}; a failure reads as "unavailable". */
  static JsonNode evaluate(WebDriverSession page, String script) {
    try {
      return JSON.readTree(page.executeAsync("const done = arguments[0]; " + script).asText());
    } catch (Exception e) {
      return JSON.createObjectNode().put("unavailable", e.toString());
    }
  }
}
