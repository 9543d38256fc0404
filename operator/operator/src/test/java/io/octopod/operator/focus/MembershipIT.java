package io.octopod.operator.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.channel.EventLoopGroup;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.bridge.client.OfferingClient;
import io.octopod.bridge.net.TransportFactory;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.operator.OctopodOperator;
import io.octopod.operator.it.TwoRegionCluster;
import io.octopod.protocol.control.ConferenceInfo;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who is in a room, against the real control plane, the operator and real bridge pods: a join whose
 * socket closes midway is undone, one socket's two joins place one participant, and a participant
 * whose operator replica died stays listed while its media lives and leaves, by its bridge's own
 * expiry, when its client stops. The us-east pool's endpoint timeout is 2 s; the ap-southeast
 * pool's is the test fixture's hour, so there only the focus can remove a participant. Clients are
 * {@link OfferingClient}s: real ICE, DTLS and SRTP to the bridge pods.
 */
class MembershipIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String NS = TwoRegionCluster.NAMESPACE;
  private static final String SHORT = "us-east";
  private static final String LONG = "ap-southeast";

  private static LocalCluster cluster;
  private static KubernetesClient client;
  private static OctopodOperator operator;
  private static int focusPort;
  private static EventLoopGroup group;

  @BeforeAll
  static void start() throws Exception {
    cluster = TwoRegionCluster.start("membership-it");
    client = cluster.client();
    operator = OctopodOperator.start(client, OctopodOperator.Settings.forTests(Set.of(NS)));
    focusPort = operator.startFocus(client, focusSettings());
    BridgePool quick = TwoRegionCluster.pool(SHORT, SHORT, 1);
    quick.getSpec().setEndpointTimeout("2s");
    client.resources(BridgePool.class).inNamespace(NS).resource(quick).create();
    client
        .resources(BridgePool.class)
        .inNamespace(NS)
        .resource(TwoRegionCluster.pool(LONG, LONG, 1))
        .create();
    Await.until(
        WAIT,
        "both bridges known and ready",
        () ->
            operator.directory().infos().stream()
                    .filter(b -> b.state() == io.octopod.operator.selection.BridgeState.READY)
                    .count()
                >= 2);
    group = TransportFactory.newEventLoopGroup(1);
  }

  @AfterAll
  static void stop() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A focus on a free loopback port with a 2 s grace for dropped sockets, as FocusIT's. */
  private static FocusSettings focusSettings() {
    return new FocusSettings(
        "127.0.0.1", 0, NS, "us-east", FocusSettings.DEFAULT_REGION_HEADER, false, false, 2_000);
  }

  /** A room whose participants all go to the one region's bridge. */
  private static void room(String name, String region) {
    Conference c = new Conference();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(NS);
    ConferenceSpec spec = new ConferenceSpec();
    spec.setAllowedRegions(List.of(region));
    c.setSpec(spec);
    client.resources(Conference.class).inNamespace(NS).resource(c).create();
  }

  /** The endpoints the room's bridges last reported to the operator. */
  private static Set<String> onBridges(OctopodOperator replica, String room) {
    Set<String> ids = new TreeSet<>();
    for (ConferenceInfo info : replica.directory().hosting(NS + "." + room).values()) {
      info.endpoints().forEach(e -> ids.add(e.endpointId()));
    }
    return ids;
  }

  private static Set<String> names(JsonNode roster) {
    Set<String> names = new TreeSet<>();
    roster.path("participants").forEach(p -> names.add(p.path("name").asText()));
    return names;
  }

  private static Integer statusParticipants(String room) {
    Conference c = client.resources(Conference.class).inNamespace(NS).withName(room).get();
    return c == null || c.getStatus() == null ? null : c.getStatus().getParticipants();
  }

  /** Joins with a real client and connects its media; returns the focus's "joined". */
  private static JsonNode joinAndConnect(
      SignallingSocket socket, OfferingClient media, String room, String name) throws Exception {
    socket.socket.sendText(SignallingSocket.join(room, name, media.offer(), ""), true);
    JsonNode joined = socket.next("joined");
    media.connect(joined.path("answer").asText(), Duration.ofSeconds(30));
    return joined;
  }

  @Test
  void aJoinWhoseSocketClosesMidwayLeavesNoGhost() throws Exception {
    room("midway", LONG);
    try (OfferingClient ownMedia = OfferingClient.open(group)) {
      SignallingSocket observer = new SignallingSocket(focusPort);
      JsonNode own = joinAndConnect(observer, ownMedia, "midway", "observer");
      String observerId = own.path("endpointId").asText();
      // The ghost's endpoint reaches the bridge's stats (the join polls them right after placing).
      CountDownLatch placed = new CountDownLatch(1);
      operator
          .directory()
          .onChange(
              b -> {
                if (onBridges(operator, "midway").stream().anyMatch(id -> !id.equals(observerId))) {
                  placed.countDown();
                }
              });
      SignallingSocket leaving = new SignallingSocket(focusPort);
      leaving.socket.sendText(
          SignallingSocket.join("midway", "ghost", SignallingSocket.chromiumOffer(), ""), true);
      leaving.socket.sendClose(WebSocket.NORMAL_CLOSURE, "gone").join();
      long closedAt = System.nanoTime();
      assertTrue(placed.await(60, TimeUnit.SECONDS), "the join placed the ghost on the bridge");
      Await.until(
          Duration.ofSeconds(15),
          "the ghost gone from the bridge and from the focus",
          () ->
              onBridges(operator, "midway").equals(Set.of(observerId))
                  && operator.focus().participants("midway") == 1);
      System.out.printf(
          "socket closed mid-join: the ghost was gone from the bridge %.0f ms after the close"
              + " (the bridge's own timeout here is an hour)%n",
          (System.nanoTime() - closedAt) / 1e6);
      observer.awaitRoster(r -> names(r).equals(Set.of("observer")), "only the observer listed");
      observer.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  @Test
  void twoJoinsSentBackToBackOnOneSocketPlaceOneParticipant() throws Exception {
    room("twice", LONG);
    SignallingSocket socket = new SignallingSocket(focusPort);
    String join = SignallingSocket.join("twice", "eager", SignallingSocket.chromiumOffer(), "");
    // Back to back: the second is on the wire long before the first is answered (a join takes
    // the bridge's allocation); the client only lets the first frame finish sending.
    socket.socket.sendText(join, true).join();
    socket.socket.sendText(join, true).join();
    JsonNode first = null;
    JsonNode second = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((first == null || second == null) && System.nanoTime() < deadline) {
      JsonNode m = socket.received.poll(100, TimeUnit.MILLISECONDS);
      if (m == null || m.path("type").asText().equals("roster")) {
        continue;
      }
      if (first == null) {
        first = m;
      } else {
        second = m;
      }
    }
    if (second == null) {
      throw new AssertionError("two messages for two joins; got " + first);
    }
    System.out.printf(
        "two joins on one socket: %s %s, then %s %s%n",
        first.path("type").asText(),
        first.path("endpointId").asText(),
        second.path("type").asText(),
        second.path("message").asText());
    assertEquals("joined", first.path("type").asText(), "the first join is handled first");
    assertEquals("error", second.path("type").asText(), "" + second);
    assertEquals(FocusError.BAD_MESSAGE, second.path("code").asText(), "" + second);
    assertEquals(
        Set.of(first.path("endpointId").asText()),
        onBridges(operator, "twice"),
        "one participant on the bridge");
    assertEquals(1, operator.focus().participants("twice"));
    socket.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    Await.until(
        Duration.ofSeconds(15), "the room empty", () -> onBridges(operator, "twice").isEmpty());
  }

  @Test
  void aParticipantWhoseReplicaDiedStaysWhileItsMediaLivesAndLeavesWithIt() throws Exception {
    room("rollout", SHORT);
    FocusReplicas.holdLeaseElsewhere(client, NS);
    try (OfferingClient yanMedia = OfferingClient.open(group);
        OfferingClient xiaMedia = OfferingClient.open(group);
        OfferingClient zoeMedia = OfferingClient.open(group)) {
      SignallingSocket yan = new SignallingSocket(focusPort);
      joinAndConnect(yan, yanMedia, "rollout", "yan");
      OctopodOperator standby = FocusReplicas.startStandby(client, NS, focusSettings(), 2);
      try {
        int standbyPort = standby.startFocus(client, focusSettings());
        joinAndConnect(new SignallingSocket(standbyPort), xiaMedia, "rollout", "xia");
        yan.awaitRoster(r -> names(r).equals(Set.of("xia", "yan")), "yan sees xia");
      } finally {
        // As a killed pod: its sockets drop, and it sends nothing to the bridges.
        standby.close();
        FocusReplicas.releaseLease(client, NS);
      }
      long killed = System.nanoTime();
      // A join after the kill: the leader's roster and the status are current, and xia, whose
      // media is alive, is still in both, though the replica that placed her is gone.
      SignallingSocket zoe = new SignallingSocket(focusPort);
      joinAndConnect(zoe, zoeMedia, "rollout", "zoe");
      yan.awaitRoster(
          r -> names(r).equals(Set.of("xia", "yan", "zoe")), "xia still listed after the kill");
      Await.until(
          Duration.ofSeconds(60),
          "the status to count xia, yan and zoe",
          () -> Integer.valueOf(3).equals(statusParticipants("rollout")));
      System.out.printf(
          "replica killed: roster and status still list its participant %.0f ms later%n",
          (System.nanoTime() - killed) / 1e6);

      // xia's page is gone and her client stops: her bridge removes her, and everyone follows.
      xiaMedia.stopConsent();
      long stopped = System.nanoTime();
      yan.awaitRoster(r -> names(r).equals(Set.of("yan", "zoe")), "xia gone from yan's roster");
      double rosterMillis = (System.nanoTime() - stopped) / 1e6;
      Await.until(
          Duration.ofSeconds(60),
          "the status to count yan and zoe",
          () -> Integer.valueOf(2).equals(statusParticipants("rollout")));
      System.out.printf(
          "participant of a dead replica stopped its client: gone from the roster after %.0f ms,"
              + " from the status after %.0f ms (endpoint timeout 2 s)%n",
          rosterMillis, (System.nanoTime() - stopped) / 1e6);
      long expired =
          operator.directory().all().stream()
              .filter(b -> b.region().equals(SHORT))
              .mapToLong(b -> b.stats().endpointsExpired().getOrDefault("consent-expired", 0L))
              .sum();
      assertTrue(expired >= 1, "removed by its bridge's consent expiry: " + expired);
      yan.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
      zoe.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }
}
