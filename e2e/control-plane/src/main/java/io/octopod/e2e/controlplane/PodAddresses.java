package io.octopod.e2e.controlplane;

import java.util.BitSet;

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

  public synchronized String allocate() {
    int next = used.nextClearBit(FIRST);
    if (next > LAST) {
      throw new IllegalStateException("no free pod address left in 127.0.0.10-250");
    }
    used.set(next);
    return "127.0.0." + next;
  }

  public synchronized void release(String address) {
    int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
    used.clear(last);
  }
}
