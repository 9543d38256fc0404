package io.octopod.e2e.controlplane;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out pod addresses: distinct loopback addresses 127.0.0.10 to 127.0.0.250, which Linux
 * routes to lo without configuration, so each pod can bind its own ports like in a pod network. One
 * pool serves every cluster in the JVM ({@link #shared()}), so that two clusters side by side
 * (peered clusters in one test) never give two pods the same address.
 */
public final class PodAddresses {

  private static final PodAddresses SHARED = new PodAddresses();

  /** The JVM's pool. */
  public static PodAddresses shared() {
    return SHARED;
  }

  private static final int FIRST = 10;
  private static final int LAST = 250;

  private final BitSet used = new BitSet();

  /**
   * Starts at a random address: test JVMs run side by side on one machine (parallel builds), each
   * with its own pool, and two starting at the same address would give two pods one address.
   */
  private int cursor = FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST + 1);

  /**
   * The next free address after the last one handed out, wrapping around: an address just released
   * is not given out again at once, as IPAM in a cluster avoids, because the process that had it
   * may still hold its ports for a moment (a killed pod, a cluster being torn down).
   */
  public synchronized String allocate() {
    for (int i = 0; i <= LAST - FIRST; i++) {
      int candidate = FIRST + (cursor - FIRST + i) % (LAST - FIRST + 1);
      if (!used.get(candidate)) {
        used.set(candidate);
        cursor = candidate + 1 > LAST ? FIRST : candidate + 1;
        return "127.0.0." + candidate;
      }
    }
    throw new IllegalStateException("no free pod address left in 127.0.0.10-250");
  }

  public synchronized void release(String address) {
    int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
    used.clear(last);
  }
}
