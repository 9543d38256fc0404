package io.octopod.bridge.octo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.control.OctoKey;
import io.octopod.protocol.control.OctoRelay;
import io.octopod.protocol.octo.OctoAck;
import io.octopod.protocol.octo.OctoFragment;
import io.octopod.protocol.octo.OctoHeader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real bridge's Octo port, attacked from real UDP sockets on loopback: every forged, replayed,
 * misdirected or malformed datagram is dropped and counted under its own reason, and only the
 * well-sealed one from the configured peer address is accepted.
 */
class OctoSecurityTest {

  private static final long CONFERENCE = 0x1122334455667788L;
  private static final long OTHER_CONFERENCE = 99;
  private static final int PEER_RELAY = 2;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Bridge bridge;
  private DatagramSocket peer;
  private DatagramSocket stranger;
  private byte[] key;
  private byte[] otherKey;
  private final OctoSealer sealer = new OctoSealer();
  private long sequence = 1000;

  @BeforeEach
  void start() throws Exception {
    bridge = Bridge.start(BridgeConfig.loopback("local", "bridge-a", "octo-security-test-token"));
    peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    key = randomKey();
    otherKey = randomKey();
    bridge.conferences().createOrUpdate("conf", request(CONFERENCE, key, 7, null));
    bridge.conferences().createOrUpdate("other", request(OTHER_CONFERENCE, otherKey, 7, null));
  }

  @AfterEach
  void stop() {
    bridge.close();
    peer.close();
    stranger.close();
  }

  private ConferenceRequest request(long id, byte[] current, int keyId, byte[] previous) {
    return new ConferenceRequest(
        "ns/" + id,
        id,
        new OctoConfig(
            1,
            new OctoKey(keyId, Base64.getEncoder().encodeToString(current)),
            previous == null
                ? null
                : new OctoKey(keyId - 1, Base64.getEncoder().encodeToString(previous)),
            List.of(new OctoRelay("bridge-b", PEER_RELAY, "127.0.0.1:" + peer.getLocalPort())),
            List.of()));
  }

  private static byte[] randomKey() {
    byte[] k = new byte[16];
    RANDOM.nextBytes(k);
    return k;
  }

  /** A sealed message datagram: a harmless, unknown message type once opened. */
  private byte[] datagram(long conference, long relay, int keyId, byte[] sealKey) throws Exception {
    byte[] json = "{\"type\":\"nothing\"}".getBytes(StandardCharsets.UTF_8);
    // One whole message in one fragment; each its own message number, holding nothing older.
    byte[] body = new byte[OctoFragment.LENGTH + json.length];
    OctoFragment.write(body, 0, sequence + 1, 0, json, json.length, 0);
    byte[] out = new byte[OctoHeader.LENGTH + body.length + OctoHeader.TAG_LENGTH];
    OctoHeader.write(
        out,
        0,
        OctoHeader.KIND_MESSAGE,
        OctoHeader.MEDIA_NONE,
        OctoHeader.NO_LAYER,
        keyId,
        conference,
        0,
        relay,
        ++sequence);
    System.arraycopy(body, 0, out, OctoHeader.LENGTH, body.length);
    int n = sealer.seal(new SecretKeySpec(sealKey, "AES"), out, 0, OctoHeader.LENGTH + body.length);
    return Arrays.copyOf(out, n);
  }

  /** A datagram of {@code kind} from the peer, sealed under the conference key. */
  private byte[] sealed(int kind, byte[] body) throws Exception {
    byte[] out = new byte[OctoHeader.LENGTH + body.length + OctoHeader.TAG_LENGTH];
    OctoHeader.write(
        out,
        0,
        kind,
        OctoHeader.MEDIA_NONE,
        OctoHeader.NO_LAYER,
        7,
        CONFERENCE,
        0,
        PEER_RELAY,
        ++sequence);
    System.arraycopy(body, 0, out, OctoHeader.LENGTH, body.length);
    int n = sealer.seal(new SecretKeySpec(key, "AES"), out, 0, OctoHeader.LENGTH + body.length);
    return Arrays.copyOf(out, n);
  }

  private static byte[] fragment(byte[] message, long number, long backlog, int index) {
    byte[] out = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
    return Arrays.copyOf(
        out, OctoFragment.write(out, 0, number, backlog, message, message.length, index));
  }

  private void send(DatagramSocket from, byte[] datagram) throws Exception {
    from.send(
        new DatagramPacket(
            datagram,
            datagram.length,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), bridge.octoPort())));
  }

  /** Waits (bounded) until the bridge has taken in {@code total} datagrams. */
  /**
   * Waits (bounded) until the bridge has taken in {@code total} datagrams and decided on each:
   * accepted or dropped for a reason checked before use (bad content and the message layer's
   * reasons are counted besides acceptance).
   */
  private void awaitReceived(long total) throws InterruptedException {
    for (int i = 0; i < 500 && decided() < total; i++) {
      Thread.sleep(10);
    }
    assertEquals(total, bridge.octoCounters().received(), "datagrams the Octo port took in");
    assertEquals(total, decided(), "datagrams accepted or dropped");
  }

  private long decided() {
    long n = bridge.octoCounters().accepted();
    for (OctoDrop reason : OctoDrop.values()) {
      if (!reason.afterAcceptance()) {
        n += bridge.octoCounters().dropped(reason);
      }
    }
    return n;
  }

  private long drops(OctoDrop reason) {
    return bridge.octoCounters().dropped(reason);
  }

  @Test
  void onlyTheAuthenticPacketFromThePeerIsAccepted() throws Exception {
    byte[] good = datagram(CONFERENCE, PEER_RELAY, 7, key);
    send(peer, good);
    awaitReceived(1);
    assertEquals(1, bridge.octoCounters().accepted(), "the well-sealed packet");

    send(peer, good);
    awaitReceived(2);
    assertEquals(1, drops(OctoDrop.REPLAYED), "the same packet again");

    byte[] flipped = datagram(CONFERENCE, PEER_RELAY, 7, key);
    flipped[OctoHeader.LENGTH + 3] ^= 0x10;
    send(peer, flipped);
    awaitReceived(3);
    assertEquals(1, drops(OctoDrop.NOT_AUTHENTIC), "a bit flipped in the payload");

    byte[] headerFlipped = datagram(CONFERENCE, PEER_RELAY, 7, key);
    headerFlipped[3] ^= 1; // the reserved byte: authenticated as associated data
    send(peer, headerFlipped);
    awaitReceived(4);
    assertEquals(2, drops(OctoDrop.NOT_AUTHENTIC), "a bit flipped in the header");

    // Sealed under the other conference's key, with the same key id: fails the tag.
    send(peer, datagram(CONFERENCE, PEER_RELAY, 7, otherKey));
    awaitReceived(5);
    assertEquals(3, drops(OctoDrop.NOT_AUTHENTIC), "another conference's key");

    send(stranger, datagram(CONFERENCE, PEER_RELAY, 7, key));
    awaitReceived(6);
    assertEquals(1, drops(OctoDrop.UNKNOWN_ADDRESS), "a valid packet from another address");

    send(peer, datagram(CONFERENCE, PEER_RELAY, 8, key));
    awaitReceived(7);
    assertEquals(1, drops(OctoDrop.UNKNOWN_KEY), "a key id the conference does not have");

    send(peer, datagram(12345, PEER_RELAY, 7, key));
    awaitReceived(8);
    assertEquals(1, drops(OctoDrop.UNKNOWN_CONFERENCE), "a conference id not on this bridge");

    send(peer, datagram(CONFERENCE, 3, 7, key));
    awaitReceived(9);
    assertEquals(1, drops(OctoDrop.UNKNOWN_RELAY), "a relay number not in the conference");

    send(peer, Arrays.copyOf(good, OctoHeader.LENGTH + 5));
    awaitReceived(10);
    assertEquals(1, drops(OctoDrop.MALFORMED), "truncated below header and tag");

    byte[] version2 = datagram(CONFERENCE, PEER_RELAY, 7, key);
    version2[0] = (byte) ((2 << 4) | (version2[0] & 0x0f));
    send(peer, version2);
    awaitReceived(11);
    assertEquals(1, drops(OctoDrop.UNSUPPORTED_VERSION), "version 2");

    assertEquals(1, drops(OctoDrop.BAD_CONTENT), "the accepted message's unknown type");
    assertEquals(1, bridge.octoCounters().accepted(), "nothing else got through");
    assertEquals(
        3L,
        bridge.stats().octo().dropped().get("not_authentic"),
        "stats show the drops by reason: " + bridge.stats().octo().dropped());
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + bridge.controlPort() + "/metrics"))
                    .header("Authorization", "Bearer octo-security-test-token")
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(
        metrics.contains("octopod_bridge_octo_dropped_total{reason=\"not_authentic\"} 3.0")
            && metrics.contains("octopod_bridge_octo_dropped_total{reason=\"replayed\"} 1.0"),
        "and so do the metrics: " + metrics);
  }

  /**
   * The Octo port reads whole every datagram a peer may send (up to 2,048 bytes: a full media-port
   * RTP packet with header and tag), and names a longer one, as an old bridge sent its large
   * messages, as oversized (it was cut short on receipt) instead of blaming forgery.
   */
  @Test
  void theOctoPortReadsWhatAPeerMaySendAndNamesWhatIsLonger() throws Exception {
    byte[] largest = sealed(OctoHeader.KIND_RTP, new byte[OctoHeader.MAX_DATAGRAM - 44]);
    assertEquals(OctoHeader.MAX_DATAGRAM, largest.length);
    send(peer, largest);
    awaitReceived(1);
    assertEquals(1, bridge.octoCounters().accepted(), "the largest datagram, whole and authentic");

    byte[] big = new byte[OctoHeader.MAX_DATAGRAM + 500];
    byte[] good = datagram(CONFERENCE, PEER_RELAY, 7, key);
    System.arraycopy(good, 0, big, 0, good.length);
    send(peer, big);
    awaitReceived(2);
    assertEquals(1, drops(OctoDrop.OVERSIZED));
    assertEquals(0, drops(OctoDrop.NOT_AUTHENTIC));
  }

  /**
   * An authentic peer can still send nonsense at the message layer: bogus fragment counts and
   * indexes, oversized totals, duplicates, a flood of message starts, malformed acks. Each is
   * dropped and counted by reason, never thrown, and a whole message still gets through after.
   */
  @Test
  void badFragmentsAndAcksFromAnAuthenticPeerAreDroppedByReason() throws Exception {
    byte[] message = new byte[3000];
    long number = 5_000;
    int received = 0;

    byte[] count = fragment(message, number, 0, 0);
    Bytes.putU16(count, 4, 9);
    byte[] index = fragment(message, number, 0, 0);
    Bytes.putU16(index, 2, 3);
    byte[] total = fragment(message, number, 0, 0);
    Bytes.putU16(total, 6, 65_000);
    for (byte[] bad : List.of(count, index, total)) {
      send(peer, sealed(OctoHeader.KIND_MESSAGE, bad));
      awaitReceived(++received);
    }
    assertEquals(3, drops(OctoDrop.BAD_FRAGMENT), "bogus count, index and total");

    send(peer, sealed(OctoHeader.KIND_MESSAGE, fragment(message, number, 0, 0)));
    send(peer, sealed(OctoHeader.KIND_MESSAGE, fragment(message, number, 0, 0)));
    send(peer, sealed(OctoHeader.KIND_MESSAGE, fragment(new byte[2999], number, 0, 1)));
    received += 3;
    awaitReceived(received);
    assertEquals(1, drops(OctoDrop.DUPLICATE_FRAGMENT), "the same fragment twice");
    assertEquals(1, drops(OctoDrop.INCONSISTENT_FRAGMENT), "a second length for the message");

    // A flood of 70 message starts of 60,000 bytes each while the first waits: three fit the
    // reassembly bound, the rest are refused, the last beyond the window.
    byte[] largest = new byte[OctoFragment.MAX_MESSAGE_BYTES];
    for (int i = 1; i <= 70; i++) {
      send(peer, sealed(OctoHeader.KIND_MESSAGE, fragment(largest, number + i, i, 0)));
    }
    received += 70;
    awaitReceived(received);
    assertEquals(60, drops(OctoDrop.REASSEMBLY_FULL));
    assertEquals(7, drops(OctoDrop.OUT_OF_WINDOW));

    byte[] shortAck = {0x10, 0, 0};
    byte[] unsent = new byte[OctoAck.LENGTH];
    OctoAck.writeHeader(unsent, 0, Long.MAX_VALUE / 2, 0);
    send(peer, sealed(OctoHeader.KIND_ACK, shortAck));
    send(peer, sealed(OctoHeader.KIND_ACK, unsent));
    received += 2;
    awaitReceived(received);
    assertEquals(2, drops(OctoDrop.BAD_ACK), "a truncated ack, and one for messages never sent");

    // The first message's other fragments: it completes, and is delivered (and, not being a
    // known message type, dropped as bad content).
    send(peer, sealed(OctoHeader.KIND_MESSAGE, fragment(message, number, 0, 1)));
    send(peer, sealed(OctoHeader.KIND_MESSAGE, fragment(message, number, 0, 2)));
    awaitReceived(received + 2);
    assertEquals(1, bridge.octoCounters().messagesReceived(), "the whole message got through");
    assertEquals(1, drops(OctoDrop.BAD_CONTENT));
    assertTrue(bridge.octoCounters().acksSent() > 0, "and was acked");
    assertEquals(received + 2, bridge.octoCounters().accepted(), "all were authentic");
  }

  @Test
  void afterRotationBothKeysOpenAndOlderOnesDoNot() throws Exception {
    byte[] next = randomKey();
    bridge.conferences().createOrUpdate("conf", request(CONFERENCE, next, 8, key));
    send(peer, datagram(CONFERENCE, PEER_RELAY, 7, key));
    send(peer, datagram(CONFERENCE, PEER_RELAY, 8, next));
    awaitReceived(2);
    assertEquals(2, bridge.octoCounters().accepted(), "previous and current key both open");

    byte[] third = randomKey();
    bridge.conferences().createOrUpdate("conf", request(CONFERENCE, third, 9, next));
    send(peer, datagram(CONFERENCE, PEER_RELAY, 7, key));
    awaitReceived(3);
    assertEquals(1, drops(OctoDrop.UNKNOWN_KEY), "the key rotated out twice is gone");
  }

  @Test
  void peersComeAndGoWithTheConfiguration() throws Exception {
    send(peer, datagram(CONFERENCE, PEER_RELAY, 7, key));
    awaitReceived(1);
    bridge
        .conferences()
        .createOrUpdate(
            "conf",
            new ConferenceRequest(
                "ns/conf",
                CONFERENCE,
                new OctoConfig(
                    1,
                    new OctoKey(7, Base64.getEncoder().encodeToString(key)),
                    null,
                    List.of(),
                    List.of())));
    send(peer, datagram(CONFERENCE, PEER_RELAY, 7, key));
    awaitReceived(2);
    assertEquals(1, drops(OctoDrop.UNKNOWN_RELAY), "the peer was removed");
    bridge.conferences().createOrUpdate("conf", request(CONFERENCE, key, 7, null));
    send(peer, datagram(CONFERENCE, PEER_RELAY, 7, key));
    awaitReceived(3);
    assertEquals(2, bridge.octoCounters().accepted(), "and added back");
  }

  /** The seal is standard AES-GCM: an independent implementation (BouncyCastle) opens it. */
  @Test
  void sealIsAesGcmWithTheHeaderAsAadAndItsLast12BytesAsNonce() throws Exception {
    byte[] plain = "an RTP packet would be here".getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[OctoHeader.LENGTH + plain.length + OctoHeader.TAG_LENGTH];
    OctoHeader.write(buf, 0, OctoHeader.KIND_RTP, 2, 1, 7, CONFERENCE, 5, PEER_RELAY, 424242L);
    System.arraycopy(plain, 0, buf, OctoHeader.LENGTH, plain.length);
    SecretKey k = new SecretKeySpec(key, "AES");
    int sealed = sealer.seal(k, buf, 0, OctoHeader.LENGTH + plain.length);
    assertEquals(buf.length, sealed);

    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(
        false,
        new AEADParameters(
            new KeyParameter(key), 128, Arrays.copyOfRange(buf, 16, 28), Arrays.copyOf(buf, 28)));
    byte[] opened = new byte[gcm.getOutputSize(sealed - OctoHeader.LENGTH)];
    int n = gcm.processBytes(buf, OctoHeader.LENGTH, sealed - OctoHeader.LENGTH, opened, 0);
    n += gcm.doFinal(opened, n);
    assertArrayEquals(plain, Arrays.copyOf(opened, n));

    assertEquals(plain.length, sealer.open(k, buf, 0, sealed), "and it opens in place");
    assertArrayEquals(plain, Arrays.copyOfRange(buf, OctoHeader.LENGTH, OctoHeader.LENGTH + n));
  }
}
