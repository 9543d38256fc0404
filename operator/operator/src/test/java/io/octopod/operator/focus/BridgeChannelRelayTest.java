package io.octopod.operator.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.channel.ChannelClient;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.e2e.controlplane.Await;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.EndpointRequest;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The focus's bridge-channel relay between the JDK's WebSocket client (as a page) and a real
 * bridge's channel on loopback. No signalling here: the endpoints are allocated on the bridge
 * directly, so the focus has no Kubernetes client and no join service.
 */
class BridgeChannelRelayTest {

  private static final String RELAY_ID = "bridge-relay";

  private Bridge bridge;
  private Endpoint alice;
  private Endpoint bob;
  private Focus focus;
  private FocusServer server;

  @BeforeEach
  void start() throws Exception {
    bridge = Bridge.start(BridgeConfig.loopback("eu-west", RELAY_ID, "relay-test-token-0123456"));
    bridge.conferences().createOrUpdate("c1", new ConferenceRequest("ns/c1", 1, null));
    alice = bridge.conferences().allocate("c1", new EndpointRequest("alice", "eu-west", null));
    bob = bridge.conferences().allocate("c1", new EndpointRequest("bob", "eu-west", null));
    focus =
        new Focus(
            null,
            null,
            new FocusSettings(
                "127.0.0.1",
                0,
                "octopod",
                "eu-west",
                FocusSettings.DEFAULT_REGION_HEADER,
                false,
                false,
                2_000),
            Clock.systemUTC(),
            Executors.newSingleThreadExecutor(),
            Executors.newSingleThreadScheduledExecutor());
    server =
        FocusServer.start(
            focus,
            null,
            relayId -> RELAY_ID.equals(relayId) ? "127.0.0.1:" + bridge.publicPort() : null);
  }

  @AfterEach
  void stop() {
    server.close();
    focus.close();
    bridge.close();
  }

  private String relayed(String relayId, String endpoint) {
    return "ws://127.0.0.1:"
        + server.port()
        + BridgeChannelRelay.PATH_PREFIX
        + relayId
        + "/c1/"
        + endpoint;
  }

  private static int refusal(String url, String token) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> ChannelClient.connect(url, token));
    assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
    return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }

  @Test
  void framesPassBothWaysBetweenPagesAndTheirBridge() throws Exception {
    try (ChannelClient a = ChannelClient.connect(relayed(RELAY_ID, "alice"), alice.channelToken());
        ChannelClient b = ChannelClient.connect(relayed(RELAY_ID, "bob"), bob.channelToken())) {
      JsonNode hello = a.next("hello");
      assertEquals("alice", hello.path("endpointId").asText(), "the bridge's hello, relayed");
      assertEquals(RELAY_ID, hello.path("relayId").asText());
      a.next("slots");
      b.next("hello");
      a.send("{\"type\":\"e2ePing\",\"to\":\"bob\",\"id\":5}");
      assertEquals("alice", b.next("e2ePing").path("from").asText());
      b.send("{\"type\":\"e2ePong\",\"to\":\"alice\",\"id\":5}");
      assertEquals(5, a.next("e2ePong").path("id").asInt());
      double relayedMedian = medianPingMillis(a, b);
      try (ChannelClient da = ChannelClient.connect(direct("alice"), alice.channelToken());
          ChannelClient db = ChannelClient.connect(direct("bob"), bob.channelToken())) {
        da.next("hello");
        db.next("hello");
        System.out.printf(
            "E2E ping on loopback, median of 20: %.2f ms through the relay, %.2f ms direct%n",
            relayedMedian, medianPingMillis(da, db));
      }
    }
    assertEquals(2, server.relaysOpened());
  }

  private String direct(String endpoint) {
    return "ws://127.0.0.1:" + bridge.publicPort() + "/bridge-channel/c1/" + endpoint;
  }

  /** The median of 20 pings from a to b, b answering as a page does (a measurement only). */
  private static double medianPingMillis(ChannelClient a, ChannelClient b) throws Exception {
    double[] rtt = new double[20];
    for (int i = 0; i < rtt.length; i++) {
      long sent = System.nanoTime();
      a.send("{\"type\":\"e2ePing\",\"to\":\"bob\",\"id\":" + (100 + i) + "}");
      b.next("e2ePing");
      b.send("{\"type\":\"e2ePong\",\"to\":\"alice\",\"id\":" + (100 + i) + "}");
      a.next("e2ePong");
      rtt[i] = (System.nanoTime() - sent) / 1e6;
    }
    java.util.Arrays.sort(rtt);
    return (rtt[9] + rtt[10]) / 2;
  }

  @Test
  void onlyTheDirectorysBridgesAreReachedAndTheBridgesRefusalsPassThrough() {
    assertEquals(404, refusal(relayed("somewhere-else", "alice"), alice.channelToken()));
    assertEquals(401, refusal(relayed(RELAY_ID, "alice"), bob.channelToken()), "wrong token");
    assertEquals(401, refusal(relayed(RELAY_ID, "nobody"), alice.channelToken()));
    assertEquals(3, server.relaysRefused());
    assertEquals(0, server.relaysOpened());
    assertTrue(bridge.channelRefused() >= 2, "the bridge itself refused the tokens");
  }

  @Test
  void aBridgeThatGoesAwayClosesThePagesSocketWithBadGateway() throws Exception {
    try (ChannelClient a =
        ChannelClient.connect(relayed(RELAY_ID, "alice"), alice.channelToken())) {
      a.next("hello");
      bridge.close();
      Await.until(Duration.ofSeconds(10), "the page's socket closed", a::closedByServer);
      assertEquals(1014, a.closeStatus(), "1014: the bridge, not the focus, went away");
    }
  }
}
