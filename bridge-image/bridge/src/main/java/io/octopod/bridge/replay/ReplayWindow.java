package io.octopod.bridge.replay;

/**
 * A receiver's replay list (RFC 3711 §3.3.2, and the same idea for Octo): the highest index
 * accepted and a bitmap of the {@code size} indexes behind it. Checking does not change it; only a
 * packet that authenticated is recorded, so a forged packet can't move the window. Not thread-safe:
 * one packet thread owns it.
 */
public final class ReplayWindow {

  /** RFC 3711's minimum, and what SRTP uses. */
  public static final int SRTP_SIZE = 64;

  public enum Verdict {
    NEW,
    REPLAYED,
    TOO_OLD
  }

  private final int size;

  /** Bit {@code index % size} says whether that index was accepted (for indexes in the window). */
  private final long[] seen;

  private long highest = -1;

  /** A 64-packet window. */
  public ReplayWindow() {
    this(SRTP_SIZE);
  }

  /**
   * @param size packets remembered behind the highest; a multiple of 64
   */
  public ReplayWindow(int size) {
    if (size < 64 || size % 64 != 0) {
      throw new IllegalArgumentException("replay window size must be a multiple of 64: " + size);
    }
    this.size = size;
    this.seen = new long[size / 64];
  }

  public Verdict check(long index) {
    if (highest < 0 || index > highest) {
      return Verdict.NEW;
    }
    if (highest - index >= size) {
      return Verdict.TOO_OLD;
    }
    return bit(index) ? Verdict.REPLAYED : Verdict.NEW;
  }

  public void record(long index) {
    if (highest >= 0 && highest - index >= size) {
      return; // outside the window: its slot now belongs to a newer index
    }
    if (highest < 0 || index - highest >= size) {
      java.util.Arrays.fill(seen, 0);
      highest = index;
    } else if (index > highest) {
      // The indexes skipped over enter the window unseen.
      for (long i = highest + 1; i < index; i++) {
        clear(i);
      }
      highest = index;
    }
    set(index);
  }

  private boolean bit(long index) {
    int i = (int) Math.floorMod(index, (long) size);
    return (seen[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private void set(long index) {
    int i = (int) Math.floorMod(index, (long) size);
    seen[i >>> 6] |= 1L << (i & 63);
  }

  private void clear(long index) {
    int i = (int) Math.floorMod(index, (long) size);
    seen[i >>> 6] &= ~(1L << (i & 63));
  }
}
