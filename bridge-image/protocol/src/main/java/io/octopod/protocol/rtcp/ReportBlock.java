package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.i32;
import static io.octopod.protocol.Bytes.putI32;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_n (source identifier)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 */
public final class ReportBlock {

  public static final int LENGTH = 24;

  private byte[] buffer;
  private int at;

  void position(byte[] buffer, int at) {
    this.buffer = buffer;
    this.at = at;
  }

  public long ssrc() {
    return u32(buffer, at);
  }

  /** Fraction lost since the previous report, in 1/256 units. */
  public int fractionLost() {
    return buffer[at + 4] & 0xff;
  }

  /** Cumulative packets lost: a signed 24-bit value (duplicates can make it negative). */
  public int cumulativeLost() {
    return i32(buffer, at + 4) << 8 >> 8;
  }

  public long extendedHighestSequence() {
    return u32(buffer, at + 8);
  }

  public long jitter() {
    return u32(buffer, at + 12);
  }

  public long lastSenderReport() {
    return u32(buffer, at + 16);
  }

  /** Delay since the last SR, in 1/65536 seconds. */
  public long delaySinceLastSenderReport() {
    return u32(buffer, at + 20);
  }

  /** Writes a block at {@code at}; returns {@link #LENGTH}. */
  public static int write(
      byte[] out,
      int at,
      long ssrc,
      int fractionLost,
      int cumulativeLost,
      long extendedHighestSequence,
      long jitter,
      long lastSenderReport,
      long delaySinceLastSenderReport) {
    putU32(out, at, ssrc);
    int clamped = Math.max(-0x800000, Math.min(0x7fffff, cumulativeLost));
    putI32(out, at + 4, (fractionLost & 0xff) << 24 | (clamped & 0xffffff));
    putU32(out, at + 8, extendedHighestSequence);
    putU32(out, at + 12, jitter);
    putU32(out, at + 16, lastSenderReport);
    putU32(out, at + 20, delaySinceLastSenderReport);
    return LENGTH;
  }
}
