package io.octopod.bridge.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.bridge.transport.EndpointTransport;
import io.octopod.bridge.transport.MediaListener;
import io.octopod.bridge.transport.TransportCounters;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtp.RtpPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forwarding between pre-keyed endpoints, with the sent datagrams captured and decrypted. */
class ConferenceRouterTest {

  private final List<byte[]> sentToReceiver = new ArrayList<>();

  private SfuOfferAnswerer.EndpointMedia media(
      String id, long slotSsrc, List<byte[]> sink, byte[] key) {
    byte[] salt = new byte[12];
    EndpointTransport transport =
        new EndpointTransport(
            id,
            new IceLiteAgent(System::nanoTime),
            null,
            "AA",
            (b, o, l, to) -> sink.add(Arrays.copyOfRange(b, o, o + l)),
            Runnable::run,
            new MediaListener() {
              @Override
              public void rtp(EndpointTransport from, byte[] buf, int off, int len) {}
            },
            new TransportCounters());
    transport.useSession(
        new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, key, salt, key, salt),
        new InetSocketAddress("127.0.0.1", 9));
    return new SfuOfferAnswerer.EndpointMedia(
        transport,
        new AnswerBuilder.Negotiated(
            111, 96, 97, Map.of(), List.of(), "AA", List.of(slotSsrc), List.of(slotSsrc + 1)));
  }

  private static byte[] vp8(int seq, boolean keyframe) {
    byte[] p = new byte[12 + 5 + 100];
    p[0] = (byte) 0x80;
    p[1] = 96;
    Bytes.putU16(p, 2, seq);
    Bytes.putU32(p, 4, seq * 3000L);
    Bytes.putU32(p, 8, 0x5555);
    p[12] = (byte) 0x90;
    p[13] = (byte) 0x80;
    p[14] = (byte) 0x80;
    p[15] = (byte) seq;
    p[16] = (byte) (keyframe ? 0x00 : 0x01);
    return p;
  }

  @Test
  void forwardsIntoTheReceiversSlotFromAKeyframeOn() throws Exception {
    ConferenceRouter router = new ConferenceRouter();
    byte[] receiverKey = new byte[16];
    Arrays.fill(receiverKey, (byte) 2);
    List<byte[]> senderSink = new ArrayList<>();
    ConferenceRouter.Participant sender =
        router.add(new Endpoint("s", "r", "t"), media("s", 100, senderSink, new byte[16]));
    router.add(new Endpoint("r", "r", "t"), media("r", 7000, sentToReceiver, receiverKey));

    byte[] delta = vp8(1, false);
    router.onRtp(sender, Arrays.copyOf(delta, delta.length + 32), 0, delta.length);
    assertEquals(0, sentToReceiver.size(), "nothing before a keyframe");
    assertEquals(
        2, senderSink.size(), "a PLI goes to the sender instead (with the bridge's first RR)");

    byte[] key = vp8(2, true);
    router.onRtp(sender, Arrays.copyOf(key, key.length + 32), 0, key.length);
    assertEquals(1, sentToReceiver.size());
    byte[] got = sentToReceiver.get(0);
    SrtpSession receiver =
        new SrtpSession(
            SrtpProfile.AEAD_AES_128_GCM, receiverKey, new byte[12], receiverKey, new byte[12]);
    int n = receiver.unprotectRtp(got, 0, got.length);
    assertEquals(key.length, n);
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(got, 0, n));
    assertEquals(7000, rtp.ssrc(), "the slot's SSRC");
    assertEquals(96, rtp.payloadType());
  }

  @Test
  void headerExtensionsGetTheReceiversIdsAndUnknownOnesAreDropped() {
    AnswerBuilder.Negotiated sender =
        new AnswerBuilder.Negotiated(
            111,
            96,
            97,
            Map.of(AnswerBuilder.MID, 4, AnswerBuilder.ABS_SEND_TIME, 2, AnswerBuilder.RID, 10),
            List.of(),
            "AA",
            List.of(),
            List.of());
    AnswerBuilder.Negotiated receiver =
        new AnswerBuilder.Negotiated(
            111,
            96,
            97,
            Map.of(AnswerBuilder.MID, 9, AnswerBuilder.ABS_SEND_TIME, 3),
            List.of(),
            "AA",
            List.of(),
            List.of());
    byte[] buf = new byte[128];
    buf[0] = (byte) 0x80;
    buf[1] = 96;
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, 20));
    assertTrue(rtp.addExtension(4, new byte[] {'1'}, 0, 1, buf.length));
    assertTrue(rtp.addExtension(2, new byte[] {1, 2, 3}, 0, 3, buf.length));
    assertTrue(rtp.addExtension(10, new byte[] {'q'}, 0, 1, buf.length));
    int payloadLength = rtp.payloadLength();
    ConferenceRouter.mapExtensions(rtp, sender, receiver);
    assertEquals('1', buf[rtp.findExtension(9)], "mid moved from id 4 to 9");
    int abs = rtp.findExtension(3);
    assertEquals(3, rtp.lastFoundLength(), "abs-send-time moved from 2 to 3");
    assertEquals(1, buf[abs]);
    assertEquals(-1, rtp.findExtension(10), "rid was not negotiated by the receiver: dropped");
    assertEquals(-1, rtp.findExtension(4));
    assertEquals(payloadLength, rtp.payloadLength(), "the payload is intact");
  }

  private SfuOfferAnswerer.EndpointMedia audioMedia(
      String id, List<byte[]> sink, int audioSlots, long firstSlot) {
    byte[] key = new byte[16];
    EndpointTransport transport =
        new EndpointTransport(
            id,
            new IceLiteAgent(System::nanoTime),
            null,
            "AA",
            (b, o, l, to) -> sink.add(Arrays.copyOfRange(b, o, o + l)),
            Runnable::run,
            new MediaListener() {
              @Override
              public void rtp(EndpointTransport from, byte[] buf, int off, int len) {}
            },
            new TransportCounters());
    transport.useSession(
        new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, key, new byte[12], key, new byte[12]),
        new InetSocketAddress("127.0.0.1", 9));
    List<Long> slots = new ArrayList<>();
    for (int i = 0; i < audioSlots; i++) {
      slots.add(firstSlot + i);
    }
    return new SfuOfferAnswerer.EndpointMedia(
        transport,
        new AnswerBuilder.Negotiated(
            111, 96, 97, Map.of(AnswerBuilder.AUDIO_LEVEL, 1), List.of(), "AA", List.of(), slots));
  }

  private static byte[] opus(long ssrc, int seq, int levelDbov) {
    byte[] buf = new byte[64];
    buf[0] = (byte) 0x80;
    buf[1] = 111;
    Bytes.putU16(buf, 2, seq);
    Bytes.putU32(buf, 8, ssrc);
    RtpPacket rtp = new RtpPacket();
    rtp.wrap(buf, 0, 12 + 20);
    rtp.addExtension(1, new byte[] {(byte) (0x80 | levelDbov)}, 0, 1, buf.length);
    return Arrays.copyOf(buf, rtp.length() + 32);
  }

  @Test
  void aReceiverWithTwoAudioSlotsHearsTheTwoLoudestOthersAndNeverItself() throws Exception {
    ConferenceRouter router = new ConferenceRouter();
    List<byte[]> toListener = new ArrayList<>();
    ConferenceRouter.Participant listener =
        router.add(new Endpoint("listener", "r", "t"), audioMedia("listener", toListener, 2, 500));
    List<ConferenceRouter.Participant> speakers = new ArrayList<>();
    int[] levels = {90, 20, 50}; // -dBov: 20 is the loudest, 90 nearly silent
    for (int i = 0; i < 3; i++) {
      speakers.add(
          router.add(
              new Endpoint("s" + i, "r", "t"),
              audioMedia("s" + i, new ArrayList<>(), 2, 600 + 10 * i)));
    }
    for (int round = 0; round < 30; round++) {
      for (int i = 0; i < 3; i++) {
        byte[] p = opus(1000 + i, round, levels[i]);
        router.onRtp(speakers.get(i), p, 0, p.length - 32);
      }
    }
    byte[] lastRound = null;
    // The last packets the listener got come from the two loudest speakers only (slots 500, 501).
    java.util.Set<Long> slotsUsed = new java.util.HashSet<>();
    SrtpSession open =
        new SrtpSession(
            SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[12], new byte[16], new byte[12]);
    int fromQuiet = 0;
    List<byte[]> rtpOnly = toListener.stream().filter(ConferenceRouterTest::isRtp).toList();
    for (byte[] got : rtpOnly.subList(rtpOnly.size() - 10, rtpOnly.size())) {
      lastRound = got;
      int n = open.unprotectRtp(got, 0, got.length);
      RtpPacket rtp = new RtpPacket();
      assertTrue(rtp.wrap(got, 0, n));
      slotsUsed.add(rtp.ssrc());
    }
    assertTrue(lastRound != null);
    assertEquals(java.util.Set.of(500L, 501L), slotsUsed);
    long total = rtpCount(toListener);
    byte[] quiet = opus(1000, 99, 90);
    router.onRtp(speakers.get(0), quiet, 0, quiet.length - 32);
    assertEquals(total, rtpCount(toListener), "the quietest speaker is not forwarded");
    byte[] own = opus(2000, 1, 0);
    router.onRtp(listener, own, 0, own.length - 32);
    assertEquals(total, rtpCount(toListener), "nobody hears themselves");
    assertEquals(0, fromQuiet);
  }

  @Test
  void aSendersReportReachesTheReceiverAsTheSlotsOwnReport() throws Exception {
    ConferenceRouter router = new ConferenceRouter();
    byte[] receiverKey = new byte[16];
    Arrays.fill(receiverKey, (byte) 2);
    byte[] senderKey = new byte[16];
    ConferenceRouter.Participant sender =
        router.add(new Endpoint("s", "r", "t"), media("s", 100, new ArrayList<>(), senderKey));
    router.add(new Endpoint("r", "r", "t"), media("r", 7000, sentToReceiver, receiverKey));
    byte[] key = vp8(2, true);
    router.onRtp(sender, Arrays.copyOf(key, key.length + 32), 0, key.length);
    int forwarded = sentToReceiver.size();

    byte[] sr = new byte[64];
    int n =
        io.octopod.protocol.rtcp.SenderReport.write(
            sr, 0, 0x5555, 0x1122334455667788L, 6000 + 90, 10, 1000);
    router.onRtcp(sender, sr, 0, n);
    assertEquals(forwarded + 1, sentToReceiver.size(), "one translated SR");
    byte[] got = sentToReceiver.get(sentToReceiver.size() - 1);
    SrtpSession receiver =
        new SrtpSession(
            SrtpProfile.AEAD_AES_128_GCM, receiverKey, new byte[12], receiverKey, new byte[12]);
    int m = receiver.unprotectRtcp(got, 0, got.length);
    io.octopod.protocol.rtcp.SenderReport report = new io.octopod.protocol.rtcp.SenderReport();
    assertTrue(report.wrap(got, 0, m), report.invalidReason());
    assertEquals(7000, report.senderSsrc(), "the slot's SSRC");
    assertEquals(0x1122334455667788L, report.ntpTimestamp());
    assertEquals(6090, report.rtpTimestamp(), "the first source keeps its timestamps");
    assertEquals(1, report.packetCount(), "the slot's own count");
  }

  @Test
  void theBridgeReportsReceptionToTheSender() throws Exception {
    ConferenceRouter router = new ConferenceRouter();
    List<byte[]> senderSink = new ArrayList<>();
    byte[] senderKey = new byte[16];
    Arrays.fill(senderKey, (byte) 5);
    ConferenceRouter.Participant sender =
        router.add(new Endpoint("s", "r", "t"), media("s", 100, senderSink, senderKey));
    byte[] key = vp8(40, true);
    router.onRtp(sender, Arrays.copyOf(key, key.length + 32), 0, key.length);
    io.octopod.protocol.rtcp.ReceiverReport rr = new io.octopod.protocol.rtcp.ReceiverReport();
    boolean found = false;
    for (byte[] got : senderSink) {
      byte[] plain = got.clone();
      int n =
          new SrtpSession(
                  SrtpProfile.AEAD_AES_128_GCM, senderKey, new byte[12], senderKey, new byte[12])
              .unprotectRtcp(plain, 0, plain.length);
      if (n > 0 && rr.wrap(plain, 0, n) && rr.reportCount() == 1) {
        assertEquals(0x5555, rr.reportBlock(0).ssrc());
        assertEquals(40, rr.reportBlock(0).extendedHighestSequence());
        assertEquals(0, rr.reportBlock(0).cumulativeLost());
        found = true;
      }
    }
    assertTrue(found, "an RR with one report block reached the sender");
  }

  private static boolean isRtp(byte[] datagram) {
    return io.octopod.protocol.demux.Demultiplexer.classify(datagram, 0, datagram.length)
        == io.octopod.protocol.demux.PacketKind.RTP;
  }

  private static long rtpCount(List<byte[]> sink) {
    return sink.stream().filter(ConferenceRouterTest::isRtp).count();
  }
}
