package io.octopod.bridge.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.client.WebRtcClient;
import io.octopod.bridge.dtls.DtlsIdentity;
import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.net.MediaSocket;
import io.octopod.bridge.net.TransportFactory;
import io.octopod.bridge.srtp.SrtpProfile;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's media port with one endpoint, and the Java client connecting over loopback through
 * ICE-lite, DTLS and SRTP, with real UDP sockets: media both ways, then every kind of bad input,
 * each dropped and counted while the endpoint keeps working.
 */
class WebRtcTransportTest {

  private EventLoopGroup group;
  private ExecutorService handshakes;
  private MediaSocket port;
  private MediaDemux demux;
  private final TransportCounters counters = new TransportCounters();
  private final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();
  private EndpointTransport endpoint;
  private WebRtcClient client;
  private final DtlsIdentity bridgeIdentity = DtlsIdentity.generate("bridge");

  @BeforeEach
  void start() throws Exception {
    group = TransportFactory.newEventLoopGroup(2);
    handshakes = Executors.newCachedThreadPool();
    MediaDemux[] d = new MediaDemux[1];
    port = MediaSocket.bind(group, "127.0.0.1", 0, (b, o, l, f) -> d[0].received(b, o, l, f));
    demux = new MediaDemux(port, counters);
    d[0] = demux;
    client = WebRtcClient.open(group, "127.0.0.1");
  }

  @AfterEach
  void stop() {
    client.close();
    port.close();
    handshakes.shutdownNow();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private IceLiteAgent connect(SrtpProfile profile) throws Exception {
    IceLiteAgent agent = new IceLiteAgent(System::nanoTime);
    endpoint =
        new EndpointTransport(
            "alice",
            agent,
            bridgeIdentity,
            client.fingerprint(),
            port,
            handshakes,
            new MediaListener() {
              @Override
              public void rtp(EndpointTransport from, byte[] buf, int off, int len) {
                long ssrc = io.octopod.protocol.Bytes.u32(buf, off + 8);
                received.computeIfAbsent(ssrc, s -> new AtomicInteger()).incrementAndGet();
              }
            },
            counters);
    demux.add(endpoint);
    SrtpProfile negotiated =
        client.connect(
            port.localAddress(),
            agent.localUfrag(),
            agent.localPwd(),
            bridgeIdentity.fingerprint(),
            List.of(profile),
            Duration.ofSeconds(20));
    assertEquals(profile, negotiated);
    await(
        "the bridge side to finish DTLS",
        () -> endpoint.state() == EndpointTransport.State.CONNECTED);
    return agent;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static byte[] rtp(long ssrc, int seq) {
    byte[] p = new byte[12 + 160 + 32];
    p[0] = (byte) 0x80;
    p[1] = 111;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    io.octopod.protocol.Bytes.putU32(p, 8, ssrc);
    Arrays.fill(p, 12, 12 + 160, (byte) 0x33);
    return p;
  }

  @Test
  void aJavaClientConnectsAndMediaFlowsBothWaysWithEitherProfile() throws Exception {
    for (SrtpProfile profile :
        List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM)) {
      if (client != null) {
        stop();
        start();
        received.clear();
      }
      IceLiteAgent agent = connect(profile);
      assertEquals(client.localAddress(), agent.selected(), "nominated by USE-CANDIDATE");
      for (int i = 0; i < 50; i++) {
        client.sendRtp(rtp(0x1111, i), 0, 12 + 160);
      }
      await(
          "50 packets at the bridge",
          () -> received.getOrDefault(0x1111L, new AtomicInteger()).get() == 50);
      for (int i = 0; i < 10; i++) {
        assertTrue(endpoint.sendRtp(rtp(0x2222, i), 0, 12 + 160));
      }
      await("10 packets at the client", () -> client.rtpReceived() == 10);
    }
  }

  /**
   * Issue 22: the SSRCs the offer signalled reach the session DTLS keys, and the SSRCs beyond them
   * are limited, counted in the bridge's total, and never reach the router.
   */
  @Test
  void signalledSsrcsFlowAndTooManyUnsignalledOnesAreDroppedAndCounted() throws Exception {
    long[] signalled = java.util.stream.LongStream.range(0x5000, 0x5000 + 20).toArray();
    connect(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    endpoint.signalledSsrcs(signalled);
    int unsignalled = 30;
    for (long ssrc = 1; ssrc <= unsignalled; ssrc++) {
      client.sendRtp(rtp(ssrc, 1), 0, 12 + 160);
    }
    int over = unsignalled - 16;
    await(
        over + " unsignalled SSRCs over the limit to be counted",
        () -> counters.srtp().unsignalledSsrcOverLimit() == over);
    for (long ssrc : signalled) {
      client.sendRtp(rtp(ssrc, 1), 0, 12 + 160);
    }
    await("the signalled SSRCs at the bridge", () -> received.size() == 16 + signalled.length);
    assertEquals(over, endpoint.srtp().counters().unsignalledSsrcOverLimit());
    assertEquals(0, counters.srtp().authenticationFailed());
  }

  @Test
  void badInputIsDroppedAndCountedAndTheEndpointKeepsWorking() throws Exception {
    IceLiteAgent agent = connect(SrtpProfile.AEAD_AES_128_GCM);

    client.sendRaw(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 10);
    await("garbage to be counted", () -> counters.unknownKind() == 1);

    byte[] forged = new byte[256];
    int n = client.bindingRequest(forged, agent.localUfrag(), "not-the-password-at-all");
    client.sendRaw(forged, 0, n);
    await("a bad MESSAGE-INTEGRITY to be counted", () -> counters.stunBadIntegrity() == 1);

    // A DTLS record from an address that passed no ICE check.
    byte[] hello = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
    MediaSocket stranger = MediaSocket.bind(group, "127.0.0.1", 0, (b, o, l, f) -> {});
    stranger.send(hello, 0, hello.length, port.localAddress());
    await("DTLS from an unknown address to be counted", () -> counters.unknownSource() == 1);
    stranger.close();

    byte[] tampered = rtp(0x1111, 100);
    int sealed = client.protectRtp(tampered, 0, 12 + 160);
    tampered[40] ^= 1;
    client.sendRaw(tampered, 0, sealed);
    await(
        "a bad SRTP tag to be counted",
        () -> endpoint.srtp().counters().authenticationFailed() == 1);

    byte[] once = rtp(0x1111, 101);
    int onceLength = client.protectRtp(once, 0, 12 + 160);
    client.sendRaw(once, 0, onceLength);
    client.sendRaw(once, 0, onceLength);
    await("a replayed SRTP packet to be counted", () -> endpoint.srtp().counters().replayed() == 1);

    for (int i = 200; i < 210; i++) {
      client.sendRtp(rtp(0x1111, i), 0, 12 + 160);
    }
    await("media to keep flowing after all that", () -> received.get(0x1111L).get() == 11);
  }

  @Test
  void afterAnIceRestartTheEndpointFollowsTheClientToItsNewAddress() throws Exception {
    connect(SrtpProfile.AEAD_AES_128_GCM);
    InetSocketAddress before = client.localAddress();
    client.sendRtp(rtp(0x3333, 1), 0, 12 + 160);
    await("the first packet", () -> received.containsKey(0x3333L));

    IceLiteAgent restarted = demux.restartIce(endpoint);
    client.moveAndRestartIce(restarted.localUfrag(), restarted.localPwd(), Duration.ofSeconds(10));
    InetSocketAddress after = client.localAddress();
    assertTrue(!before.equals(after), "the client moved");
    assertEquals(after, endpoint.ice().selected(), "nominated again from the new address");
    client.sendRtp(rtp(0x3333, 2), 0, 12 + 160);
    await("media from the new address", () -> received.get(0x3333L).get() == 2);
    assertTrue(endpoint.sendRtp(rtp(0x4444, 1), 0, 12 + 160));
    await("media to the new address", () -> client.rtpReceived() == 1);
  }

  /**
   * Someone who saw one of the client's checks sends it again from their own address: the bridge
   * must keep sending media to the client. A fresh check from that address (a client that really
   * moved, as after a NAT rebinding) still moves it.
   */
  @Test
  void aCheckReplayedFromAnotherAddressDoesNotMoveTheMedia() throws Exception {
    IceLiteAgent agent = connect(SrtpProfile.AEAD_AES_128_GCM);
    byte[] check = new byte[256];
    int n = client.bindingRequest(check, agent.localUfrag(), agent.localPwd());
    client.sendRaw(check, 0, n);
    MediaSocket stranger = MediaSocket.bind(group, "127.0.0.1", 0, (b, o, l, f) -> {});
    try {
      stranger.send(check, 0, n, port.localAddress());
      // The port handles datagrams in order on one thread: once the garbage that followed the
      // replay is counted, the replay has been handled.
      stranger.send(new byte[] {(byte) 0xff, 0}, 0, 2, port.localAddress());
      await("the replay to be handled", () -> counters.unknownKind() == 1);
      assertEquals(
          client.localAddress(),
          endpoint.ice().selected(),
          "a replayed check from another address moved the media address");
      assertEquals(1, counters.stunReplayRefused());
      assertTrue(endpoint.sendRtp(rtp(0x5555, 1), 0, 12 + 160));
      await("media still to the client", () -> client.rtpReceived() == 1);

      int fresh = client.bindingRequest(check, agent.localUfrag(), agent.localPwd());
      stranger.send(check, 0, fresh, port.localAddress());
      await(
          "a fresh check from the new address to move the media",
          () -> stranger.localAddress().equals(endpoint.ice().selected()));
    } finally {
      stranger.close();
    }
  }
}
