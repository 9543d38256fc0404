package io.octopod.protocol.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers, which wrap from 65535 to 0 (RFC 3550 §A.1). Two
 * numbers are compared by their shortest distance on the circle, so 1 is newer than 65535.
 */
public final class SequenceNumbers {

  private SequenceNumbers() {}

  /** {@code a - b} as the shortest signed distance, in {@code [-32768, 32767]}. */
  public static int diff(int a, int b) {
    return (short) (a - b);
  }

  /** Whether {@code a} comes after {@code b}. */
  public static boolean isNewer(int a, int b) {
    return diff(a, b) > 0;
  }

  /** {@code sequence + delta}, wrapped to 16 bits. */
  public static int add(int sequence, int delta) {
    return (sequence + delta) & 0xffff;
  }
}
