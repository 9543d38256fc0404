package io.octopod.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.config.BridgeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static BridgeConfig loopbackConfig() {
    return BridgeConfig.loopback("test-region", "bridge-test", "test-token-0123456789");
  }

  @Test
  void answersHealthOnTheControlPort() throws Exception {
    try (Bridge bridge = Bridge.start(loopbackConfig())) {
      HttpResponse<String> response = get(bridge, "/about/health");
      assertEquals(200, response.statusCode());
      assertTrue(response.body().contains("\"healthy\":true"), response.body());
      assertNotEquals(0, bridge.mediaPort());
      assertNotEquals(bridge.mediaPort(), bridge.octoPort());
      assertTrue(bridge.describe().contains("127.0.0.1:" + bridge.mediaPort()));
    }
  }

  @Test
  void unknownPathIsA404WithAJsonReason() throws Exception {
    try (Bridge bridge = Bridge.start(loopbackConfig())) {
      HttpResponse<String> response = get(bridge, "/nope");
      assertEquals(404, response.statusCode());
      assertTrue(response.body().contains("no such resource"), response.body());
    }
  }

  @Test
  void configDefaultsAndRejectsBadValues() {
    BridgeConfig defaults = BridgeConfig.fromEnvironment(Map.of());
    assertEquals(BridgeConfig.DEFAULT_MEDIA_PORT, defaults.mediaPort());
    assertEquals(BridgeConfig.DEFAULT_OCTO_PORT, defaults.octoPort());
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class,
            () -> BridgeConfig.fromEnvironment(Map.of("OCTOPOD_MEDIA_PORT", "ten")));
    assertTrue(notANumber.getMessage().contains("OCTOPOD_MEDIA_PORT"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BridgeConfig.fromEnvironment(Map.of("OCTOPOD_OCTO_PORT", "70000")));
    assertEquals(Duration.ofSeconds(30), defaults.endpointTimeout());
    assertEquals(
        Duration.ofSeconds(2),
        BridgeConfig.fromEnvironment(Map.of("OCTOPOD_ENDPOINT_TIMEOUT_MILLIS", "2000"))
            .endpointTimeout());
    assertThrows(
        IllegalArgumentException.class,
        () -> BridgeConfig.fromEnvironment(Map.of("OCTOPOD_ENDPOINT_TIMEOUT_MILLIS", "0")));
  }

  @Test
  void theControlPortBindsToThePodIpNotToEveryAddress() {
    // In a pod the other sockets bind the wildcard; the control API takes the pod IP, so on the
    // host network it is not offered on the node's other addresses.
    BridgeConfig inPod = BridgeConfig.fromEnvironment(Map.of("OCTOPOD_POD_IP", "10.1.2.3"));
    assertEquals("0.0.0.0", inPod.bindAddress());
    assertEquals("10.1.2.3", inPod.controlBindAddress());
    assertEquals(
        "127.0.0.1",
        BridgeConfig.fromEnvironment(
                Map.of("OCTOPOD_POD_IP", "10.1.2.3", "OCTOPOD_BIND_ADDRESS", "127.0.0.1"))
            .controlBindAddress(),
        "a narrower bind address is kept");
    assertEquals(
        "10.9.9.9",
        BridgeConfig.fromEnvironment(
                Map.of("OCTOPOD_POD_IP", "10.1.2.3", "OCTOPOD_CONTROL_BIND_ADDRESS", "10.9.9.9"))
            .controlBindAddress(),
        "an explicit one wins");
    assertEquals("0.0.0.0", BridgeConfig.fromEnvironment(Map.of()).controlBindAddress());
  }

  @Test
  void aClientConnectsThroughTheBridgesOwnMediaPortAndStatsCountIt() throws Exception {
    try (Bridge bridge = Bridge.start(loopbackConfig())) {
      io.netty.channel.EventLoopGroup group =
          io.octopod.bridge.net.TransportFactory.newEventLoopGroup(1);
      try (io.octopod.bridge.client.WebRtcClient client =
          io.octopod.bridge.client.WebRtcClient.open(group, "127.0.0.1")) {
        io.octopod.bridge.ice.IceLiteAgent agent =
            new io.octopod.bridge.ice.IceLiteAgent(System::nanoTime);
        java.util.concurrent.atomic.AtomicInteger packets =
            new java.util.concurrent.atomic.AtomicInteger();
        io.octopod.bridge.transport.EndpointTransport endpoint =
            new io.octopod.bridge.transport.EndpointTransport(
                "bob",
                agent,
                bridge.dtlsIdentity(),
                client.fingerprint(),
                bridge.mediaSocket(),
                bridge.handshakes(),
                (from, buf, off, len) -> packets.incrementAndGet(),
                new io.octopod.bridge.transport.TransportCounters());
        bridge.mediaDemux().add(endpoint);
        client.connect(
            new java.net.InetSocketAddress("127.0.0.1", bridge.mediaPort()),
            agent.localUfrag(),
            agent.localPwd(),
            bridge.dtlsIdentity().fingerprint(),
            java.util.List.of(io.octopod.bridge.srtp.SrtpProfile.AEAD_AES_128_GCM),
            Duration.ofSeconds(20));
        long connected = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (endpoint.state() != io.octopod.bridge.transport.EndpointTransport.State.CONNECTED
            && System.nanoTime() < connected) {
          Thread.sleep(10);
        }
        byte[] rtp = new byte[12 + 100 + 16];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        rtp[11] = 5;
        for (int i = 0; i < 5; i++) {
          rtp[3] = (byte) i;
          byte[] copy = rtp.clone();
          client.sendRtp(copy, 0, 112);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (packets.get() < 5 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertEquals(5, packets.get());
      } finally {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }

  private static HttpResponse<String> get(Bridge bridge, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.controlPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
