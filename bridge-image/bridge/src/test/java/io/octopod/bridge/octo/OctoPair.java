package io.octopod.bridge.octo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.browser.ImpairmentRelay;
import io.octopod.bridge.conference.ClientChannel;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.EndpointRequest;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.control.OctoKey;
import io.octopod.protocol.control.OctoRelay;
import io.octopod.protocol.control.RemoteEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Two real bridges (us-east, relay 1, and ap-southeast, relay 2) sharing one conference over Octo,
 * every datagram between them passing through a seeded {@link ImpairmentRelay} on loopback: bridge
 * A sends to the relay's client side, bridge B sees the relay's bridge side as A. Participants join
 * through the control API with Chromium's own offer, as the operator would place them.
 */
final class OctoPair implements AutoCloseable {

  static final String CONFERENCE = "conf";
  static final long OCTO_ID = 0x0c70_0021L;
  private static final String TOKEN = "octo-pair-control-token";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  final Bridge a;
  final Bridge b;
  final ImpairmentRelay link;
  private final String key;

  OctoPair() throws Exception {
    a = Bridge.start(BridgeConfig.loopback("us-east", "bridge-a", TOKEN));
    b = Bridge.start(BridgeConfig.loopback("ap-southeast", "bridge-b", TOKEN));
    link =
        ImpairmentRelay.start(
            new InetSocketAddress("127.0.0.1", b.octoPort()), ImpairmentRelay.Impairment.NONE);
    byte[] k = new byte[16];
    new SecureRandom().nextBytes(k);
    key = Base64.getEncoder().encodeToString(k);
    configure(List.of(), List.of());
  }

  /** Loss on both directions of the Octo link from now on. */
  void loss(double probability) {
    link.impair(new ImpairmentRelay.Impairment(probability, 0, 0));
    link.impairUp(new ImpairmentRelay.Impairment(probability, 0, 0));
  }

  /** (Re)configures the conference on both bridges, naming who the operator placed where. */
  void configure(List<String> onA, List<String> onB) {
    a.conferences()
        .createOrUpdate(
            CONFERENCE,
            request(1, new OctoRelay("bridge-b", 2, "127.0.0.1:" + link.port()), onB, "bridge-b"));
    b.conferences()
        .createOrUpdate(
            CONFERENCE,
            request(
                2,
                new OctoRelay("bridge-a", 1, "127.0.0.1:" + link.bridgeSidePort()),
                onA,
                "bridge-a"));
  }

  private ConferenceRequest request(
      int local, OctoRelay peer, List<String> remote, String remoteRelay) {
    List<RemoteEndpoint> endpoints = new ArrayList<>();
    for (String id : remote) {
      endpoints.add(new RemoteEndpoint(id, remoteRelay));
    }
    return new ConferenceRequest(
        "ns/" + CONFERENCE,
        OCTO_ID,
        new OctoConfig(local, new OctoKey(1, key), null, List.of(peer), endpoints));
  }

  /** Joins a participant to a bridge through its control API with Chromium's offer. */
  static void join(Bridge bridge, String endpointId) throws Exception {
    String body =
        JSON.writeValueAsString(
            new EndpointRequest(endpointId, bridge.config().region(), chromiumOffer()));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + bridge.controlPort()
                            + "/colibri/conferences/"
                            + CONFERENCE
                            + "/endpoints"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("join " + endpointId + ": " + response.body());
    }
  }

  /** A bridge's Prometheus metrics text. */
  String metrics(Bridge bridge) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bridge.controlPort() + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The participants bridge B has learnt from A over Octo. */
  List<String> remoteOnB() {
    var router = b.router(CONFERENCE);
    return router == null ? List.of() : router.remoteParticipants();
  }

  static String chromiumOffer() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path offer = dir.resolve("testdata/chromium/chromium-156-simulcast-offer.sdp");
      if (Files.isRegularFile(offer)) {
        return Files.readString(offer);
      }
    }
    throw new IllegalStateException("testdata/chromium offer not found");
  }

  /** Polls a condition up to {@code max}; returns how long it took, or throws naming it. */
  static Duration await(String what, Duration max, BooleanSupplier condition)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + max.toSeconds() + " s: " + what);
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** A participant's bridge channel, recording what the bridge pushes to its page. */
  static final class RecordingChannel implements ClientChannel {
    final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void send(String json) {
      received.add(json);
    }

    @Override
    public void close() {}
  }

  @Override
  public void close() {
    link.close();
    a.close();
    b.close();
  }
}
