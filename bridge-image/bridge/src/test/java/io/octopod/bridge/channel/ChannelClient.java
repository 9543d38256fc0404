package io.octopod.bridge.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bridge-channel client for tests: the JDK's WebSocket, messages queued as JSON trees. */
public final class ChannelClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final WebSocket socket;
  private volatile boolean closedByServer;
  private volatile int closeStatus = -1;
  private volatile boolean answerPings;

  private ChannelClient(URI uri) throws Exception {
    StringBuilder partial = new StringBuilder();
    this.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      try {
                        JsonNode message = JSON.readTree(partial.toString());
                        if (answerPings && "e2ePing".equals(message.path("type").asText())) {
                          ws.sendText(
                              "{\"type\":\"e2ePong\",\"to\":\""
                                  + message.get("from").asText()
                                  + "\",\"id\":"
                                  + message.get("id").asLong()
                                  + "}",
                              true);
                        }
                        received.add(message);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                    closeStatus = status;
                    closedByServer = true;
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
  }

  public static ChannelClient connect(String url, String token) throws Exception {
    return new ChannelClient(URI.create(url + "?token=" + token));
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  /** The next message of the given type, skipping others; fails after 5 s. */
  public JsonNode next(String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      JsonNode m = received.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && type.equals(m.path("type").asText())) {
        return m;
      }
    }
    throw new AssertionError("no " + type + " message within 5 s");
  }

  /** Counts and removes the messages of the given type received so far (others are dropped). */
  int drain(String type) {
    int count = 0;
    for (JsonNode m = received.poll(); m != null; m = received.poll()) {
      if (type.equals(m.path("type").asText())) {
        count++;
      }
    }
    return count;
  }

  /** From now on, answers every e2ePing at once, as a page does. */
  void answerPings() {
    answerPings = true;
  }

  public boolean closedByServer() {
    return closedByServer;
  }

  /** The close code the server sent, or -1 before it closed. */
  public int closeStatus() {
    return closeStatus;
  }

  @Override
  public void close() {
    socket.abort();
  }
}
