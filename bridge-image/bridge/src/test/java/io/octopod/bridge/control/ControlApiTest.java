package io.octopod.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiTest {

  private static final String TOKEN = "control-token-for-tests-42";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);

  private Bridge bridge;
  private ControlClient api;

  @BeforeEach
  void start() throws Exception {
    bridge =
        Bridge.start(BridgeConfig.loopback("us-east", "bridge-a", TOKEN).withMaxParticipants(4));
    api = new ControlClient(bridge, TOKEN);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static String conference(long octoId) {
    return "{\"name\":\"team/standup\",\"octoConferenceId\":" + octoId + "}";
  }

  @Test
  void healthAndMetricsNeedNoToken() throws Exception {
    HttpResponse<String> health =
        api.call("GET", "/about/health", null, null, Duration.ofSeconds(5));
    assertEquals(200, health.statusCode());
    assertEquals("ready", json(health).get("state").asText());
    HttpResponse<String> metrics = api.call("GET", "/metrics", null, null, Duration.ofSeconds(5));
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("octopod_bridge_participants 0"), metrics.body());
    assertTrue(
        metrics
            .body()
            .contains(
                "octopod_bridge_srtp_dropped_total{reason=\"unsignalled_ssrc_over_limit\"} 0"),
        metrics.body());
  }

  @Test
  void refusesMissingAndWrongTokensAndCountsThem() throws Exception {
    HttpResponse<String> missing =
        api.call("GET", "/colibri/stats", null, null, Duration.ofSeconds(5));
    assertEquals(401, missing.statusCode());
    assertEquals("unauthorized", json(missing).get("error").asText());
    assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
    HttpResponse<String> wrong =
        api.call(
            "PUT",
            "/colibri/conferences/c1",
            conference(7),
            "not-the-token",
            Duration.ofSeconds(5));
    assertEquals(401, wrong.statusCode());
    assertEquals(2, bridge.unauthorizedRequests());
    assertEquals(0, bridge.conferences().conferenceCount(), "a refused call changed nothing");
  }

  @Test
  void conferenceAndEndpointLifecycleShowsInStats() throws Exception {
    assertEquals(
        200, api.call("PUT", "/colibri/conferences/team.standup", conference(77)).statusCode());
    HttpResponse<String> allocated =
        api.call(
            "POST",
            "/colibri/conferences/team.standup/endpoints",
            "{\"endpointId\":\"alice\",\"region\":\"us-east\",\"displayName\":\"Alice Ö\"}");
    assertEquals(201, allocated.statusCode(), allocated.body());
    JsonNode allocation = json(allocated);
    assertEquals("alice", allocation.get("endpointId").asText());
    assertTrue(
        allocation
            .at("/bridgeChannel/url")
            .asText()
            .endsWith("/bridge-channel/team.standup/alice"));
    assertTrue(allocation.at("/bridgeChannel/token").asText().length() >= 32);

    HttpResponse<String> reused =
        api.call(
            "POST", "/colibri/conferences/team.standup/endpoints", "{\"endpointId\":\"alice\"}");
    assertEquals(409, reused.statusCode());
    assertTrue(json(reused).get("reason").asText().contains("already exists"));

    JsonNode stats = json(api.call("GET", "/colibri/stats", null));
    assertEquals("bridge-a", stats.get("relayId").asText());
    assertEquals("us-east", stats.get("region").asText());
    assertEquals(1, stats.get("participants").asInt());
    assertEquals(1, stats.get("conferenceCount").asInt());
    assertEquals(0.25, stats.get("stress").asDouble(), 1e-9, "1 of 4 participants");
    assertEquals("alice", stats.at("/conferences/0/endpoints/0/endpointId").asText());
    assertEquals("reserved", stats.at("/conferences/0/endpoints/0/state").asText());
    assertEquals("Alice Ö", stats.at("/conferences/0/endpoints/0/displayName").asText());

    assertEquals(
        204,
        api.call("DELETE", "/colibri/conferences/team.standup/endpoints/alice", null).statusCode());
    assertEquals(
        404,
        api.call("DELETE", "/colibri/conferences/team.standup/endpoints/alice", null).statusCode());
    assertEquals(204, api.call("DELETE", "/colibri/conferences/team.standup", null).statusCode());
    HttpResponse<String> gone = api.call("GET", "/colibri/conferences/team.standup", null);
    assertEquals(404, gone.statusCode());
    assertEquals("no conference team.standup", json(gone).get("reason").asText());
  }

  @Test
  void octoConfigurationIsStoredAndReportedWithoutTheKey() throws Exception {
    String body =
        "{\"name\":\"team/standup\",\"octoConferenceId\":9,\"octo\":{\"localRelayNumber\":1,"
            + "\"key\":{\"keyId\":3,\"key\":\""
            + KEY
            + "\"},\"relays\":[{\"relayId\":\"bridge-b\",\"relayNumber\":2,\"address\":\"127.0.0.2:4096\"}],"
            + "\"remoteEndpoints\":[{\"endpointId\":\"bob\",\"relayId\":\"bridge-b\"}]}}";
    HttpResponse<String> put = api.call("PUT", "/colibri/conferences/c9", body);
    assertEquals(200, put.statusCode(), put.body());
    JsonNode stats = json(api.call("GET", "/colibri/stats", null));
    assertEquals("bridge-b", stats.at("/conferences/0/octoRelays/0").asText());
    assertEquals("bob", stats.at("/conferences/0/remoteEndpoints/0/endpointId").asText());
    assertEquals(3, stats.at("/conferences/0/octoKeyId").asInt());
    // What the operator compares with its stored mesh state: numbers, and the key by a check value.
    assertEquals(1, stats.at("/conferences/0/octoRelayNumber").asInt());
    assertEquals(2, stats.at("/conferences/0/octoRelayNumbers/bridge-b").asInt());
    assertFalse(stats.at("/conferences/0/octoPreviousKeyId").isInt(), "no previous key");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(KEY));
    assertEquals(
        HexFormat.of().formatHex(digest, 0, 8), stats.at("/conferences/0/octoKeyCheck").asText());
    assertFalse(stats.toString().contains(KEY), "stats never show the key");

    HttpResponse<String> changedId = api.call("PUT", "/colibri/conferences/c9", conference(10));
    assertEquals(409, changedId.statusCode());
  }

  @Test
  void badRequestsGetA400WithTheReason() throws Exception {
    assertReason(api.call("PUT", "/colibri/conferences/c1", "{not json"), 400, "malformed JSON");
    assertReason(api.call("PUT", "/colibri/conferences/c1", ""), 400, "a JSON body is required");
    assertReason(
        api.call("PUT", "/colibri/conferences/c1", "{\"name\":\"x\"}"),
        400,
        "octoConferenceId is required");
    assertReason(
        api.call("PUT", "/colibri/conferences/c1", conference(0)),
        400,
        "octoConferenceId must not be 0");
    assertReason(
        api.call("PUT", "/colibri/conferences/..", conference(1)), 400, "conferenceId must be");
    assertReason(
        api.call(
            "PUT",
            "/colibri/conferences/c1",
            "{\"name\":\"x\",\"octoConferenceId\":1,\"octo\":{\"localRelayNumber\":1,"
                + "\"key\":{\"keyId\":1,\"key\":\""
                + KEY
                + "\"},\"remoteEndpoints\":[{\"endpointId\":\"bob\",\"relayId\":\"nowhere\"}]}}"),
        400,
        "which is not in octo.relays");
    assertReason(
        api.call(
            "PUT",
            "/colibri/conferences/c1",
            "{\"name\":\"x\",\"octoConferenceId\":1,\"octo\":{\"localRelayNumber\":1,"
                + "\"key\":{\"keyId\":1,\"key\":\"c2hvcnQ=\"}}}"),
        400,
        "must be 16 or 32 bytes");
    assertReason(
        api.call("POST", "/colibri/conferences/none/endpoints", "{\"endpointId\":\"a\"}"),
        404,
        "no conference none");
    api.call("PUT", "/colibri/conferences/named", conference(5));
    assertReason(
        api.call(
            "POST",
            "/colibri/conferences/named/endpoints",
            "{\"endpointId\":\"a\",\"displayName\":\"" + "x".repeat(65) + "\"}"),
        400,
        "displayName must be at most 64 characters");
    assertReason(
        api.call(
            "POST",
            "/colibri/conferences/named/endpoints",
            "{\"endpointId\":\"a\",\"displayName\":\"line\\nbreak\"}"),
        400,
        "without control characters");
    assertEquals(0, bridge.conferences().info("named").endpoints().size());
    api.call("DELETE", "/colibri/conferences/named", null);
    assertReason(api.call("PATCH", "/colibri/stats", "{}"), 405, "PATCH is not allowed");
    assertEquals(0, bridge.conferences().conferenceCount());
  }

  @Test
  void aRefusedOfferIsA400NamingTheProblemAndLeavesNoParticipantBehind() throws Exception {
    api.call("PUT", "/colibri/conferences/c1", conference(1));
    HttpResponse<String> badLine =
        api.call(
            "POST",
            "/colibri/conferences/c1/endpoints",
            "{\"endpointId\":\"carol\",\"offer\":\"v=0\\r\\ns=-\\r\\nm=video 9 RTP/AVP 96\\r\\na=rtpmap:96 VP8\\r\\n\"}");
    assertEquals(400, badLine.statusCode(), badLine.body());
    assertEquals(4, json(badLine).get("line").asInt(), "the offending line of the offer");
    HttpResponse<String> noCodec =
        api.call(
            "POST",
            "/colibri/conferences/c1/endpoints",
            "{\"endpointId\":\"carol\",\"offer\":\"v=0\\r\\ns=-\\r\\na=fingerprint:sha-256 AA:BB\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 102\\r\\na=mid:0\\r\\na=rtpmap:102 H264/90000\\r\\n\"}");
    assertEquals(400, noCodec.statusCode());
    assertTrue(json(noCodec).get("reason").asText().contains("no usable codec"), noCodec.body());
    assertEquals(0, bridge.conferences().endpointCount());
  }

  @Test
  void controlRequestsAreHandledOffTheMediaThreads() throws Exception {
    AtomicReference<Thread> handledOn = new AtomicReference<>();
    bridge.conferences().onConferenceCreated(c -> handledOn.set(Thread.currentThread()));
    assertEquals(200, api.call("PUT", "/colibri/conferences/c9", conference(9)).statusCode());
    assertTrue(handledOn.get() != null, "the PUT created the conference");
    assertFalse(
        bridge.isMediaThread(handledOn.get()),
        "a 1 MiB body must not be parsed where media is forwarded: " + handledOn.get().getName());
  }

  @Test
  void onlyHealthAndMetricsAreOpenAndNoOpenPathDrains() throws Exception {
    for (var route : bridge.controlRoutes()) {
      String path = route.pattern().toString();
      boolean open = path.equals("/about/health") || path.equals("/metrics");
      assertEquals(open, !route.authenticated(), route.method() + " " + path + " open?");
      HttpResponse<String> anonymous =
          api.call(
              route.method(),
              path.replace("{", "").replace("}", ""),
              null,
              null,
              Duration.ofSeconds(5));
      assertEquals(open, anonymous.statusCode() != 401, route.method() + " " + path + " answered");
    }
    assertEquals(0, bridge.conferences().endpointCount());
    // The preStop path of old is gone, and the drain routes need the token.
    assertEquals(
        404, api.call("GET", "/about/drain", null, null, Duration.ofSeconds(5)).statusCode());
    assertEquals(
        401, api.call("POST", "/colibri/drain", "{}", null, Duration.ofSeconds(5)).statusCode());
    assertEquals(
        401, api.call("DELETE", "/colibri/drain", null, null, Duration.ofSeconds(5)).statusCode());
    assertFalse(bridge.drain().draining(), "nothing anonymous started a drain");
  }

  @Test
  void drainRefusesNewEndpointsAndCompletesWhenTheLastOneLeaves() throws Exception {
    api.call("PUT", "/colibri/conferences/c1", conference(1));
    api.call("POST", "/colibri/conferences/c1/endpoints", "{\"endpointId\":\"dave\"}");
    HttpResponse<String> started = api.call("POST", "/colibri/drain", "{\"exitWhenDone\":false}");
    assertEquals(202, started.statusCode(), started.body());
    assertEquals(1, json(started).get("participants").asInt());
    CompletableFuture<Boolean> done = bridge.drain().start(Duration.ofMinutes(5), false);
    assertEquals("draining", json(api.call("GET", "/colibri/stats", null)).get("state").asText());
    assertReason(
        api.call("POST", "/colibri/conferences/c1/endpoints", "{\"endpointId\":\"erin\"}"),
        503,
        "draining");
    assertFalse(done.isDone(), "the drain waits while a participant remains");
    api.call("DELETE", "/colibri/conferences/c1/endpoints/dave", null);
    assertTrue(done.get(20, TimeUnit.SECONDS), "emptied");
  }

  @Test
  void drainEndsAtTheTimeoutWhenParticipantsStay() throws Exception {
    api.call("PUT", "/colibri/conferences/c1", conference(1));
    api.call("POST", "/colibri/conferences/c1/endpoints", "{\"endpointId\":\"frank\"}");
    assertEquals(
        202,
        api.call("POST", "/colibri/drain", "{\"timeoutSeconds\":1,\"exitWhenDone\":false}")
            .statusCode());
    CompletableFuture<Boolean> done = bridge.drain().start(Duration.ofMinutes(5), false);
    assertFalse(done.get(20, TimeUnit.SECONDS), "timed out with frank still there");
  }

  @Test
  void aDrainCalledOffTakesParticipantsAgainAndNeverExits() throws Exception {
    AtomicInteger exits = new AtomicInteger();
    bridge.close();
    bridge =
        Bridge.start(
            BridgeConfig.loopback("us-east", "bridge-a", TOKEN).withMaxParticipants(4),
            exits::incrementAndGet);
    api = new ControlClient(bridge, TOKEN);
    api.call("PUT", "/colibri/conferences/c1", conference(1));
    api.call("POST", "/colibri/conferences/c1/endpoints", "{\"endpointId\":\"gina\"}");
    assertEquals(202, api.call("POST", "/colibri/drain", "{\"exitWhenDone\":false}").statusCode());
    CompletableFuture<Boolean> drain = bridge.drain().start(Duration.ofMinutes(5), false);

    HttpResponse<String> cancelled = api.call("DELETE", "/colibri/drain", null);
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    assertTrue(drain.isCancelled());
    assertEquals("ready", json(api.call("GET", "/colibri/stats", null)).get("state").asText());
    assertEquals(
        201,
        api.call("POST", "/colibri/conferences/c1/endpoints", "{\"endpointId\":\"hal\"}")
            .statusCode(),
        "new participants are taken again");
    // Emptying the bridge now must not complete the old drain.
    api.call("DELETE", "/colibri/conferences/c1", null);
    assertEquals(0, bridge.conferences().endpointCount());
    assertEquals(200, api.call("DELETE", "/colibri/drain", null).statusCode(), "idempotent");

    // A drain that stops the process can't be called off: the kubelet kills the pod anyway.
    api.call("PUT", "/colibri/conferences/c1", conference(1));
    api.call("POST", "/colibri/conferences/c1/endpoints", "{\"endpointId\":\"ivy\"}");
    CompletableFuture<Boolean> stopping = bridge.drainThenExit();
    assertReason(api.call("DELETE", "/colibri/drain", null), 409, "stopping");
    assertEquals(0, exits.get(), "no exit while ivy is there");
    api.call("DELETE", "/colibri/conferences/c1/endpoints/ivy", null);
    assertTrue(stopping.get(20, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (exits.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, exits.get(), "the exit ran once");
  }

  private static void assertReason(HttpResponse<String> response, int status, String reasonPart)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = json(response);
    assertTrue(body.get("reason").asText().contains(reasonPart), body.toString());
    assertNull(body.get("line"));
  }
}
