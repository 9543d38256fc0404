package io.octopod.bridge.sfu;

import io.octopod.bridge.bwe.BandwidthEstimator;
import io.octopod.bridge.bwe.SendHistory;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtcp.TransportWideFeedback;
import io.octopod.protocol.rtp.RtpPacket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One receiver's leg as congestion control sees it: every packet the bridge sends it gets the
 * bridge's own transport-wide sequence number (the receiver reports arrival times by it), the
 * receiver's transport-cc feedback drives a {@link BandwidthEstimator}, and when the receiver would
 * take more than the estimate allows, padding on a slot's RTX stream fills the leg up to the
 * estimate, so that the estimate can grow again after a drop (a leg that carries less than its
 * estimate can't show that it could carry more).
 */
final class SendSideBandwidth {

  private static final Logger LOG = Logger.getLogger(SendSideBandwidth.class.getName());

  /** Where a new receiver's estimate starts: enough for one 720p and a few thumbnails. */
  static final long START_BITRATE = 1_500_000;

  /** Padding packet payload: large enough to be cheap per bit, small enough to pace finely. */
  private static final int PADDING_BYTES = 224;

  private static final long PADDING_CHECK_NANOS = 5_000_000L;

  private static final long PROBE_INTERVAL_NANOS = 3_000_000_000L;
  private static final long PROBE_NANOS = 300_000_000L;

  private final int extensionId;
  private final SendHistory history = new SendHistory();
  private final BandwidthEstimator estimator = new BandwidthEstimator(history, START_BITRATE);
  private final TransportWideFeedback feedback = new TransportWideFeedback();
  private final LayerRate mediaRate = new LayerRate();
  private final byte[] value = new byte[2];
  private final byte[] padding = new byte[12 + 8 + PADDING_BYTES + 32];
  private final RtpPacket scratch = new RtpPacket();
  private volatile long desired;
  private long lastPaddingCheck;
  private double paddingBudgetBits;
  private long paddingSent;
  private long probeStartedAt = -1;
  private long lastProbeEnd;
  private long probeTarget;
  private long probes;

  /**
   * @param extensionId the transport-cc header extension id the receiver negotiated
   */
  SendSideBandwidth(int extensionId) {
    this.extensionId = extensionId;
  }

  /**
   * Gives a packet about to be sent the next transport-wide sequence number and records it.
   *
   * @param capacity how far the packet may grow if the extension must be added
   * @return the packet's length afterwards
   */
  int stamp(RtpPacket packet, int capacity, long now) {
    int sequence = history.sent(packet.length(), now);
    Bytes.putU16(value, 0, sequence);
    int at = packet.findExtension(extensionId);
    if (at >= 0 && packet.lastFoundLength() == 2) {
      Bytes.putU16(packet.buffer(), at, sequence);
    } else {
      packet.addExtension(extensionId, value, 0, 2, capacity);
    }
    return packet.length();
  }

  /** Counts media (not padding) sent, for the padding that fills up to the estimate. */
  void mediaSent(int length, long now) {
    mediaRate.add(length, now);
  }

  void onFeedback(byte[] buf, int off, int len, long now) {
    if (feedback.wrap(buf, off, len)) {
      estimator.onFeedback(feedback, now);
    }
  }

  long estimate() {
    return estimator.estimate();
  }

  long rttNanos() {
    return estimator.rttNanos();
  }

  /** What the receiver's constraints would have it receive, before the estimate caps it. */
  void desired(long bitsPerSecond) {
    this.desired = bitsPerSecond;
  }

  long paddingSent() {
    return paddingSent;
  }

  /** Probe clusters sent so far. */
  long probes() {
    return probes;
  }

  /**
   * While the receiver wants more than the estimate, sends padding so that media plus padding run
   * at the estimate. Padding goes on the RTX stream of the receiver's first video slot, as
   * padding-only RTX packets that browsers discard after counting them.
   */
  void pad(ConferenceRouter.Participant to, long now) {
    if (now - lastPaddingCheck < PADDING_CHECK_NANOS) {
      return;
    }
    long elapsed = now - lastPaddingCheck;
    lastPaddingCheck = now;
    if (lastProbeEnd == 0) {
      lastProbeEnd = now; // the first probe comes a few seconds after the leg starts
    }
    long estimate = estimator.estimate();
    boolean wantsMore = desired > estimate && to.negotiated().rtxPayloadType() >= 0;
    if (probeStartedAt >= 0 && now - probeStartedAt >= PROBE_NANOS) {
      estimator.probeEnded();
      probeStartedAt = -1;
      lastProbeEnd = now;
    } else if (probeStartedAt < 0 && wantsMore && now - lastProbeEnd >= PROBE_INTERVAL_NANOS) {
      probeStartedAt = now;
      probeTarget = Math.min(Math.max(desired, estimate * 3 / 2), estimate * 2);
      estimator.probeStarted();
      probes++;
    }
    if (!wantsMore && probeStartedAt < 0) {
      paddingBudgetBits = 0;
      return;
    }
    long fill = (probeStartedAt >= 0 ? probeTarget : estimate) - mediaRate.bitrate();
    if (fill <= 0) {
      paddingBudgetBits = 0;
      return;
    }
    paddingBudgetBits =
        Math.min(paddingBudgetBits + fill * Math.min(elapsed, 100_000_000L) / 1e9, fill * 0.05);
    List<Long> slots = to.negotiated().videoSlotSsrcs();
    Long rtxSsrc = slots.isEmpty() ? null : to.negotiated().rtxSsrcBySlot().get(slots.get(0));
    if (rtxSsrc == null) {
      return;
    }
    int packetBits = (12 + 8 + PADDING_BYTES) * 8;
    while (paddingBudgetBits >= packetBits) {
      paddingBudgetBits -= packetBits;
      sendPadding(to, slots.get(0), rtxSsrc, now);
    }
  }

  private void sendPadding(ConferenceRouter.Participant to, long slotSsrc, long rtxSsrc, long now) {
    java.util.Arrays.fill(padding, (byte) 0);
    padding[0] = (byte) 0xA0; // V=2, P
    padding[1] = (byte) (to.negotiated().rtxPayloadType() & 0x7f);
    Bytes.putU16(padding, 2, to.nextRtxSequence(slotSsrc));
    Bytes.putU32(padding, 8, rtxSsrc);
    int length = 12 + PADDING_BYTES;
    padding[length - 1] = (byte) PADDING_BYTES;
    if (!scratch.wrap(padding, 0, length)) {
      return;
    }
    int stamped = stamp(scratch, padding.length - 32, now);
    try {
      if (to.transport().sendRtp(padding, 0, stamped)) {
        paddingSent++;
      }
    } catch (GeneralSecurityException e) {
      LOG.log(Level.FINE, "could not send padding", e);
    }
  }
}
