package io.octopod.bridge.bwe;

import io.octopod.protocol.rtcp.TransportWideFeedback;
import io.octopod.protocol.rtp.SequenceNumbers;

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

  // The probe cluster in flight: sequence range, and what its feedback showed so far.
  private int probeFirst = -1;
  private int probeLast = -1;
  private long probeBytes;
  private long probeFirstArrival;
  private long probeLastArrival;
  private int probeReceived;
  private int probeLost;
  private int probeHighestReported = -1;
  private long lastProbeResult;

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
      boolean inProbe = inProbe(feedback.sequence());
      if (!feedback.received()) {
        if (index >= 0) {
          reported++;
          missing++;
          probeLost += inProbe ? 1 : 0;
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
      if (inProbe) {
        probeArrived(arrival, history.size(index));
      }
      acked.add(arrival, history.size(index));
      trendline.packet(sent, arrival);
      newestSent = Math.max(newestSent, sent);
    }
    if (newestSent != Long.MIN_VALUE) {
      long rtt = now - newestSent;
      rttNanos = rttNanos < 0 ? rtt : Math.min(rtt, (rttNanos * 7 + rtt) / 8);
    }
    long ackedBitrate = acked.bitrate();
    finishProbe();
    long delay = delayBased.update(trendline.signal(), ackedBitrate, now);
    long loss = lossBased.update(reported, missing, delay, now);
    estimate = Math.min(delay, loss);
  }

  /** The packets from the next one sent on form a probe cluster. */
  public void probeStarted() {
    probeFirst = history.nextSequence();
    probeLast = -1;
    probeBytes = 0;
    probeReceived = 0;
    probeLost = 0;
    probeHighestReported = -1;
  }

  /** The probe cluster ended with the last packet sent. */
  public void probeEnded() {
    if (probeFirst >= 0) {
      probeLast = (history.nextSequence() - 1) & 0xffff;
    }
  }

  /** The rate the last probe cluster arrived at, 0 before any. */
  public long lastProbeResult() {
    return lastProbeResult;
  }

  private boolean inProbe(int sequence) {
    if (probeFirst < 0 || SequenceNumbers.diff(sequence, probeFirst) < 0) {
      return false;
    }
    if (probeHighestReported < 0 || SequenceNumbers.isNewer(sequence, probeHighestReported)) {
      probeHighestReported = sequence;
    }
    return probeLast < 0 || SequenceNumbers.diff(sequence, probeLast) <= 0;
  }

  private void probeArrived(long arrival, int size) {
    if (probeReceived == 0) {
      probeFirstArrival = arrival;
      probeLastArrival = arrival;
    } else {
      // The first packet's bytes arrived before its arrival time: count from the second on.
      probeBytes += size;
      probeFirstArrival = Math.min(probeFirstArrival, arrival);
      probeLastArrival = Math.max(probeLastArrival, arrival);
    }
    probeReceived++;
  }

  /**
   * Once feedback covers the whole cluster: the rate it arrived at is what the path carried. If
   * little of it was lost and it beat the estimate, the estimate starts from 95% of it.
   */
  private void finishProbe() {
    if (probeFirst < 0
        || probeLast < 0
        || probeHighestReported < 0
        || SequenceNumbers.diff(probeHighestReported, probeLast) < 0) {
      return;
    }
    long span = probeLastArrival - probeFirstArrival;
    if (probeReceived >= 5 && span > 0 && probeLost * 10 < probeReceived + probeLost) {
      lastProbeResult = probeBytes * 8 * 1_000_000_000L / span;
      long raised = lastProbeResult * 95 / 100;
      if (raised > estimate) {
        delayBased.raiseTo(raised);
        lossBased.raiseTo(raised);
      }
    }
    probeFirst = -1;
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
