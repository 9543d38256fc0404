package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String PAGE =
      """
      <!doctype html><html><body><script>
      window.pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
      pc.ontrack = e => {
        if (e.track.kind !== 'video') return;
        const v = document.createElement('video');
        v.autoplay = true; v.muted = true; v.width = 320; v.height = 180;
        v.srcObject = new MediaStream([e.track]);
        document.body.appendChild(v);
      };
      window.makeOffer = async () => {
        const stream = await navigator.mediaDevices.getUserMedia(
            {audio: true, video: {width: 1280, height: 720}});
        pc.addTransceiver(stream.getAudioTracks()[0], {direction: 'sendonly'});
        pc.addTransceiver(stream.getVideoTracks()[0], {direction: 'sendonly', sendEncodings: [
            {rid: 'q', scaleResolutionDownBy: 4}, {rid: 'h', scaleResolutionDownBy: 2},
            {rid: 'f', scaleResolutionDownBy: 1}]});
        for (let i = 0; i < 2; i++) pc.addTransceiver('video', {direction: 'recvonly'});
        for (let i = 0; i < 2; i++) pc.addTransceiver('audio', {direction: 'recvonly'});
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        return pc.localDescription.sdp;
      };
      window.inbound = async () => {
        const report = await pc.getStats();
        const out = {videoDecoding: 0, audioReceiving: 0, heights: [], sentRids: []};
        report.forEach(s => {
          if (s.type === 'outbound-rtp' && s.kind === 'video' && s.bytesSent > 0) out.sentRids.push(s.rid + ':' + (s.frameHeight || 0));
          if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) { out.videoDecoding++; out.heights.push(s.frameHeight); }
          if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0) out.audioReceiving++;
        });
        return JSON.stringify(out);
      };
      window.videoIn = async () => {
        const report = await pc.getStats();
        const out = [];
        report.forEach(s => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0)
            out.push({ssrc: s.ssrc, frames: s.framesDecoded, height: s.frameHeight});
        });
        return JSON.stringify(out);
      };
      </script></body></html>
      """;

  private static JsonNode call(Bridge bridge, String method, String path, Object body)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.controlPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
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

  private static JsonNode videoIn(WebDriverSession browser) throws Exception {
    return JSON.readTree(
        browser
            .executeAsync("const done = arguments[arguments.length - 1]; videoIn().then(done);")
            .asText());
  }

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
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = videoIn(browser);
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
    HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    web.createContext(
        "/",
        exchange -> {
          byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    web.start();
    List<WebDriverSession> browsers = new ArrayList<>();
    try (Bridge bridge = Bridge.start(BridgeConfig.loopback("local", "bridge-3", TOKEN))) {
      call(
          bridge,
          "PUT",
          "/colibri/conferences/trio",
          Map.of("name", "local/trio", "octoConferenceId", 3));
      for (String name : List.of("ann", "ben", "cat")) {
        WebDriverSession browser = WebDriverSession.start();
        browsers.add(browser);
        browser.navigate("http://127.0.0.1:" + web.getAddress().getPort() + "/");
        String offer =
            browser
                .executeAsync(
                    "const done = arguments[arguments.length - 1]; makeOffer().then(done, e => done('ERROR ' + e));")
                .asText();
        JsonNode allocation =
            call(
                bridge,
                "POST",
                "/colibri/conferences/trio/endpoints",
                Map.of("endpointId", name, "offer", offer));
        String applied =
            browser
                .executeAsync(
                    "const done = arguments[arguments.length - 1];"
                        + "pc.setRemoteDescription({type: 'answer', sdp: arguments[0]}).then(() => done('ok'), e => done('ERROR ' + e));",
                    allocation.get("answer").asText())
                .asText();
        assertEquals("ok", applied);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<JsonNode> stats = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        stats.clear();
        for (WebDriverSession b : browsers) {
          stats.add(
              JSON.readTree(
                  b.executeAsync(
                          "const done = arguments[arguments.length - 1]; inbound().then(done);")
                      .asText()));
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
              + call(bridge, "GET", "/colibri/conferences/trio", null));
      for (JsonNode s : stats) {
        assertTrue(
            s.get("videoDecoding").asInt() >= 2, "each decodes the other two videos: " + stats);
        assertTrue(s.get("audioReceiving").asInt() >= 2, "and receives their audio: " + stats);
      }

      JsonNode annInfo = call(bridge, "GET", "/colibri/conferences/trio/endpoints/ann", null);
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
      call(bridge, "PATCH", "/colibri/conferences/trio/endpoints/ann", Map.of("maxHeight", 180));
      awaitVideo(
          ann,
          "both of ann's videos at 180 px",
          v -> v.size() >= 2 && heights(v).stream().allMatch(h -> h == 180));
      call(bridge, "PATCH", "/colibri/conferences/trio/endpoints/ann", Map.of("maxHeight", 720));
      awaitVideo(ann, "720p back for ann", v -> heights(v).contains(720));

      // Leaving: cat goes; ann keeps receiving ben without renegotiating.
      call(bridge, "DELETE", "/colibri/conferences/trio/endpoints/cat", null);
      long before = maxFrames(videoIn(ann));
      awaitVideo(ann, "ann still decoding after cat left", v -> maxFrames(v) >= before + 30);
    } finally {
      browsers.forEach(WebDriverSession::close);
      web.stop(0);
    }
  }
}
