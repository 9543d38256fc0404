package io.octopod.bridge.sfu;

/**
 * The bitrate one incoming layer arrives at, over whole one-second windows, so that a receiver's
 * budget can be shared out by what layers really cost.
 */
final class LayerRate {

  private static final long WINDOW_NANOS = 1_000_000_000L;

  private long windowStart = -1;
  private long bytes;
  private volatile long bitrate;

  void add(int length, long now) {
    if (windowStart < 0) {
      windowStart = now;
    }
    bytes += length;
    long elapsed = now - windowStart;
    if (elapsed >= WINDOW_NANOS) {
      bitrate = bytes * 8 * 1_000_000_000L / elapsed;
      bytes = 0;
      windowStart = now;
    }
  }

  /** Bits per second over the last full window; 0 before the first. */
  long bitrate() {
    return bitrate;
  }
}
