package io.octopod.bridge.bwe;

/**
 * What the bridge sent to one receiver, by transport-wide sequence number: when and how big, so
 * that the receiver's transport-cc feedback (arrival times by sequence number) can be matched back.
 * A ring: entries older than {@link #CAPACITY} packets are forgotten. Not thread-safe.
 */
public final class SendHistory {

  /** About 10 s at 800 packets/s; feedback comes within a second. */
  public static final int CAPACITY = 8192;

  private final int[] sequences = new int[CAPACITY];
  private final long[] sentAt = new long[CAPACITY];
  private final int[] sizes = new int[CAPACITY];
  private int next;

  public SendHistory() {
    java.util.Arrays.fill(sequences, -1);
  }

  /** Allocates the next transport-wide sequence number for a packet sent now. */
  public int sent(int size, long nowNanos) {
    int sequence = next;
    next = (next + 1) & 0xffff;
    int i = sequence & (CAPACITY - 1);
    sequences[i] = sequence;
    sentAt[i] = nowNanos;
    sizes[i] = size;
    return sequence;
  }

  /** The sequence number the next packet will get. */
  public int nextSequence() {
    return next;
  }

  /** The ring index of a sent packet, or -1 when it is unknown or forgotten. */
  public int find(int sequence) {
    int i = sequence & (CAPACITY - 1);
    return sequences[i] == sequence ? i : -1;
  }

  public long sentAt(int index) {
    return sentAt[index];
  }

  public int size(int index) {
    return sizes[index];
  }
}
