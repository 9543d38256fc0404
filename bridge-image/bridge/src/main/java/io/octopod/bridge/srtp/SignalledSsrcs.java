package io.octopod.bridge.srtp;

import java.util.Arrays;

/**
 * The SSRCs an endpoint signalled in its offer ({@code a=ssrc}), which it may send on without
 * limit, or none known: then the session limits no SSRC (the client role, receiving from the bridge
 * it chose). Set from the control thread, read on the packet thread; a lookup allocates nothing.
 */
final class SignalledSsrcs {

  /**
   * The most SSRCs of one offer that count as signalled; later ones count as unsignalled. A browser
   * signals two per sending track (media and RTX), so 64 is far beyond a real offer; without it, an
   * offer of 1 MiB (what the control API takes) could name some 30,000 SSRCs, each then worth a
   * stream.
   */
  static final int LIMIT = 64;

  /** Sorted; null while no limit applies. */
  private volatile long[] sorted;

  /** Replaces the set: a new offer says everything the endpoint sends now. */
  void set(long[] ssrcs) {
    long[] copy = Arrays.copyOf(ssrcs, Math.min(ssrcs.length, LIMIT));
    Arrays.sort(copy);
    sorted = copy;
  }

  /** Whether SSRCs beyond the signalled ones are limited. */
  boolean limited() {
    return sorted != null;
  }

  boolean contains(long ssrc) {
    long[] s = sorted;
    return s != null && Arrays.binarySearch(s, ssrc) >= 0;
  }
}
