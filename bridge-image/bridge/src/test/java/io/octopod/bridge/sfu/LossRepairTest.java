package io.octopod.bridge.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.control.RepairStats;
import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.demux.PacketKind;
import io.octopod.protocol.rtcp.CompoundRtcpIterator;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.RtcpPacket;
import io.octopod.protocol.rtp.Retransmission;
import io.octopod.protocol.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hop-by-hop repair through a router with pre-keyed endpoints: receivers' NACKs answered as RTX
 * from the slot cache, resends spaced by a round trip, and senders' gaps NACKed upstream and
 * repaired by their RTX.
 */
class LossRepairTest {

  private static final long SLOT = 7000;
  private static final long SLOT_RTX = 7001;
  private static final long SENDER_SSRC = 0x5555;

  private final List<byte[]> toSender = new ArrayList<>();
  private final List<byte[]> toReceiver = new ArrayList<>();
  private final byte[] senderKey = PreKeyedEndpoints.key(1);
  private final byte[] receiverKey = PreKeyedEndpoints.key(2);

  private ConferenceRouter router;
  private ConferenceRouter.Participant sender;
  private ConferenceRouter.Participant receiver;

  private void conference(boolean repair) {
    router = new ConferenceRouter(repair);
    sender =
        PreKeyedEndpoints.join(
            router,
            "s",
            senderKey,
            toSender,
            new AnswerBuilder.Negotiated(
                111, 96, 97, Map.of(), List.of(), "AA", List.of(100L), List.of(101L)));
    receiver =
        PreKeyedEndpoints.join(
            router,
            "r",
            receiverKey,
            toReceiver,
            new AnswerBuilder.Negotiated(
                111,
                96,
                97,
                Map.of(),
                List.of(),
                "AA",
                List.of(SLOT),
                List.of(SLOT + 10),
                Map.of(SLOT, SLOT_RTX)));
  }

  private static byte[] vp8(int seq, boolean keyframe) {
    return RouterPackets.vp8(SENDER_SSRC, seq, keyframe);
  }

  private void send(int seq, long now) {
    byte[] p = vp8(seq, seq == 1);
    router.onRtp(sender, p, 0, p.length - 32, now);
  }

  private void nackFromReceiver(int slotSequence, long now) {
    byte[] nack = new byte[64];
    int n = GenericNack.write(nack, 0, 1234, SLOT, new int[] {slotSequence}, 1);
    router.onRtcp(receiver, nack, 0, n);
  }

  private static List<RtpPacket> rtpTo(List<byte[]> sink, byte[] key) {
    return RouterPackets.rtpTo(sink, key);
  }

  @Test
  void aReceiversNackIsAnsweredAsRtxFromTheSlotCacheOncePerRoundTrip() {
    conference(true);
    long now = System.nanoTime();
    for (int seq = 1; seq <= 5; seq++) {
      send(seq, now);
    }
    List<RtpPacket> forwarded = rtpTo(toReceiver, receiverKey);
    assertEquals(5, forwarded.size());
    int lostSlotSequence = forwarded.get(2).sequenceNumber();
    toReceiver.clear();

    nackFromReceiver(lostSlotSequence, now);
    nackFromReceiver(lostSlotSequence, now); // again at once: the first resend is on its way
    List<RtpPacket> resent = rtpTo(toReceiver, receiverKey);
    assertEquals(1, resent.size(), "one resend within a round trip");
    RtpPacket rtx = resent.get(0);
    assertEquals(SLOT_RTX, rtx.ssrc(), "on the slot's RTX stream");
    assertEquals(97, rtx.payloadType());
    assertEquals(lostSlotSequence, Bytes.u16(rtx.buffer(), rtx.payloadOffset()), "OSN");
    assertEquals(
        3,
        rtx.buffer()[rtx.payloadOffset() + Retransmission.OSN_LENGTH + RouterPackets.MARKER - 12]);

    nackFromReceiver(lostSlotSequence + 1000, now);
    RepairStats stats = receiver.repairStats();
    assertEquals(3, stats.nacksReceived());
    assertEquals(1, stats.retransmissions());
    assertEquals(1, stats.resendsSuppressed());
    assertEquals(1, stats.cacheMisses());
  }

  @Test
  void withRepairOffNothingIsResent() {
    conference(false);
    long now = System.nanoTime();
    for (int seq = 1; seq <= 3; seq++) {
      send(seq, now);
    }
    int slotSequence = rtpTo(toReceiver, receiverKey).get(1).sequenceNumber();
    toReceiver.clear();
    nackFromReceiver(slotSequence, now);
    assertEquals(0, rtpTo(toReceiver, receiverKey).size());
  }

  @Test
  void aSendersGapIsNackedAndItsRtxRepairsIt() {
    conference(true);
    long now = System.nanoTime();
    send(1, now);
    send(2, now);
    send(4, now + 30_000_000L); // 3 is lost on the way in
    int[] nacked = nackedSequences(toSender, senderKey);
    assertEquals(3, nacked.length == 1 ? nacked[0] : -1, "the bridge NACKed 3");
    assertEquals(1, sender.repairStats().nacksSent());
    toReceiver.clear();

    byte[] original = vp8(3, false);
    RtpPacket packet = new RtpPacket();
    packet.wrap(original, 0, original.length - 32);
    byte[] rtx = new byte[256];
    int n = Retransmission.encapsulate(packet, rtx, 97, 0x6666, 50);
    router.onRtp(sender, rtx, 0, n, now + 60_000_000L);
    List<RtpPacket> got = rtpTo(toReceiver, receiverKey);
    assertEquals(1, got.size(), "the repaired packet reaches the receiver");
    assertEquals(SLOT, got.get(0).ssrc());
    assertEquals(96, got.get(0).payloadType());
    assertEquals(3, got.get(0).buffer()[got.get(0).payloadOffset() + RouterPackets.MARKER - 12]);
    assertEquals(1, sender.repairStats().repaired());
  }

  private static int[] nackedSequences(List<byte[]> sink, byte[] key) {
    SrtpSession session = PreKeyedEndpoints.session(key);
    CompoundRtcpIterator it = new CompoundRtcpIterator();
    GenericNack nack = new GenericNack();
    int[] lost = new int[64];
    int count = 0;
    for (byte[] d : sink) {
      if (Demultiplexer.classify(d, 0, d.length) != PacketKind.RTCP) {
        continue;
      }
      byte[] copy = d.clone();
      int n = session.unprotectRtcp(copy, 0, copy.length);
      if (n <= 0 || !it.wrap(copy, 0, n)) {
        continue;
      }
      while (it.next()) {
        if (it.packetType() == RtcpPacket.RTPFB
            && it.countOrFormat() == GenericNack.FORMAT
            && nack.wrap(copy, it.packetOffset(), it.packetLength())) {
          assertTrue(nack.mediaSsrc() == SENDER_SSRC);
          int[] part = new int[64];
          int k = nack.lostSequenceNumbers(part);
          System.arraycopy(part, 0, lost, count, k);
          count += k;
        }
      }
    }
    return Arrays.copyOf(lost, count);
  }
}
