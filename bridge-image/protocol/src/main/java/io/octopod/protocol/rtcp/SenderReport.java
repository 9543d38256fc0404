package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.i64;
import static io.octopod.protocol.Bytes.putI64;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

/**
 * Sender report, PT 200 (RFC 3550 §6.4.1).
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                  report block 1 .. RC (24 bytes each)         |
 * |                  profile-specific extensions                  |
 * </pre>
 */
public final class SenderReport extends ReportPacket {

  public static final int FIXED_LENGTH = 28;

  public SenderReport() {
    super(SR, FIXED_LENGTH, TOO_SHORT_FOR_BLOCKS);
  }

  static final String TOO_SHORT_FOR_BLOCKS =
      "SR is shorter than its sender info and report blocks (RFC 3550 6.4.1)";

  /** The 64-bit NTP timestamp: seconds since 1900 in the high word, fraction in the low. */
  public long ntpTimestamp() {
    return i64(buffer, offset + 8);
  }

  public long rtpTimestamp() {
    return u32(buffer, offset + 16);
  }

  public long packetCount() {
    return u32(buffer, offset + 20);
  }

  public long octetCount() {
    return u32(buffer, offset + 24);
  }

  /** Rewrites the sender SSRC and RTP timestamp in place, as a forwarding bridge does. */
  public void rewrite(long senderSsrc, long rtpTimestamp) {
    putU32(buffer, offset + 4, senderSsrc);
    putU32(buffer, offset + 16, rtpTimestamp);
  }

  /**
   * Writes an SR with no report blocks; add blocks with {@link ReportBlock#write} after it and then
   * {@link #setReportCount}.
   *
   * @return bytes written, {@link #FIXED_LENGTH}
   */
  public static int write(
      byte[] out,
      int at,
      long ssrc,
      long ntpTimestamp,
      long rtpTimestamp,
      long packetCount,
      long octetCount) {
    writeHeader(out, at, 0, SR, FIXED_LENGTH);
    putU32(out, at + 4, ssrc);
    putI64(out, at + 8, ntpTimestamp);
    putU32(out, at + 16, rtpTimestamp);
    putU32(out, at + 20, packetCount);
    putU32(out, at + 24, octetCount);
    return FIXED_LENGTH;
  }

  /**
   * Sets the report count and the length of an SR or RR written at {@code at} with {@code blocks}.
   */
  public static void setReportCount(byte[] out, int at, int blocks, int totalLength) {
    writeHeader(out, at, blocks, out[at + 1] & 0xff, totalLength);
  }
}
