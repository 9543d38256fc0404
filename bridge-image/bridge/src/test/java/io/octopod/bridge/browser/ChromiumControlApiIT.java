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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The join path without the focus: the test is the signalling. Chromium's offer goes to a running
 * bridge's control API, the bridge's own answer goes back, and the endpoint connects on the
 * bridge's media port; the bridge's stats then show it connected and receiving.
 */
class ChromiumControlApiIT {

  private static final String TOKEN = "chromium-it-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String PAGE =
      """
      <!doctype html><html><body><script>
      window.pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
      window.makeOffer = async () => {
        const stream = await navigator.mediaDevices.getUserMedia(
            {audio: true, video: {width: 1280, height: 720}});
        pc.addTransceiver(stream.getAudioTracks()[0], {direction: 'sendonly'});
        pc.addTransceiver(stream.getVideoTracks()[0], {direction: 'sendonly', sendEncodings: [
            {rid: 'q', scaleResolutionDownBy: 4}, {rid: 'h', scaleResolutionDownBy: 2},
            {rid: 'f', scaleResolutionDownBy: 1}]});
        for (let i = 0; i < 2; i++) pc.addTransceiver('video', {direction: 'recvonly'});
        pc.addTransceiver('audio', {direction: 'recvonly'});
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        return pc.localDescription.sdp;
      };
      window.dtlsState = async () => {
        const report = await pc.getStats();
        let state = null;
        report.forEach(s => { if (s.type === 'transport') state = s.dtlsState; });
        return state;
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
    return JSON.readTree(r.body());
  }

  @Test
  void chromiumJoinsThroughTheControlApiAndTheBridgesOwnAnswer() throws Exception {
    HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
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
    try (Bridge bridge = Bridge.start(BridgeConfig.loopback("local", "bridge-it", TOKEN));
        WebDriverSession browser = WebDriverSession.start()) {
      browser.navigate("http://127.0.0.1:" + web.getAddress().getPort() + "/");
      String offer =
          browser
              .executeAsync(
                  "const done = arguments[arguments.length - 1]; makeOffer().then(done, e => done('ERROR ' + e));")
              .asText();
      call(
          bridge,
          "PUT",
          "/colibri/conferences/standup",
          Map.of("name", "local/standup", "octoConferenceId", 7));
      JsonNode allocation =
          call(
              bridge,
              "POST",
              "/colibri/conferences/standup/endpoints",
              Map.of("endpointId", "chromium", "region", "local", "offer", offer));
      String answer = allocation.get("answer").asText();
      assertTrue(answer.contains("a=ice-lite"), answer);
      assertTrue(answer.contains("a=simulcast:recv q;h;f"), answer);
      String applied =
          browser
              .executeAsync(
                  "const done = arguments[arguments.length - 1];"
                      + "pc.setRemoteDescription({type: 'answer', sdp: arguments[0]}).then(() => done('ok'), e => done('ERROR ' + e));",
                  answer)
              .asText();
      assertEquals("ok", applied);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      JsonNode endpoint = null;
      while (System.nanoTime() < deadline) {
        endpoint = call(bridge, "GET", "/colibri/conferences/standup/endpoints/chromium", null);
        if ("connected".equals(endpoint.get("state").asText())
            && endpoint.get("packetsIn").asLong() >= 100) {
          break;
        }
        Thread.sleep(200);
      }
      System.out.println("bridge reports " + endpoint);
      assertEquals("connected", endpoint.get("state").asText());
      assertTrue(endpoint.get("packetsIn").asLong() >= 100, endpoint.toString());
      assertEquals(
          "connected",
          browser
              .executeAsync("const done = arguments[arguments.length - 1]; dtlsState().then(done);")
              .asText());

      call(bridge, "DELETE", "/colibri/conferences/standup/endpoints/chromium", null);
      assertEquals(
          0, bridge.conferences().endpointCount(), "leaving frees the endpoint and its transport");
    } finally {
      web.stop(0);
    }
  }
}
