package io.octopod.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.client.OfferingClient;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.bridge.net.TransportFactory;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge removes the endpoints nobody uses, with real clients (ICE, DTLS, SRTP on their own UDP
 * ports) and a 5 s endpoint timeout: one that is only reserved, one whose client never connects,
 * one whose DTLS fails and one whose client stops its consent checks all leave the stats, counted
 * by reason; a connected client that keeps consent stays, however long the others took.
 */
class EndpointLifetimeTest {

  private static final String TOKEN = "control-token-for-tests-42";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Shortened from 30 s; long enough that a loaded machine's stall is not a quiet client. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Bounds each wait: generous, since the machine may be loaded; never the expected figure. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Bridge bridge;
  private ControlClient api;
  private EventLoopGroup group;

  @BeforeEach
  void start() throws Exception {
    bridge =
        Bridge.start(
            BridgeConfig.loopback("us-east", "bridge-a", TOKEN).withEndpointTimeout(TIMEOUT));
    api = new ControlClient(bridge, TOKEN);
    group = TransportFactory.newEventLoopGroup(1);
    assertEquals(
        200,
        api.call("PUT", "/colibri/conferences/c1", "{\"name\":\"t/c1\",\"octoConferenceId\":1}")
            .statusCode());
  }

  @AfterEach
  void stop() {
    bridge.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void unusedEndpointsExpireAndAConsentingOneStays() throws Exception {
    try (OfferingClient steady = OfferingClient.open(group);
        OfferingClient gone = OfferingClient.open(group);
        OfferingClient silent = OfferingClient.open(group);
        OfferingClient forged = OfferingClient.open(group);
        OfferingClient impostor = OfferingClient.open(group)) {
      steady.connect(allocate("steady", steady.offer()), Duration.ofSeconds(20));
      gone.connect(allocate("gone", gone.offer()), Duration.ofSeconds(20));
      long reservedAt = System.nanoTime();
      allocate("reserved", null);
      allocate("silent", silent.offer());
      // Offers another client's fingerprint: the bridge refuses the certificate DTLS shows.
      String forgedAnswer = allocate("forged", impostor.offer());
      assertThrows(IOException.class, () -> forged.connect(forgedAnswer, Duration.ofSeconds(5)));
      assertEquals("connected", state("steady"));
      assertEquals("connected", state("gone"));

      long consentStopped = System.nanoTime();
      gone.stopConsent();
      double neverConnected = awaitGone("reserved", reservedAt);
      awaitGone("silent", reservedAt);
      awaitGone("forged", reservedAt);
      double consentLapsed = awaitGone("gone", consentStopped);
      System.out.printf(
          "endpoint timeout %d ms: a reserved endpoint left the stats %.0f ms after its"
              + " allocation; a client checking every 1 s, %.0f ms after it stopped checking%n",
          TIMEOUT.toMillis(), neverConnected, consentLapsed);

      // "gone" connected after "steady" and checked consent until the moment it stopped: had
      // steady's checks not counted, the pass that removed gone would have removed steady too.
      assertEquals(Set.of("steady"), endpoints());
      assertEquals("connected", state("steady"));
      JsonNode expired = stats().path("endpointsExpired");
      assertEquals(2, expired.path("never-connected").asLong(), "" + expired);
      assertEquals(1, expired.path("transport-failed").asLong(), "" + expired);
      assertEquals(1, expired.path("consent-expired").asLong(), "" + expired);
      String metrics = api.call("GET", "/metrics", null).body();
      assertTrue(
          metrics.contains(
              "octopod_bridge_endpoints_expired_total{reason=\"consent-expired\"} 1.0"),
          metrics);
    }
  }

  /** Allocates an endpoint, with an offer or only reserved; returns the bridge's answer. */
  private String allocate(String id, String offer) throws Exception {
    String body =
        offer == null
            ? "{\"endpointId\":\"" + id + "\"}"
            : "{\"endpointId\":\"" + id + "\",\"offer\":" + JSON.writeValueAsString(offer) + "}";
    HttpResponse<String> reply = api.call("POST", "/colibri/conferences/c1/endpoints", body);
    assertEquals(201, reply.statusCode(), reply.body());
    return JSON.readTree(reply.body()).path("answer").asText(null);
  }

  private JsonNode stats() throws Exception {
    HttpResponse<String> reply = api.call("GET", "/colibri/stats", null);
    assertEquals(200, reply.statusCode(), reply.body());
    return JSON.readTree(reply.body());
  }

  private JsonNode conference() throws Exception {
    for (JsonNode c : stats().path("conferences")) {
      if (c.path("conferenceId").asText().equals("c1")) {
        return c;
      }
    }
    throw new AssertionError("c1 is not in the stats");
  }

  private Set<String> endpoints() throws Exception {
    Set<String> ids = new TreeSet<>();
    conference().path("endpoints").forEach(e -> ids.add(e.path("endpointId").asText()));
    return ids;
  }

  private String state(String id) throws Exception {
    for (JsonNode e : conference().path("endpoints")) {
      if (e.path("endpointId").asText().equals(id)) {
        return e.path("state").asText();
      }
    }
    return "absent";
  }

  /** Waits until the stats no longer list the endpoint; returns the ms since {@code from}. */
  private double awaitGone(String id, long from) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (endpoints().contains(id)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(id + " still listed after " + WAIT + ": " + conference());
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - from) / 1e6;
  }
}
