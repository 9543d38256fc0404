package io.octopod.bridge.bwe;

/**
 * The loss-based half of Google Congestion Control (draft-ietf-rmcat-gcc §6), evaluated about once
 * a second: more than 10% of packets lost cuts the rate by half the loss fraction; under 2% it
 * grows by 8% (up to the delay-based estimate); in between it holds. It is the upper bound that
 * catches loss on a link whose queue does not grow delay (a policer, a lossy radio).
 */
public final class LossBasedControl {

  private static final long UPDATE_NANOS = 1_000_000_000L;

  private final long min;
  private final long max;
  private long estimate;
  private long lastUpdate = -1;
  private long lost;
  private long total;

  public LossBasedControl(long start, long min, long max) {
    this.estimate = start;
    this.min = min;
    this.max = max;
  }

  /** Counts one feedback's packets: how many were reported, how many of them lost. */
  public long update(int reported, int missing, long delayBased, long now) {
    total += reported;
    lost += missing;
    if (lastUpdate < 0) {
      lastUpdate = now;
    }
    if (now - lastUpdate < UPDATE_NANOS || total < 20) {
      return estimate;
    }
    double fraction = (double) lost / total;
    if (fraction > 0.10) {
      estimate = (long) (estimate * (1 - 0.5 * fraction));
    } else if (fraction < 0.02) {
      estimate = Math.min((long) (estimate * 1.08), Math.max(estimate, delayBased));
    }
    estimate = Math.max(min, Math.min(max, estimate));
    lost = 0;
    total = 0;
    lastUpdate = now;
    return estimate;
  }

  public long estimate() {
    return estimate;
  }

  /** A probe crossed the path without loss at {@code bitrate}. */
  public void raiseTo(long bitrate) {
    estimate = Math.max(estimate, Math.min(max, bitrate));
  }
}
