package io.octopod.bridge.bwe;

/**
 * The bitrate a receiver actually got: bytes of acknowledged packets over the last second of their
 * arrival times.
 */
final class AckedBitrate {

  private static final long WINDOW_NANOS = 1_000_000_000L;
  private static final int CAPACITY = 4096;

  private final long[] arrivals = new long[CAPACITY];
  private final int[] sizes = new int[CAPACITY];
  private int head;
  private int count;
  private long bytes;

  void add(long arrivalNanos, int size) {
    if (count == CAPACITY) {
      drop();
    }
    int i = (head + count) % CAPACITY;
    arrivals[i] = arrivalNanos;
    sizes[i] = size;
    count++;
    bytes += size;
    long newest = arrivalNanos;
    while (count > 0 && newest - arrivals[head] > WINDOW_NANOS) {
      drop();
    }
  }

  private void drop() {
    bytes -= sizes[head];
    head = (head + 1) % CAPACITY;
    count--;
  }

  /** Bits per second; 0 until the window spans at least 200 ms. */
  long bitrate() {
    if (count < 2) {
      return 0;
    }
    long span = arrivals[(head + count - 1) % CAPACITY] - arrivals[head];
    if (span < 200_000_000L) {
      return 0;
    }
    return bytes * 8 * 1_000_000_000L / span;
  }
}
