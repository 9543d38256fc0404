package io.octopod.protocol.rtp;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u16;

/**
 * RTX packets (RFC 4588 §4): a retransmission travels on its own SSRC and payload type with its own
 * sequence numbers, and carries the original sequence number (OSN) in the first two payload bytes,
 * so that receivers can tell retransmissions apart from the original stream and keep loss
 * statistics right. The header (CSRCs, extensions, marker, timestamp) is kept.
 *
 * <pre>
 * | RTP header of the RTX stream (SSRC, PT, SN of the RTX stream)  |
 * |            OSN                |  original payload ...          |
 * </pre>
 */
public final class Retransmission {

  public static final int OSN_LENGTH = 2;

  private Retransmission() {}

  /**
   * Writes the RTX packet for {@code original} into {@code out} at 0; padding is dropped.
   *
   * @param original a wrapped packet of the original stream
   * @param out room for {@code original.length() + 2}
   * @return the RTX packet's length
   */
  public static int encapsulate(
      RtpPacket original, byte[] out, int rtxPayloadType, long rtxSsrc, int rtxSequence) {
    int header = original.headerLength();
    int payload = original.payloadLength();
    System.arraycopy(original.buffer(), original.offset(), out, 0, header);
    putU16(out, header, original.sequenceNumber());
    System.arraycopy(original.buffer(), original.payloadOffset(), out, header + 2, payload);
    out[0] &= (byte) ~0x20; // no padding
    out[1] = (byte) ((out[1] & 0x80) | (rtxPayloadType & 0x7f));
    putU16(out, 2, rtxSequence & 0xffff);
    putU32(out, 8, rtxSsrc);
    return header + OSN_LENGTH + payload;
  }

  /**
   * Restores the original packet from a wrapped RTX packet into {@code out} at 0; padding is
   * dropped.
   *
   * @return the original packet's length, or -1 when the RTX packet has no OSN (a padding-only
   *     probe)
   */
  public static int decapsulate(RtpPacket rtx, byte[] out, int payloadType, long ssrc) {
    int payload = rtx.payloadLength() - OSN_LENGTH;
    if (payload < 0) {
      return -1;
    }
    int header = rtx.headerLength();
    int osn = u16(rtx.buffer(), rtx.payloadOffset());
    System.arraycopy(rtx.buffer(), rtx.offset(), out, 0, header);
    System.arraycopy(rtx.buffer(), rtx.payloadOffset() + OSN_LENGTH, out, header, payload);
    out[0] &= (byte) ~0x20;
    out[1] = (byte) ((out[1] & 0x80) | (payloadType & 0x7f));
    putU16(out, 2, osn);
    putU32(out, 8, ssrc);
    return header + payload;
  }
}
