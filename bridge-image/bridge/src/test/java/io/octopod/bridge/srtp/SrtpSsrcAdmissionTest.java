package io.octopod.bridge.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.testkit.LoadAverage;
import io.octopod.protocol.Bytes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, "memory exhaustion by any participant": an address that passed ICE, or a participant
 * with keys, must not make the bridge keep state per SSRC it invents. Real SRTP on both sides.
 */
class SrtpSsrcAdmissionTest {

  private static final SrtpProfile PROFILE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
  private static final int PAYLOAD = 100;

  private static SrtpSession bridge() {
    return bridge(PROFILE);
  }

  private static SrtpSession endpoint() {
    return endpoint(PROFILE);
  }

  /** The bridge's side, limited as for an endpoint that signalled no SSRC. */
  private static SrtpSession bridge(SrtpProfile profile) {
    SrtpSession bridge = unlimitedBridge(profile);
    bridge.limitToSignalledSsrcs(new long[0]);
    return bridge;
  }

  /** Sends with A's keys, receives with B's. */
  private static SrtpSession unlimitedBridge(SrtpProfile profile) {
    return new SrtpSession(
        profile, key(profile, 1), salt(profile, 2), key(profile, 3), salt(profile, 4));
  }

  /** The endpoint's side: sends with B's keys. */
  private static SrtpSession endpoint(SrtpProfile profile) {
    return new SrtpSession(
        profile, key(profile, 3), salt(profile, 4), key(profile, 1), salt(profile, 2));
  }

  private static byte[] key(SrtpProfile profile, int fill) {
    return filled(profile.keyLength(), fill);
  }

  private static byte[] salt(SrtpProfile profile, int fill) {
    return filled(profile.saltLength(), fill);
  }

  @Test
  void aFloodOfForgedPacketsOnRandomSsrcsLeavesNoStateAndIsCounted() throws Exception {
    SrtpSession bridge = bridge();
    SplittableRandom random = new SplittableRandom(22);
    int forged = 100_000;
    byte[] buf = new byte[12 + PAYLOAD + PROFILE.tagLength()];
    long usedBefore = usedHeap();
    long start = System.nanoTime();
    for (int i = 0; i < forged; i++) {
      fillRandom(random, buf);
      buf[0] = (byte) 0x80;
      buf[1] = 96;
      assertEquals(-1, bridge.unprotectRtp(buf, 0, buf.length));
    }
    long nanos = System.nanoTime() - start;
    long retained = usedHeap() - usedBefore;
    System.out.printf(
        "forged SRTP flood: %d packets, %.1f µs each, heap retained %.1f MB, load %s%n",
        forged, nanos / 1000.0 / forged, retained / 1e6, LoadAverage.now());
    int forgedRtcp = 10_000;
    for (int i = 0; i < forgedRtcp; i++) {
      fillRandom(random, buf);
      buf[0] = (byte) 0x80;
      buf[1] = (byte) 200;
      assertEquals(-1, bridge.unprotectRtcp(buf, 0, buf.length));
    }

    assertEquals(0, bridge.receiveStreams(), "receive streams after a forged flood");
    assertEquals(forged + forgedRtcp, bridge.counters().authenticationFailed());
    // The flood used none of the room for unsignalled SSRCs: a real endpoint's streams still flow.
    SrtpSession endpoint = endpoint();
    for (long ssrc = 1; ssrc <= ReceiveStreams.UNSIGNALLED_LIMIT; ssrc++) {
      byte[] packet = protectedRtp(endpoint, ssrc, 1);
      assertTrue(bridge.unprotectRtp(packet, 0, packet.length) > 0, "SSRC " + ssrc);
    }
  }

  /** GCM checks and decrypts in one step; a forged packet must leave the spare stream unused. */
  @Test
  void forgedGcmPacketsLeaveNoStateEither() throws Exception {
    SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;
    SrtpSession bridge = bridge(gcm);
    SplittableRandom random = new SplittableRandom(7);
    byte[] buf = new byte[12 + PAYLOAD + gcm.tagLength()];
    for (int i = 0; i < 10_000; i++) {
      fillRandom(random, buf);
      buf[0] = (byte) 0x80;
      buf[1] = 96;
      assertEquals(-1, bridge.unprotectRtp(buf, 0, buf.length));
    }
    assertEquals(0, bridge.receiveStreams());
    assertEquals(10_000, bridge.counters().authenticationFailed());
    byte[] packet = protectedRtp(endpoint(gcm), 77, 1);
    assertEquals(12 + PAYLOAD, bridge.unprotectRtp(packet, 0, packet.length));
    assertEquals(1, bridge.receiveStreams());
  }

  @Test
  void authenticPacketsOnTooManyUnsignalledSsrcsAreDroppedAndCountedWhileTheFirstFlow()
      throws Exception {
    SrtpSession bridge = bridge();
    SrtpCounters bridgeTotal = new SrtpCounters();
    bridge.counters().alsoCountInto(bridgeTotal);
    SrtpSession endpoint = endpoint();
    int limit = ReceiveStreams.UNSIGNALLED_LIMIT;
    int tried = 1_000;
    int accepted = 0;
    for (long ssrc = 1; ssrc <= tried; ssrc++) {
      byte[] packet = protectedRtp(endpoint, ssrc, 1);
      if (bridge.unprotectRtp(packet, 0, packet.length) > 0) {
        accepted++;
      }
    }
    assertEquals(limit, accepted, "new unsignalled SSRCs accepted");
    assertEquals(limit, bridge.receiveStreams(), "receive streams");
    assertEquals(tried - limit, bridge.counters().dropped(), "drops counted");
    assertEquals(tried - limit, bridge.counters().unsignalledSsrcOverLimit(), "and why");
    assertEquals(tried - limit, bridgeTotal.unsignalledSsrcOverLimit(), "in the bridge's total");
    assertEquals(
        tried - limit,
        bridgeTotal.droppedByReason().get("unsignalled_ssrc_over_limit"),
        "exported");
    assertEquals(0, bridge.counters().authenticationFailed(), "these packets were authentic");
    for (long ssrc = 1; ssrc <= limit; ssrc++) {
      byte[] packet = protectedRtp(endpoint, ssrc, 2);
      assertTrue(
          bridge.unprotectRtp(packet, 0, packet.length) > 0, "SSRC " + ssrc + " still flows");
    }
  }

  @Test
  void signalledSsrcsFlowBeyondTheLimitForUnsignalledOnes() throws Exception {
    SrtpSession bridge = bridge();
    SrtpSession endpoint = endpoint();
    long[] signalled = signal(bridge, 5_000, 40);
    int limit = ReceiveStreams.UNSIGNALLED_LIMIT;
    for (long ssrc = 1; ssrc <= limit + 1; ssrc++) {
      byte[] packet = protectedRtp(endpoint, ssrc, 1);
      bridge.unprotectRtp(packet, 0, packet.length);
    }
    assertEquals(1, bridge.counters().unsignalledSsrcOverLimit(), "the 17th unsignalled SSRC");
    for (long ssrc : signalled) {
      byte[] packet = protectedRtp(endpoint, ssrc, 1);
      assertTrue(bridge.unprotectRtp(packet, 0, packet.length) > 0, "signalled SSRC " + ssrc);
    }
    assertEquals(limit + signalled.length, bridge.receiveStreams());
  }

  @Test
  void anOfferSignallingThousandsOfSsrcsGetsNoMoreStreamsForThem() throws Exception {
    SrtpSession bridge = bridge();
    SrtpSession endpoint = endpoint();
    long[] signalled = signal(bridge, 10_000, 1_000);
    for (long ssrc : signalled) {
      byte[] packet = protectedRtp(endpoint, ssrc, 1);
      bridge.unprotectRtp(packet, 0, packet.length);
    }
    int streams = SignalledSsrcs.LIMIT + ReceiveStreams.UNSIGNALLED_LIMIT;
    assertEquals(streams, bridge.receiveStreams());
    assertEquals(signalled.length - streams, bridge.counters().unsignalledSsrcOverLimit());
  }

  /** The client role receives from the bridge on one SSRC per slot, as many as it has peers. */
  @Test
  void aSessionWithoutALimitTakesEveryAuthenticSsrcButNoForgedOne() throws Exception {
    SrtpSession client = endpoint();
    SrtpSession bridgeSending = unlimitedBridge(PROFILE);
    for (long ssrc = 1; ssrc <= 100; ssrc++) {
      byte[] packet = protectedRtp(bridgeSending, ssrc, 1);
      assertTrue(client.unprotectRtp(packet, 0, packet.length) > 0, "SSRC " + ssrc);
      packet[20] ^= 1;
      Bytes.putI32(packet, 8, (int) (ssrc + 1000));
      assertEquals(-1, client.unprotectRtp(packet, 0, packet.length), "forged on a new SSRC");
    }
    assertEquals(100, client.receiveStreams());
  }

  /**
   * What Chromium sends with {@code a=simulcast:send q;h;f}: audio on its signalled SSRC, and three
   * video layers and their RTX on SSRCs it never signalled (the bridge learns the rids from the
   * packets), with RTCP from the audio and video senders.
   */
  @Test
  void aBrowserSendingSimulcastAndRtxOnUnsignalledSsrcsIsUnaffected() throws Exception {
    SrtpSession bridge = bridge();
    SrtpSession endpoint = endpoint();
    long[] ssrcs = {3660585112L, 1001, 1002, 1003, 2001, 2002, 2003};
    bridge.limitToSignalledSsrcs(new long[] {ssrcs[0]});
    int packets = 0;
    for (int seq = 1; seq <= 50; seq++) {
      for (long ssrc : ssrcs) {
        byte[] packet = protectedRtp(endpoint, ssrc, seq);
        assertTrue(bridge.unprotectRtp(packet, 0, packet.length) > 0, "SSRC " + ssrc);
        packets++;
      }
      for (long ssrc : new long[] {ssrcs[0], ssrcs[1]}) {
        byte[] report = protectedReceiverReport(endpoint, ssrc);
        assertTrue(bridge.unprotectRtcp(report, 0, report.length) > 0, "RTCP from " + ssrc);
        packets++;
      }
    }
    assertEquals(packets, bridge.counters().unprotected());
    assertEquals(0, bridge.counters().dropped());
  }

  /** Tells {@code bridge} the endpoint signalled {@code count} SSRCs from {@code first} on. */
  private static long[] signal(SrtpSession bridge, long first, int count) {
    long[] ssrcs = java.util.stream.LongStream.range(first, first + count).toArray();
    bridge.limitToSignalledSsrcs(ssrcs);
    return ssrcs;
  }

  static byte[] protectedRtp(SrtpSession sender, long ssrc, int seq) throws Exception {
    byte[] buf = new byte[12 + PAYLOAD + sender.profile().tagLength()];
    buf[0] = (byte) 0x80;
    buf[1] = 96;
    Bytes.putU16(buf, 2, seq);
    Bytes.putI32(buf, 4, seq * 3000);
    Bytes.putI32(buf, 8, (int) ssrc);
    int n = sender.protectRtp(buf, 0, 12 + PAYLOAD);
    return java.util.Arrays.copyOf(buf, n);
  }

  /** An empty receiver report (RFC 3550 §6.4.2) from {@code ssrc}, protected. */
  static byte[] protectedReceiverReport(SrtpSession sender, long ssrc) throws Exception {
    byte[] buf = new byte[8 + 4 + PROFILE.tagLength()];
    buf[0] = (byte) 0x80;
    buf[1] = (byte) 201;
    Bytes.putU16(buf, 2, 1);
    Bytes.putI32(buf, 4, (int) ssrc);
    int n = sender.protectRtcp(buf, 0, 8);
    return java.util.Arrays.copyOf(buf, n);
  }

  private static void fillRandom(SplittableRandom random, byte[] buf) {
    for (int i = 0; i < buf.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < buf.length; j++) {
        buf[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  /** Heap in use after a collection: a rough figure, printed, never asserted. */
  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
