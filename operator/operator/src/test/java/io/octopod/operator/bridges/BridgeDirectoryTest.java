package io.octopod.operator.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.e2e.controlplane.Await;
import io.octopod.operator.selection.BridgeState;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.EndpointRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory telling a dead bridge from a live one, against real bridges. A frozen bridge
 * (SIGSTOP, or a node that stopped) is a socket that listens but never answers: its kernel still
 * completes the TCP handshake into the backlog, so only a timeout tells; a killed one refuses the
 * connection.
 */
class BridgeDirectoryTest {

  private static final String TOKEN = "directory-test-token-0123";
  private static final String CONFERENCE = "ns.c1";

  private Bridge a;
  private Bridge b;
  private ServerSocket frozen;
  private int refusedPort;
  private BridgeDirectory directory;

  @BeforeEach
  void start() throws Exception {
    a = Bridge.start(BridgeConfig.loopback("us-east", "a-0", TOKEN));
    b = Bridge.start(BridgeConfig.loopback("us-east", "b-0", TOKEN));
    b.conferences().createOrUpdate(CONFERENCE, new ConferenceRequest("ns/c1", 1, null));
    b.conferences().allocate(CONFERENCE, new EndpointRequest("ann", "us-east", null));
    frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // never accepts
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusedPort = closed.getLocalPort();
    }
    directory = new BridgeDirectory(Clock.systemUTC()); // not started: polls only when told
    directory.syncPool("ns", "pool", List.of(bridge("a-0", a), bridge("b-0", b)));
    // A bridge's first answers, cold, may take longer than the poll's second: wait for both.
    Await.until(Duration.ofSeconds(30), "a answering", () -> directory.pollNow("a-0"));
    Await.until(Duration.ofSeconds(30), "b answering", () -> directory.pollNow("b-0"));
    assertEquals(Set.of("b-0"), hostingIds(), "b reports the conference");
  }

  @AfterEach
  void stop() throws Exception {
    directory.close();
    frozen.close();
    a.close();
    b.close();
  }

  @Test
  void aReportedBridgeThatDoesNotAnswerIsDeadAtOnceAndHostsNothing() throws Exception {
    moveControl("b-0", frozen.getLocalPort()); // b's process stops; its pod stays
    assertFalse(directory.suspect("b-0").get(5, TimeUnit.SECONDS), "no answer from a frozen one");
    assertEquals(BridgeState.UNHEALTHY, directory.get("b-0").orElseThrow().state());
    assertTrue(directory.dead("b-0"));
    assertEquals(Set.of(), hostingIds(), "a dead bridge's last report no longer counts");
  }

  @Test
  void aReportedBridgeThatRefusesTheConnectionIsDeadAtOnce() throws Exception {
    moveControl("b-0", refusedPort); // killed: nothing listens
    assertFalse(directory.suspect("b-0").get(5, TimeUnit.SECONDS));
    assertEquals(BridgeState.UNHEALTHY, directory.get("b-0").orElseThrow().state());
  }

  @Test
  void aReportThatTheBridgeAnswersChangesNothing() throws Exception {
    assertTrue(directory.suspect("b-0").get(5, TimeUnit.SECONDS));
    assertEquals(BridgeState.READY, directory.get("b-0").orElseThrow().state());
    assertEquals(Set.of("b-0"), hostingIds());
    assertFalse(directory.suspect("nobody").get(5, TimeUnit.SECONDS), "unknown: not alive");
  }

  @Test
  void failedPollsKeepNewParticipantsAwayButAreNotDeath() throws Exception {
    moveControl("b-0", frozen.getLocalPort());
    assertFalse(directory.pollNow("b-0"));
    assertTrue(directory.lastPollFailed("b-0"));
    assertFalse(directory.lastPollFailed("a-0"));
    assertEquals(Set.of("b-0"), hostingIds(), "one missed poll is not enough to drop its calls");
    assertFalse(directory.pollNow("b-0"));
    assertEquals(BridgeState.UNHEALTHY, directory.get("b-0").orElseThrow().state());
    assertEquals(Set.of("b-0"), hostingIds(), "nor two: a slow bridge keeps its conferences");
    moveControl("b-0", b.controlPort()); // it answers again
    assertTrue(directory.pollNow("b-0"));
    assertFalse(directory.lastPollFailed("b-0"));
  }

  @Test
  void aReportAfterAFailedPollIsDeathAtOnceAndAnAnswerBringsItBack() throws Exception {
    moveControl("b-0", frozen.getLocalPort());
    assertFalse(directory.pollNow("b-0"));
    assertFalse(directory.suspect("b-0").getNow(true), "decided without another poll");
    assertEquals(BridgeState.UNHEALTHY, directory.get("b-0").orElseThrow().state());
    moveControl("b-0", b.controlPort()); // it was only slow, and answers again
    Await.until(Duration.ofSeconds(30), "b answering", () -> directory.pollNow("b-0"));
    assertFalse(directory.dead("b-0"));
    assertEquals(BridgeState.READY, directory.get("b-0").orElseThrow().state());
    assertEquals(Set.of("b-0"), hostingIds());
  }

  @Test
  void aPodThatStopsBeingReadyTakesNoNewParticipants() throws Exception {
    directory.podNotReady("ns", "a-0");
    assertEquals(BridgeState.NOT_READY, directory.get("a-0").orElseThrow().state());
    directory.podNotReady("elsewhere", "b-0"); // another namespace's pod of the same name
    assertEquals(BridgeState.READY, directory.get("b-0").orElseThrow().state());
  }

  private Set<String> hostingIds() {
    Set<String> ids = new java.util.TreeSet<>();
    directory.hosting(CONFERENCE).keySet().forEach(k -> ids.add(k.relayId()));
    return ids;
  }

  /** The pod as the pool sync sees it, with its control API at {@code port}. */
  private void moveControl(String relayId, int port) {
    List<KnownBridge> now =
        directory.pool("ns", "pool").stream()
            .map(k -> k.relayId().equals(relayId) ? withControlPort(k, port) : k)
            .toList();
    directory.syncPool("ns", "pool", now);
  }

  private static KnownBridge bridge(String relayId, Bridge bridge) {
    return new KnownBridge(
        relayId,
        "ns",
        "pool",
        "us-east",
        true,
        "127.0.0.1:" + bridge.controlPort(),
        "127.0.0.1:" + bridge.octoPort(),
        "127.0.0.1",
        null,
        TOKEN,
        0.8,
        false,
        null,
        null,
        0);
  }

  private static KnownBridge withControlPort(KnownBridge k, int port) {
    return new KnownBridge(
        k.relayId(),
        k.namespace(),
        k.pool(),
        k.region(),
        k.podReady(),
        "127.0.0.1:" + port,
        k.octoAddress(),
        k.mediaAddress(),
        k.channelAddress(),
        k.token(),
        k.overloadStress(),
        k.draining(),
        null,
        null,
        0);
  }
}
