package io.octopod.bridge.bwe;

import io.octopod.protocol.rtcp.TransportWideFeedback;

/**
 * A send-side bandwidth estimate for one receiver, from the transport-cc feedback on the packets
 * the bridge sent it, in the spirit of Google Congestion Control: the delay-based estimate ({@link
 * TrendlineDetector} driving {@link AimdRateControl}) bounded by the loss-based one ({@link
 * LossBasedControl}). Also measures the round trip from send time to feedback. Runs on the media
 * thread; {@link #estimate()} may be read from any.
 */
public final class BandwidthEstimator {

  public static final long MIN_BITRATE = 100_000;
  public static final long MAX_BITRATE = 20_000_000;

  private final SendHistory history;
  private final TrendlineDetector trendline = new TrendlineDetector();
  private final AimdRateControl delayBased;
  private final LossBasedControl lossBased;
  private final AckedBitrate acked = new AckedBitrate();
  private volatile long estimate;
  private volatile long rttNanos = -1;

  public BandwidthEstimator(SendHistory history, long startBitrate) {
    this.history = history;
    this.delayBased = new AimdRateControl(startBitrate, MIN_BITRATE, MAX_BITRATE);
    this.lossBased = new LossBasedControl(startBitrate, MIN_BITRATE, MAX_BITRATE);
    this.estimate = startBitrate;
  }

  /** Takes one transport-cc feedback packet (wrapped) received at {@code now}. */
  public void onFeedback(TransportWideFeedback feedback, long now) {
    feedback.restart();
    // Arrival times are on the receiver's clock; only their differences matter.
    long arrivalMicros =
        feedback.referenceTime() * TransportWideFeedback.REFERENCE_TIME_UNIT_MICROS;
    int reported = 0;
    int missing = 0;
    long newestSent = Long.MIN_VALUE;
    while (feedback.nextPacket()) {
      int index = history.find(feedback.sequence());
      if (!feedback.received()) {
        if (index >= 0) {
          reported++;
          missing++;
        }
        continue;
      }
      arrivalMicros += (long) feedback.deltaTicks() * TransportWideFeedback.DELTA_TICK_MICROS;
      if (index < 0) {
        continue;
      }
      reported++;
      long sent = history.sentAt(index);
      long arrival = arrivalMicros * 1000;
      acked.add(arrival, history.size(index));
      trendline.packet(sent, arrival, now);
      newestSent = Math.max(newestSent, sent);
    }
    if (newestSent != Long.MIN_VALUE) {
      long rtt = now - newestSent;
      rttNanos = rttNanos < 0 ? rtt : Math.min(rtt, (rttNanos * 7 + rtt) / 8);
    }
    long ackedBitrate = acked.bitrate();
    long delay = delayBased.update(trendline.signal(), ackedBitrate, now);
    long loss = lossBased.update(reported, missing, delay, now);
    estimate = Math.min(delay, loss);
  }

  /** The estimate in bits per second. */
  public long estimate() {
    return estimate;
  }

  /** The bitrate the receiver acknowledged over the last second. */
  public long ackedBitrate() {
    return acked.bitrate();
  }

  /**
   * Round trip from sending a packet to the feedback that reports it (it includes the receiver's
   * feedback interval, so it errs high); -1 before the first feedback.
   */
  public long rttNanos() {
    return rttNanos;
  }

  public TrendlineDetector.Signal signal() {
    return trendline.signal();
  }
}
