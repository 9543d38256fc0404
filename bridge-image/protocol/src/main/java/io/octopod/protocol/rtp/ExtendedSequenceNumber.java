package io.octopod.protocol.rtp;

/**
 * Unwraps 16-bit sequence numbers of one stream into a 64-bit count that does not wrap: the cycle
 * count of RFC 3550 §A.1 in the high bits. A packet older than the newest seen (reordered or
 * retransmitted) maps into the cycle it belongs to, even across a wrap.
 */
public final class ExtendedSequenceNumber {

  private long highest = -1;

  /** The extended value of {@code sequence}; updates the highest seen when it is newer. */
  public long update(int sequence) {
    if (highest < 0) {
      highest = sequence;
      return highest;
    }
    long extended = highest + SequenceNumbers.diff(sequence, (int) (highest & 0xffff));
    if (extended > highest) {
      highest = extended;
    }
    return extended;
  }

  /** The highest extended sequence number seen, or -1 before the first. */
  public long highest() {
    return highest;
  }
}
