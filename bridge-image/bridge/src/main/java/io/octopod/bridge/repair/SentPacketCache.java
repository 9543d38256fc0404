package io.octopod.bridge.repair;

/**
 * The last packets sent on one outgoing stream, as they were sent (rewritten, not yet encrypted),
 * so that a receiver's NACK is answered by this bridge instead of travelling to the sender. Bounded
 * by count (a ring indexed by sequence number) and by age: a packet older than the receiver's
 * jitter buffer can hold is of no use, and resending it only adds load.
 *
 * <p>Buffers are allocated on first use of a ring entry and reused afterwards, so a busy stream
 * stops allocating once the ring has gone round once. Not thread-safe: one media thread owns it.
 */
public final class SentPacketCache {

  /**
   * Entries; a power of two. 512 packets hold a second (the age limit below) of a 5 Mbit/s layer;
   * more would only be memory: each video slot of each receiver has a cache, and a full one holds
   * CAPACITY buffers of 1,200 bytes (1,024 made 1.2 MB per slot, 10 MB per grid receiver).
   */
  public static final int CAPACITY = 512;

  /** Older packets are not resent. */
  public static final long MAX_AGE_NANOS = 1_000_000_000L;

  private final byte[][] data = new byte[CAPACITY][];
  private final int[] lengths = new int[CAPACITY];
  private final int[] sequences = new int[CAPACITY];
  private final long[] storedAt = new long[CAPACITY];
  private final long[] resentAt = new long[CAPACITY];

  public SentPacketCache() {
    java.util.Arrays.fill(sequences, -1);
  }

  /** Keeps a copy of a packet about to be sent with RTP sequence number {@code sequence}. */
  public void store(int sequence, byte[] buf, int off, int len, long now) {
    int i = sequence & (CAPACITY - 1);
    byte[] slot = data[i];
    if (slot == null || slot.length < len) {
      slot = new byte[Math.max(len, 1200)];
      data[i] = slot;
    }
    System.arraycopy(buf, off, slot, 0, len);
    lengths[i] = len;
    sequences[i] = sequence;
    storedAt[i] = now;
    resentAt[i] = Long.MIN_VALUE / 2;
  }

  /**
   * Looks a packet up for a retransmission.
   *
   * @return its ring index, or -1 when it was never stored, was overwritten, or is too old
   */
  public int find(int sequence, long now) {
    int i = sequence & (CAPACITY - 1);
    if (sequences[i] != sequence || now - storedAt[i] > MAX_AGE_NANOS) {
      return -1;
    }
    return i;
  }

  /**
   * Whether the packet at {@code index} may be resent now: not if it was already resent within
   * {@code guardNanos} (about one round trip), since the first copy may still be on its way.
   * Records the resend when it is allowed.
   */
  public boolean claimResend(int index, long now, long guardNanos) {
    if (now - resentAt[index] < guardNanos) {
      return false;
    }
    resentAt[index] = now;
    return true;
  }

  public byte[] buffer(int index) {
    return data[index];
  }

  public int length(int index) {
    return lengths[index];
  }
}
