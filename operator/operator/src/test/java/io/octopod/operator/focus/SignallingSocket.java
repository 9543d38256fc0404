package io.octopod.operator.focus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.e2e.controlplane.KubeVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A signalling socket from a test to a focus, keeping every message it receives. */
final class SignallingSocket implements WebSocket.Listener {

  private static final ObjectMapper JSON = new ObjectMapper();

  final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  final WebSocket socket;

  SignallingSocket(int port) throws Exception {
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + FocusServer.SIGNALLING_PATH), this)
            .get(10, TimeUnit.SECONDS);
  }

  /** Chromium's recorded offer ({@code testdata/chromium}): a join whose media never connects. */
  static String chromiumOffer() throws Exception {
    return Files.readString(
        KubeVersion.fromRepository()
            .repository()
            .resolve("testdata/chromium/chromium-156-simulcast-offer.sdp"));
  }

  /** A join message; {@code extra} is more JSON members, each starting with a comma. */
  static String join(String room, String name, String offer, String extra) throws Exception {
    return "{\"type\":\"join\",\"room\":\""
        + room
        + "\",\"name\":\""
        + name
        + "\",\"offer\":"
        + JSON.writeValueAsString(offer)
        + extra
        + "}";
  }

  @Override
  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      try {
        received.add(JSON.readTree(text.toString()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      text.setLength(0);
    }
    w.request(1);
    return null;
  }

  /** The next message of this type, skipping others (rosters), within 30 s. */
  JsonNode next(String type) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode m = received.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && m.path("type").asText().equals(type)) {
        return m;
      }
      if (m != null && m.path("type").asText().equals("error")) {
        throw new AssertionError("an error instead of " + type + ": " + m);
      }
    }
    throw new AssertionError("no " + type + " message");
  }

  /** Waits, up to 30 s, for a roster that satisfies {@code complete}. */
  void awaitRoster(Predicate<JsonNode> complete, String what) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      JsonNode m = received.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && m.path("type").asText().equals("roster")) {
        last = m;
        if (complete.test(m)) {
          return;
        }
      }
    }
    throw new AssertionError(what + "; last roster: " + last);
  }

  void resume(JsonNode joined) {
    socket.sendText(
        "{\"type\":\"resume\",\"endpointId\":\""
            + joined.path("endpointId").asText()
            + "\",\"resumeToken\":\""
            + joined.path("resumeToken").asText()
            + "\"}",
        true);
  }
}
