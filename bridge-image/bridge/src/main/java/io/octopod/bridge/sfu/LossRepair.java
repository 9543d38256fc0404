package io.octopod.bridge.sfu;

import io.octopod.bridge.repair.LossDetector;
import io.octopod.bridge.repair.SentPacketCache;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtp.Retransmission;
import io.octopod.protocol.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hop-by-hop loss repair for one conference's router. Downstream, every video packet a slot sends
 * is cached, and a receiver's NACK is answered from that cache as RTX on the slot's RTX stream, at
 * most once per round trip per packet. Upstream, gaps in each sender's video streams are NACKed to
 * the sender, and the RTX it answers with is restored to the original stream and forwarded like any
 * late packet. Runs on the media thread, like the router.
 */
final class LossRepair {

  private static final Logger LOG = Logger.getLogger(LossRepair.class.getName());

  /** How often a sender's streams are checked for packets to NACK. */
  private static final long NACK_CHECK_NANOS = 20_000_000L;

  /**
   * The round trip assumed until one is measured: the least time between two resends of a packet to
   * one receiver, and between two NACKs of one packet to a sender.
   */
  static final long DEFAULT_RTT_NANOS = 100_000_000L;

  /** The bridge's own SSRC as the sender of RTCP feedback. */
  private static final long BRIDGE_SSRC = 1;

  private final boolean enabled;
  private final GenericNack nack = new GenericNack();
  private final RtpPacket cached = new RtpPacket();
  private final int[] lost = new int[512];
  private final byte[] rtx = new byte[1700];

  LossRepair(boolean enabled) {
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  /** Keeps a copy of a packet a slot is about to send (rewritten, before encryption). */
  void sent(SlotRewriter slot, byte[] buf, int off, int len, long now) {
    if (enabled && slot.sent != null) {
      slot.sent.store(Bytes.u16(buf, off + 2), buf, off, len, now);
    }
  }

  /** A receiver's Generic NACK: resends what the slot's cache still holds, as RTX. */
  void onNack(ConferenceRouter.Participant receiver, byte[] buf, int off, int len, long now) {
    if (!enabled || !nack.wrap(buf, off, len)) {
      return;
    }
    long media = nack.mediaSsrc();
    SlotRewriter slot = null;
    for (SlotRewriter s : receiver.videoSlots.values()) {
      if (s.slotSsrc() == media) {
        slot = s;
      }
    }
    int count = nack.lostSequenceNumbers(lost);
    for (int i = 0; i < count; i++) {
      receiver.repair.nackReceived();
      if (slot == null) {
        receiver.repair.cacheMiss();
        continue;
      }
      int index = slot.sent.find(lost[i], now);
      if (index < 0) {
        receiver.repair.cacheMiss();
      } else if (!slot.sent.claimResend(index, now, receiver.rttNanos)) {
        receiver.repair.resendSuppressed();
      } else {
        resend(receiver, slot, index);
      }
    }
  }

  private void resend(ConferenceRouter.Participant receiver, SlotRewriter slot, int index) {
    SentPacketCache cache = slot.sent;
    if (!cached.wrap(cache.buffer(index), 0, cache.length(index))) {
      return;
    }
    AnswerBuilder.Negotiated n = receiver.negotiated();
    Long rtxSsrc = n.rtxSsrcBySlot().get(slot.slotSsrc());
    int length;
    if (rtxSsrc != null && n.rtxPayloadType() >= 0) {
      length =
          Retransmission.encapsulate(
              cached, rtx, n.rtxPayloadType(), rtxSsrc, receiver.nextRtxSequence(slot.slotSsrc()));
      if (receiver.bandwidth != null && cached.wrap(rtx, 0, length)) {
        length = receiver.bandwidth.stamp(cached, rtx.length, System.nanoTime());
      }
    } else {
      // No RTX negotiated: the original packet again, as RFC 4585 receivers accept.
      length = cache.length(index);
      System.arraycopy(cache.buffer(index), 0, rtx, 0, length);
    }
    try {
      if (receiver.transport().sendRtp(rtx, 0, length)) {
        receiver.repair.retransmitted();
      }
    } catch (GeneralSecurityException e) {
      LOG.log(Level.FINE, "could not resend to " + receiver.endpoint.id(), e);
    }
  }

  /**
   * Restores a sender's RTX packet to the original stream it repairs, found by its repaired-rid (or
   * the sender's only video stream).
   *
   * @return the restored packet's length in {@code out}, or -1 (a padding probe, or no stream)
   */
  int restore(ConferenceRouter.Participant sender, RtpPacket rtxPacket, byte[] out) {
    AnswerBuilder.Negotiated n = sender.negotiated();
    long media = -1;
    Integer repairedRid = n.extensionIds().get(AnswerBuilder.REPAIRED_RID);
    int at = repairedRid == null ? -1 : rtxPacket.findExtension(repairedRid);
    if (at >= 0) {
      String rid =
          new String(
              rtxPacket.buffer(), at, rtxPacket.lastFoundLength(), StandardCharsets.US_ASCII);
      for (Map.Entry<Long, String> e : sender.ridBySsrc.entrySet()) {
        if (e.getValue().equals(rid)) {
          media = e.getKey();
        }
      }
    } else if (sender.lastPacketAt.size() == 1) {
      media = sender.lastPacketAt.keySet().iterator().next();
    }
    if (media < 0) {
      return -1;
    }
    return Retransmission.decapsulate(rtxPacket, out, n.vp8PayloadType(), media);
  }

  /**
   * Notes a sender's video packet (original or restored), and at most every 20 ms NACKs what its
   * streams are missing.
   */
  void received(ConferenceRouter.Participant sender, long ssrc, int sequence, long now) {
    if (!enabled) {
      return;
    }
    sender
        .lossBySsrc
        .computeIfAbsent(ssrc, s -> new LossDetector(sender.repair))
        .received(sequence, now);
    if (now - sender.lastNackCheck < NACK_CHECK_NANOS) {
      return;
    }
    sender.lastNackCheck = now;
    for (Map.Entry<Long, LossDetector> e : sender.lossBySsrc.entrySet()) {
      int count = e.getValue().due(lost, now, sender.rttNanos);
      if (count == 0) {
        continue;
      }
      byte[] packet = new byte[GenericNack.FIXED_LENGTH + 4 * count + 32];
      int length = GenericNack.write(packet, 0, BRIDGE_SSRC, e.getKey(), lost, count);
      try {
        if (sender.sendFeedback(packet, 0, length)) {
          for (int i = 0; i < count; i++) {
            sender.repair.nackSent();
          }
          sender.octoRepairCounted(count);
        }
      } catch (GeneralSecurityException ex) {
        LOG.log(Level.FINE, "could not NACK " + sender.endpoint.id(), ex);
      }
    }
  }
}
