package io.octopod.bridge.bwe;

/**
 * The delay-based half of Google Congestion Control (draft-ietf-rmcat-gcc §5.3, and the trendline
 * filter libwebrtc uses): packets sent in 5 ms groups; for each pair of groups, how much longer the
 * gap was on arrival than on sending (queueing growth); those accumulated and smoothed; the slope
 * of a least-squares line over the last 20 points is the trend. A trend above an adaptive threshold
 * for more than 10 ms is overuse (a queue is building), below minus the threshold is underuse (a
 * queue is draining). Parameters are libwebrtc's defaults.
 */
public final class TrendlineDetector {

  /** What the delay signal says about the path. */
  public enum Signal {
    NORMAL,
    OVERUSING,
    UNDERUSING
  }

  private static final long GROUP_NANOS = 5_000_000L;
  private static final int WINDOW = 20;
  private static final double SMOOTHING = 0.9;
  private static final double GAIN = 4.0;
  private static final double K_UP = 0.0087;
  private static final double K_DOWN = 0.039;
  private static final double OVERUSE_MILLIS = 10;

  private final double[] xs = new double[WINDOW];
  private final double[] ys = new double[WINDOW];
  private int samples;
  private int deltas;
  private double accumulated;
  private double smoothed;
  private double firstArrivalMillis = -1;
  private double threshold = 12.5;
  private double previousTrend;
  private double overusingMillis = -1;
  private int overuseCount;
  private long lastThresholdUpdate = -1;
  private Signal signal = Signal.NORMAL;

  // the group being built and the last complete one
  private long groupFirstSend = Long.MIN_VALUE;
  private long groupLastSend;
  private long groupLastArrival;
  private long previousGroupSend = Long.MIN_VALUE;
  private long previousGroupArrival;

  /** Feeds one acknowledged packet, in send order; returns the current signal. */
  public Signal packet(long sentNanos, long arrivalNanos) {
    if (groupFirstSend == Long.MIN_VALUE) {
      startGroup(sentNanos, arrivalNanos);
      return signal;
    }
    if (sentNanos - groupFirstSend <= GROUP_NANOS) {
      groupLastSend = Math.max(groupLastSend, sentNanos);
      groupLastArrival = Math.max(groupLastArrival, arrivalNanos);
      return signal;
    }
    if (previousGroupSend != Long.MIN_VALUE) {
      double sendDelta = (groupLastSend - previousGroupSend) / 1e6;
      double arrivalDelta = (groupLastArrival - previousGroupArrival) / 1e6;
      // Like libwebrtc, the threshold adapts on the arrival clock, group by group.
      update(arrivalDelta - sendDelta, sendDelta, groupLastArrival / 1e6, groupLastArrival);
    }
    previousGroupSend = groupLastSend;
    previousGroupArrival = groupLastArrival;
    startGroup(sentNanos, arrivalNanos);
    return signal;
  }

  private void startGroup(long sent, long arrival) {
    groupFirstSend = sent;
    groupLastSend = sent;
    groupLastArrival = arrival;
  }

  private void update(double delayMillis, double sendDeltaMillis, double arrivalMillis, long now) {
    deltas = Math.min(deltas + 1, 1000);
    accumulated += delayMillis;
    smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
    if (firstArrivalMillis < 0) {
      firstArrivalMillis = arrivalMillis;
    }
    if (samples == WINDOW) {
      System.arraycopy(xs, 1, xs, 0, WINDOW - 1);
      System.arraycopy(ys, 1, ys, 0, WINDOW - 1);
      samples--;
    }
    xs[samples] = arrivalMillis - firstArrivalMillis;
    ys[samples] = smoothed;
    samples++;
    double trend = samples == WINDOW ? slope() : previousTrend;
    detect(trend, sendDeltaMillis, now);
  }

  private double slope() {
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < samples; i++) {
      meanX += xs[i];
      meanY += ys[i];
    }
    meanX /= samples;
    meanY /= samples;
    double num = 0;
    double den = 0;
    for (int i = 0; i < samples; i++) {
      num += (xs[i] - meanX) * (ys[i] - meanY);
      den += (xs[i] - meanX) * (xs[i] - meanX);
    }
    return den == 0 ? previousTrend : num / den;
  }

  private void detect(double trend, double sendDeltaMillis, long now) {
    double modified = Math.min(deltas, 60) * trend * GAIN;
    if (modified > threshold) {
      overusingMillis =
          overusingMillis < 0 ? sendDeltaMillis / 2 : overusingMillis + sendDeltaMillis;
      overuseCount++;
      if (overusingMillis > OVERUSE_MILLIS && overuseCount > 1 && trend >= previousTrend) {
        overusingMillis = 0;
        overuseCount = 0;
        signal = Signal.OVERUSING;
      }
    } else if (modified < -threshold) {
      overusingMillis = -1;
      overuseCount = 0;
      signal = Signal.UNDERUSING;
    } else {
      overusingMillis = -1;
      overuseCount = 0;
      signal = Signal.NORMAL;
    }
    previousTrend = trend;
    adaptThreshold(modified, now);
  }

  /** The threshold follows the trend slowly, so that a competing flow does not starve us. */
  private void adaptThreshold(double modified, long now) {
    if (lastThresholdUpdate < 0) {
      lastThresholdUpdate = now;
    }
    if (Math.abs(modified) > threshold + 15) {
      lastThresholdUpdate = now;
      return;
    }
    double k = Math.abs(modified) < threshold ? K_DOWN : K_UP;
    double elapsedMillis = Math.min((now - lastThresholdUpdate) / 1e6, 100);
    threshold += k * (Math.abs(modified) - threshold) * elapsedMillis;
    threshold = Math.max(6, Math.min(600, threshold));
    lastThresholdUpdate = now;
  }

  public Signal signal() {
    return signal;
  }

  /** The current adaptive threshold, in the trend's units (for tests and diagnostics). */
  public double threshold() {
    return threshold;
  }
}
