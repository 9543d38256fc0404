package io.octopod.bridge.bwe;

/**
 * The rate controller of Google Congestion Control (draft-ietf-rmcat-gcc §5.5): on overuse the
 * estimate drops to 85% of what the receiver actually got; while the path is normal it grows by 8%
 * a second; on underuse it holds, since the queue is draining and the last rate was already too
 * high. Growth is capped at 1.5 times the acknowledged rate plus 10 kbit/s, so an estimate never
 * runs far ahead of what was actually carried (probing lifts the acknowledged rate).
 */
public final class AimdRateControl {

  private static final double BETA = 0.85;
  private static final double GROWTH_PER_SECOND = 1.08;

  private final long min;
  private final long max;
  private long estimate;
  private long lastUpdate = -1;

  public AimdRateControl(long start, long min, long max) {
    this.estimate = start;
    this.min = min;
    this.max = max;
  }

  /**
   * @param acked the bitrate the receiver acknowledged recently, or 0 when not known yet
   * @return the new estimate
   */
  public long update(TrendlineDetector.Signal signal, long acked, long now) {
    double seconds = lastUpdate < 0 ? 0 : Math.min((now - lastUpdate) / 1e9, 1.0);
    lastUpdate = now;
    switch (signal) {
      case OVERUSING -> {
        long base = acked > 0 ? acked : estimate;
        estimate = Math.min(estimate, (long) (BETA * base));
      }
      case NORMAL -> {
        long grown = (long) (estimate * Math.pow(GROWTH_PER_SECOND, seconds));
        long cap = acked > 0 ? (long) (1.5 * acked) + 10_000 : Long.MAX_VALUE;
        estimate = Math.max(estimate, Math.min(grown, cap));
      }
      case UNDERUSING -> {
        // hold
      }
    }
    estimate = Math.max(min, Math.min(max, estimate));
    return estimate;
  }

  public long estimate() {
    return estimate;
  }

  /** A probe showed the path carries {@code bitrate}: the estimate starts from there. */
  public void raiseTo(long bitrate) {
    estimate = Math.max(estimate, Math.min(max, bitrate));
  }
}
