package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three headless Chromium participants in one conference on one bridge, the test acting as
 * signalling through the control API: each sends audio and VP8 simulcast, offers two video and two
 * audio receive slots, and must decode the other two participants' video and receive their audio,
 * with no renegotiation.
 */
class ThreeBrowsersIT {

  private static final String TOKEN = "three-browsers-token-0123456789";

  private static List<Integer> heights(JsonNode videos) {
    List<Integer> out = new ArrayList<>();
    videos.forEach(v -> out.add(v.get("height").asInt()));
    return out;
  }

  private static long maxFrames(JsonNode videos) {
    long max = 0;
    for (JsonNode v : videos) {
      max = Math.max(max, v.get("frames").asLong());
    }
    return max;
  }

  private static void awaitVideo(
      WebDriverSession browser, String what, java.util.function.Predicate<JsonNode> condition)
      throws Exception {
    // Bounded, not timed. A layer comes back when the sender's encoder has the CPU for it and the
    // bridge's estimate of the receiver's bandwidth has grown back to it: on 2026-12-03 the 720p
    // layer returned within 30 s in some runs, after about 65 s in one on a quiet machine, and not
    // within 90 s in one with other builds running beside it.
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = MeetingPage.videoIn(browser);
      if (condition.test(last)) {
        System.out.println(what + ": " + last);
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("timed out waiting for " + what + "; last " + last);
  }

  @Test
  void eachOfThreeParticipantsDecodesTheOtherTwo() throws Exception {
    List<WebDriverSession> browsers = new ArrayList<>();
    try (MeetingPage page = MeetingPage.serve(2, 2);
        Bridge bridge = Bridge.start(BridgeConfig.loopback("local", "bridge-3", TOKEN))) {
      BridgeApi api = new BridgeApi(bridge, TOKEN);
      api.call(
          "PUT", "/colibri/conferences/trio", Map.of("name", "local/trio", "octoConferenceId", 3));
      for (String name : List.of("ann", "ben", "cat")) {
        WebDriverSession browser = WebDriverSession.start();
        browsers.add(browser);
        browser.navigate(page.url());
        api.join("trio", name, browser);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<JsonNode> stats = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        stats.clear();
        for (WebDriverSession b : browsers) {
          stats.add(MeetingPage.inbound(b));
        }
        if (stats.stream()
            .allMatch(
                s -> s.get("videoDecoding").asInt() >= 2 && s.get("audioReceiving").asInt() >= 2)) {
          break;
        }
        Thread.sleep(500);
      }
      System.out.println(
          "inbound per browser "
              + stats
              + "; bridge "
              + api.call("GET", "/colibri/conferences/trio", null));
      for (JsonNode s : stats) {
        assertTrue(
            s.get("videoDecoding").asInt() >= 2, "each decodes the other two videos: " + stats);
        assertTrue(s.get("audioReceiving").asInt() >= 2, "and receives their audio: " + stats);
      }

      JsonNode annInfo = api.call("GET", "/colibri/conferences/trio/endpoints/ann", null);
      java.util.Set<String> carried = new java.util.HashSet<>();
      annInfo
          .get("slots")
          .forEach(
              slot ->
                  carried.add(slot.get("kind").asText() + ":" + slot.get("endpointId").asText()));
      assertEquals(
          java.util.Set.of("video:ben", "video:cat", "audio:ben", "audio:cat"),
          carried,
          "ann's slot mapping: " + annInfo);

      // The test artifact: ann's page with the two remote videos.
      byte[] png = browsers.get(0).screenshot();
      java.nio.file.Path shot = java.nio.file.Path.of("target", "three-browsers-ann.png");
      java.nio.file.Files.createDirectories(shot.getParent());
      java.nio.file.Files.write(shot, png);
      java.awt.image.BufferedImage image =
          javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
      assertTrue(image != null && image.getWidth() > 0, "a PNG screenshot");
      System.out.println("screenshot of ann's page: " + shot.toAbsolutePath());

      // Constraints: ann's largest tile is 180 px tall, so she gets the senders' 320x180 layer.
      WebDriverSession ann = browsers.get(0);
      api.call("PATCH", "/colibri/conferences/trio/endpoints/ann", Map.of("maxHeight", 180));
      awaitVideo(
          ann,
          "both of ann's videos at 180 px",
          v -> v.size() >= 2 && heights(v).stream().allMatch(h -> h == 180));
      api.call("PATCH", "/colibri/conferences/trio/endpoints/ann", Map.of("maxHeight", 720));
      awaitVideo(ann, "720p back for ann", v -> heights(v).contains(720));

      // Leaving: cat goes; ann keeps receiving ben without renegotiating.
      api.call("DELETE", "/colibri/conferences/trio/endpoints/cat", null);
      long before = maxFrames(MeetingPage.videoIn(ann));
      awaitVideo(ann, "ann still decoding after cat left", v -> maxFrames(v) >= before + 30);
    } finally {
      browsers.forEach(WebDriverSession::close);
    }
  }
}
