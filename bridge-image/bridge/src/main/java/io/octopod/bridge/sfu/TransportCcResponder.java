package io.octopod.bridge.sfu;

import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtcp.TransportWideFeedbackWriter;
import io.octopod.protocol.rtp.RtpPacket;

/**
 * Sends a sender transport-wide congestion control feedback (the answer negotiates {@code
 * transport-cc}): the arrival time of every packet by its transport-wide sequence number, every 50
 * ms. With it the browser's send-side estimator can ramp up to the upper simulcast layers; without
 * any feedback it stays at its start rate, which carries only the lowest layer.
 */
final class TransportCcResponder {

  /** Feedback interval; browsers expect one every 50-100 ms. */
  private static final long INTERVAL_MICROS = 50_000;

  private final int extensionId;
  private final TransportWideFeedbackWriter writer = new TransportWideFeedbackWriter();
  private final byte[] out = new byte[TransportWideFeedbackWriter.MAX_PACKETS * 4 + 64];
  private long mediaSsrc = -1;
  private int feedbackCount;
  private long lastSentMicros = -1;
  private boolean pending;
  private int highestSequence = -1;

  TransportCcResponder(int extensionId) {
    this.extensionId = extensionId;
  }

  /**
   * Records a received packet; returns the length of a feedback packet written into {@link
   * #feedback()} when one is due, else 0.
   */
  int received(RtpPacket rtp, long nowMicros) {
    int at = rtp.findExtension(extensionId);
    if (at < 0 || rtp.lastFoundLength() != 2) {
      return 0;
    }
    int sequence = Bytes.u16(rtp.buffer(), at);
    if (mediaSsrc < 0) {
      mediaSsrc = rtp.ssrc();
    }
    if (!pending) {
      writer.reset(1, mediaSsrc, sequence, nowMicros, feedbackCount);
      pending = true;
      highestSequence = sequence;
    }
    if (!writer.addReceived(sequence, nowMicros)) {
      // Out of order before the base, or too far: close this feedback and start the next.
      int n = flush(nowMicros);
      writer.reset(1, mediaSsrc, sequence, nowMicros, feedbackCount);
      pending = true;
      writer.addReceived(sequence, nowMicros);
      return n;
    }
    highestSequence = sequence;
    if (lastSentMicros < 0 || nowMicros - lastSentMicros >= INTERVAL_MICROS) {
      return flush(nowMicros);
    }
    return 0;
  }

  private int flush(long nowMicros) {
    lastSentMicros = nowMicros;
    pending = false;
    feedbackCount = (feedbackCount + 1) & 0xff;
    return writer.write(out, 0);
  }

  byte[] feedback() {
    return out;
  }
}
