package io.octopod.loadgen;

/**
 * Loss on one received RTP stream over a measuring window, the way an RTP receiver reports it (RFC
 * 3550 A.3): packets expected from the extended sequence range seen, minus packets received.
 * Duplicates are not subtracted; a reordered packet inside the range counts as received.
 */
final class SequenceTracker {

  private boolean started;
  private long base;
  private long highest;
  private long received;

  void received(int sequence) {
    if (!started) {
      started = true;
      base = sequence;
      highest = sequence;
      received = 1;
      return;
    }
    // Extend to the value nearest the highest seen, so the counter survives wrapping at 65,536.
    long candidate = (highest & ~0xffffL) | sequence;
    if (candidate < highest - 0x8000) {
      candidate += 0x10000;
    } else if (candidate > highest + 0x8000) {
      candidate -= 0x10000;
    }
    if (candidate > highest) {
      highest = candidate;
    }
    if (candidate < base) {
      base = candidate;
    }
    received++;
  }

  long expected() {
    return started ? highest - base + 1 : 0;
  }

  long received() {
    return received;
  }

  long lost() {
    return Math.max(0, expected() - received);
  }

  /** Starts a new window at the next packet. */
  void reset() {
    started = false;
    received = 0;
  }
}
