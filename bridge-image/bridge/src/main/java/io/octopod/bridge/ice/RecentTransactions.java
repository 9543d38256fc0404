package io.octopod.bridge.ice;

/**
 * The transaction ids of the last {@link #CAPACITY} authenticated checks an agent followed, to tell
 * a fresh check from a copy of an old one. A short-term-credential binding request carries no nonce
 * or time, so a copy sent again from another address authenticates just as well as the original;
 * its transaction id (covered by MESSAGE-INTEGRITY) is the only thing that gives it away.
 *
 * <p>Bounded so an endpoint's memory stays fixed (3 KB): a ring, oldest overwritten first. A linear
 * scan is fine at the rate checks arrive (a few per second per candidate pair). Not thread-safe: an
 * agent's checks arrive on the media port's one thread.
 */
final class RecentTransactions {

  /**
   * How many ids are remembered. Chromium checks a stable selected pair every 2.5 s and others less
   * often, so 256 covers minutes of checks, well past the 30 s a consent lasts (RFC 7675 §5.1).
   */
  static final int CAPACITY = 256;

  private static final int ID_LENGTH = 12;

  private final byte[] ids = new byte[CAPACITY * ID_LENGTH];
  private int size;
  private int next;

  /**
   * Remembers the 12-byte id at {@code offset}.
   *
   * @return false when it was already remembered (then nothing changes)
   */
  boolean add(byte[] buffer, int offset) {
    if (contains(buffer, offset)) {
      return false;
    }
    System.arraycopy(buffer, offset, ids, next * ID_LENGTH, ID_LENGTH);
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
    return true;
  }

  private boolean contains(byte[] buffer, int offset) {
    for (int i = 0; i < size; i++) {
      int at = i * ID_LENGTH;
      int j = 0;
      while (j < ID_LENGTH && ids[at + j] == buffer[offset + j]) {
        j++;
      }
      if (j == ID_LENGTH) {
        return true;
      }
    }
    return false;
  }
}
