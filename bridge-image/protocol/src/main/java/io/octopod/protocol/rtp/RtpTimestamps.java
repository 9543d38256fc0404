package io.octopod.protocol.rtp;

/** Arithmetic on 32-bit RTP timestamps, which wrap (RFC 3550 §5.1). */
public final class RtpTimestamps {

  private RtpTimestamps() {}

  /** {@code a - b} as the shortest signed distance. */
  public static long diff(long a, long b) {
    return (int) (a - b);
  }

  public static boolean isNewer(long a, long b) {
    return diff(a, b) > 0;
  }

  /** {@code timestamp + delta}, wrapped to 32 bits. */
  public static long add(long timestamp, long delta) {
    return (timestamp + delta) & 0xffff_ffffL;
  }
}
