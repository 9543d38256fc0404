package io.octopod.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A simulated participant that joins a meeting the way the meeting page does (docs/focus.md): a
 * WebSocket to the focus's {@code /signalling} with its region, a {@code join} carrying its SDP
 * offer, the bridge's answer back in {@code joined}, then ICE, DTLS and SRTP with that bridge
 * ({@link SimulatedEndpoint}) and the bridge channel at the address the focus gave. It keeps the
 * roster the focus pushes and answers the others' end-to-end pings, as a page does.
 */
public final class FocusParticipant implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One video receive slot (the page has four): a simulated participant decodes nothing, and every
   * slot it asked for would cost the bridges and this JVM a forwarded, encrypted stream; one keeps
   * the bridges' work per receiver (slot choice, rewriting, the speaker's thumbnail) real.
   */
  static final int VIDEO_SLOTS = 1;

  /** As the meeting page: three audio slots (the loudest three). */
  static final int AUDIO_SLOTS = 3;

  /**
   * The tallest video it asks for: a thumbnail grid, so the bridges send it their low layers (a
   * simulated participant decodes nothing; full layers would only cost the machine).
   */
  static final int MAX_HEIGHT = 180;

  private final String name;
  private final SimulatedEndpoint endpoint;
  private final CompletableFuture<JsonNode> joined = new CompletableFuture<>();
  private volatile List<String> roster = List.of();
  private volatile WebSocket focus;
  private volatile WebSocket channel;
  private long signalledNanos;
  private long connectedNanos;

  private FocusParticipant(String name, SimulatedEndpoint endpoint) {
    this.name = name;
    this.endpoint = endpoint;
  }

  /**
   * Joins {@code room} through the focus at {@code signalling} (its {@code ws://.../signalling}
   * URL, with {@code ?region=} where the focus allows it) and connects the media.
   *
   * @throws IOException when the focus refuses the join (its error code in the message) or a step
   *     does not finish within {@code timeout}
   */
  static FocusParticipant join(
      HttpClient http,
      URI signalling,
      String room,
      String name,
      SimulatedEndpoint endpoint,
      Duration timeout)
      throws IOException, InterruptedException {
    FocusParticipant p = new FocusParticipant(name, endpoint);
    try {
      p.signal(http, signalling, room, timeout);
      long connecting = System.nanoTime();
      JsonNode answer = p.joined.getNow(null);
      endpoint.connect(answer.path("answer").asText(), timeout);
      JsonNode bc = answer.path("bridgeChannel");
      p.channel =
          http.newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(
                  URI.create(bc.path("url").asText() + "?token=" + bc.path("token").asText()),
                  new TextListener(p::onChannelMessage))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      p.channel.sendText(
          JSON.createObjectNode()
              .put("type", "receiverConstraints")
              .put("maxHeight", MAX_HEIGHT)
              .toString(),
          true);
      p.connectedNanos = System.nanoTime() - connecting;
      return p;
    } catch (ExecutionException | TimeoutException e) {
      p.close();
      throw new IOException(name + ": " + e, e);
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void signal(HttpClient http, URI signalling, String room, Duration timeout)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    long start = System.nanoTime();
    focus =
        http.newWebSocketBuilder()
            .connectTimeout(timeout)
            .buildAsync(signalling, new TextListener(this::onFocusMessage))
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    ObjectNode join =
        JSON.createObjectNode()
            .put("type", "join")
            .put("room", room)
            .put("name", name)
            .put("offer", endpoint.offer(VIDEO_SLOTS, AUDIO_SLOTS));
    focus.sendText(join.toString(), true);
    JsonNode answer = joined.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!"joined".equals(answer.path("type").asText())) {
      throw new IOException(name + " was refused: " + answer);
    }
    signalledNanos = System.nanoTime() - start;
  }

  private void onFocusMessage(JsonNode m) {
    switch (m.path("type").asText()) {
      case "joined", "error" -> joined.complete(m);
      case "roster" -> {
        List<String> names = new ArrayList<>();
        m.path("participants").forEach(p -> names.add(p.path("name").asText()));
        roster = List.copyOf(names);
      }
      default -> {
        // resumed, or a message type this participant has no use for
      }
    }
  }

  private void onChannelMessage(JsonNode m) {
    if ("e2ePing".equals(m.path("type").asText()) && channel != null) {
      channel.sendText(
          JSON.createObjectNode()
              .put("type", "e2ePong")
              .put("to", m.path("from").asText())
              .set("id", m.path("id"))
              .toString(),
          true);
    }
  }

  public String name() {
    return name;
  }

  /** The endpoint id the focus chose. */
  public String endpointId() {
    return joined.getNow(JSON.nullNode()).path("endpointId").asText();
  }

  /** The relay id of the bridge the focus placed it on. */
  public String relayId() {
    return joined.getNow(JSON.nullNode()).path("bridge").path("relayId").asText();
  }

  /** Names in the latest roster the focus pushed. */
  public List<String> roster() {
    return roster;
  }

  /** From opening the focus socket to the {@code joined} answer. */
  public Duration signalling() {
    return Duration.ofNanos(signalledNanos);
  }

  /** From the answer to connected media (ICE, DTLS) and an open bridge channel. */
  public Duration connecting() {
    return Duration.ofNanos(connectedNanos);
  }

  /** Decrypted RTP packets received from the bridge. */
  public long rtpReceived() {
    return endpoint.rtpReceived();
  }

  /** Leaves as the page's Leave button does: {@code leave}, then a clean close. */
  @Override
  public void close() {
    WebSocket f = focus;
    if (f != null && !f.isOutputClosed()) {
      f.sendText("{\"type\":\"leave\"}", true)
          .thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "left"));
    }
    WebSocket c = channel;
    if (c != null && !c.isOutputClosed()) {
      c.sendClose(WebSocket.NORMAL_CLOSURE, "left");
    }
    endpoint.close();
  }

  /** Gathers a text message's parts and hands each whole JSON message on; drops what isn't. */
  private static final class TextListener implements WebSocket.Listener {
    private final Consumer<JsonNode> handler;
    private final StringBuilder text = new StringBuilder();

    TextListener(Consumer<JsonNode> handler) {
      this.handler = handler;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          handler.accept(JSON.readTree(text.toString()));
        } catch (IOException | RuntimeException e) {
          // not JSON: dropped, as the page would
        }
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
