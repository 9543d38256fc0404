package io.octopod.bridge.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.conference.MessageBudget;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.EndpointRequest;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge channel on a running bridge's public port, with the JDK's WebSocket client. */
class BridgeChannelTest {

  private Bridge bridge;
  private Endpoint alice;
  private Endpoint bob;

  @BeforeEach
  void start() throws Exception {
    bridge = Bridge.start(BridgeConfig.loopback("eu-west", "bridge-ch", "channel-test-token-0123"));
    bridge.conferences().createOrUpdate("c1", new ConferenceRequest("ns/c1", 1, null));
    alice = bridge.conferences().allocate("c1", new EndpointRequest("alice", "eu-west", null));
    bob = bridge.conferences().allocate("c1", new EndpointRequest("bob", "us-east", null));
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private String url(String endpoint) {
    return "ws://127.0.0.1:" + bridge.publicPort() + BridgeChannelServer.PATH + "/c1/" + endpoint;
  }

  @Test
  void aWrongTokenOrUnknownEndpointIsRefusedBeforeTheUpgrade() {
    for (String[] attempt :
        new String[][] {
          {url("alice"), bob.channelToken()},
          {url("nobody"), alice.channelToken()},
          {url("alice"), ""},
        }) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> ChannelClient.connect(attempt[0], attempt[1]));
      assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
      assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }
    assertTrue(bridge.channelRefused() >= 3);
  }

  @Test
  void helloThenPingsAndMessagesBetweenParticipants() throws Exception {
    try (ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken());
        ChannelClient b = ChannelClient.connect(url("bob"), bob.channelToken())) {
      JsonNode hello = a.next("hello");
      assertEquals("alice", hello.get("endpointId").asText());
      assertEquals("eu-west", hello.get("region").asText());
      assertEquals("bridge-ch", hello.get("relayId").asText());
      assertNotNull(a.next("slots"));
      b.next("hello");

      a.send("{\"type\":\"e2ePing\",\"to\":\"bob\",\"id\":42}");
      JsonNode ping = b.next("e2ePing");
      assertEquals("alice", ping.get("from").asText());
      assertEquals(42, ping.get("id").asLong());
      b.send("{\"type\":\"e2ePong\",\"to\":\"alice\",\"id\":42}");
      JsonNode pong = a.next("e2ePong");
      assertEquals("bob", pong.get("from").asText());

      a.send("{\"type\":\"endpointMessage\",\"payload\":{\"chat\":\"hi\"}}");
      JsonNode chat = b.next("endpointMessage");
      assertEquals("alice", chat.get("from").asText());
      assertEquals("hi", chat.get("payload").get("chat").asText());
    }
  }

  @Test
  void aFloodOfMessagesIsCutToTheBudgetCountedAndTheOthersAreUnaffected() throws Exception {
    int flood = 1_000;
    try (ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken());
        ChannelClient b = ChannelClient.connect(url("bob"), bob.channelToken())) {
      a.next("hello");
      b.next("hello");
      long started = System.nanoTime();
      for (int i = 0; i < flood; i++) {
        a.send("{\"type\":\"endpointMessage\",\"to\":\"bob\",\"payload\":" + i + "}");
      }
      assertTrue(
          a.next("error").get("reason").asText().startsWith("too many messages"),
          "the sender is told once");
      // Alice's socket stays open, and once her budget refills she is heard again. The pong
      // also shows that every message of the flood has been handled: one loop, in order.
      int pings = 0;
      boolean answered = false;
      for (int i = 0; i < 600 && !answered; i++) {
        a.send("{\"type\":\"ping\",\"id\":" + i + "}");
        pings++;
        answered = a.drain("pong") > 0;
        Thread.sleep(100);
        answered |= a.drain("pong") > 0;
      }
      assertTrue(answered, "alice is answered again");
      double seconds = (System.nanoTime() - started) / 1e9;
      long limitedPings = pings - 1;
      long limitedFlood = bridge.channelRateLimited() - limitedPings;
      assertTrue(limitedFlood > 0, "the flood was cut");
      // What got through reaches bob, no more and no less; and it fits the budget.
      int delivered = 0;
      int expected = (int) (flood - limitedFlood);
      for (int i = 0; i < 100 && delivered < expected; i++) {
        delivered += b.drain("endpointMessage");
        Thread.sleep(50);
      }
      assertEquals(expected, delivered);
      assertTrue(
          delivered <= MessageBudget.DEFAULT_BURST + MessageBudget.DEFAULT_PER_SECOND * seconds + 1,
          delivered + " messages in " + seconds + " s");
      // Bob, who sends at a normal pace, has his own budget: alice's flood cost him nothing.
      b.send("{\"type\":\"ping\",\"id\":1}");
      assertEquals(1, b.next("pong").get("id").asLong());
    }
  }

  @Test
  void aHeartbeatPingIsAnsweredWithAPongOfTheSameId() throws Exception {
    try (ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken())) {
      a.next("hello");
      a.send("{\"type\":\"ping\",\"id\":3}");
      assertEquals(3, a.next("pong").get("id").asLong());
      a.send("{\"type\":\"ping\",\"id\":\"x\"}");
      assertTrue(a.next("error").get("reason").asText().startsWith("bad ping"));
      a.send("{\"type\":\"ping\",\"id\":4}");
      assertEquals(4, a.next("pong").get("id").asLong(), "still answering");
    }
  }

  @Test
  void badMessagesGetAnErrorAndTheSocketStaysOpen() throws Exception {
    try (ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken());
        ChannelClient b = ChannelClient.connect(url("bob"), bob.channelToken())) {
      a.next("hello");
      b.next("hello");
      a.send("not json");
      assertTrue(a.next("error").get("reason").asText().startsWith("not JSON"));
      a.send("{\"type\":\"teleport\"}");
      assertTrue(a.next("error").get("reason").asText().contains("unknown message type"));
      a.send("{\"type\":\"e2ePing\",\"id\":1}");
      assertTrue(a.next("error").get("reason").asText().contains("needs \"to\""));
      a.send("{\"type\":\"e2ePing\",\"to\":\"carol\",\"id\":1}");
      assertTrue(a.next("error").get("reason").asText().contains("no participant"));
      a.send("{\"type\":\"receiverConstraints\",\"maxHeight\":-5}");
      assertTrue(a.next("error").get("reason").asText().contains("maxHeight"));
      a.send("[1,2]");
      a.next("error");

      a.send("{\"type\":\"e2ePing\",\"to\":\"bob\",\"id\":7}");
      assertEquals(7, b.next("e2ePing").get("id").asLong(), "still open and working");
    }
  }

  @Test
  void constraintsFromTheClientChangeWhatTheBridgeForwards() throws Exception {
    try (ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken())) {
      a.next("hello");
      a.send(
          "{\"type\":\"receiverConstraints\",\"lastN\":1,\"onStage\":\"bob\",\"maxHeight\":360}");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < deadline && alice.constraints().maxHeight() != 360) {
        Thread.sleep(20);
      }
      assertEquals(360, alice.constraints().maxHeight());
      assertEquals(1, alice.constraints().lastN());
      assertEquals("bob", alice.constraints().onStage());
    }
  }

  @Test
  void expiringTheEndpointClosesItsChannel() throws Exception {
    try (ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken())) {
      a.next("slots"); // sent once the channel is the endpoint's
      assertTrue(alice.channelOpen());
      bridge.conferences().expireEndpoint("c1", "alice");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < deadline && !a.closedByServer()) {
        Thread.sleep(20);
      }
      assertTrue(a.closedByServer());
    }
  }

  @Test
  void anEndToEndPingMeasuresTheInjectedDelay() throws Exception {
    long oneWayMillis = 40;
    try (DelayingTcpProxy longHaul =
            new DelayingTcpProxy(
                new java.net.InetSocketAddress("127.0.0.1", bridge.publicPort()), oneWayMillis);
        ChannelClient a = ChannelClient.connect(url("alice"), alice.channelToken());
        ChannelClient b =
            ChannelClient.connect(
                url("bob").replace(":" + bridge.publicPort() + "/", ":" + longHaul.port() + "/"),
                bob.channelToken())) {
      a.next("hello");
      b.next("hello");
      b.answerPings();
      long best = Long.MAX_VALUE;
      // The best of ten: scheduling on a busy machine only ever adds delay.
      for (int id = 1; id <= 10; id++) {
        long sent = System.nanoTime();
        a.send("{\"type\":\"e2ePing\",\"to\":\"bob\",\"id\":" + id + "}");
        JsonNode pong = a.next("e2ePong");
        assertEquals(id, pong.get("id").asLong());
        best = Math.min(best, System.nanoTime() - sent);
      }
      double rttMillis = best / 1e6;
      System.out.printf("E2E RTT %.1f ms with %d ms injected each way%n", rttMillis, oneWayMillis);
      // The injected delay is a floor the measurement cannot go under; how far above it lands
      // depends on the machine's load, so it is printed, not bounded.
      assertTrue(
          rttMillis >= 2 * oneWayMillis,
          "RTT " + rttMillis + " ms for " + 2 * oneWayMillis + " ms injected");
    }
  }
}
