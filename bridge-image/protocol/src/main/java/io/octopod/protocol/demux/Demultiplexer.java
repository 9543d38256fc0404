package io.octopod.protocol.demux;

/**
 * Classifies a datagram on the one UDP port that carries STUN, DTLS, SRTP and SRTCP (RFC 7983 §7):
 *
 * <pre>
 *   first byte 0..3     STUN
 *   first byte 20..63   DTLS
 *   first byte 128..191 RTP or RTCP; RTCP when the second byte (with the marker bit) is 192..223,
 *                       i.e. RTCP packet types 192-223 overlap no RTP payload type 64-95 with the
 *                       marker set (RFC 5761 §4)
 *   anything else       unknown: dropped and counted by the caller
 * </pre>
 *
 * The checks include the minimum length of each protocol's header, so that a one-byte datagram is
 * never classified as something a parser would then choke on.
 */
public final class Demultiplexer {

  private Demultiplexer() {}

  public static PacketKind classify(byte[] buffer, int offset, int length) {
    if (length < 1) {
      return PacketKind.UNKNOWN;
    }
    int first = buffer[offset] & 0xff;
    if (first <= 3) {
      return length >= 20 ? PacketKind.STUN : PacketKind.UNKNOWN;
    }
    if (first >= 20 && first <= 63) {
      return length >= 13 ? PacketKind.DTLS : PacketKind.UNKNOWN;
    }
    if (first >= 128 && first <= 191) {
      if (length < 8) {
        return PacketKind.UNKNOWN;
      }
      return isRtcpPacketType(buffer[offset + 1] & 0xff)
          ? PacketKind.RTCP
          : (length >= 12 ? PacketKind.RTP : PacketKind.UNKNOWN);
    }
    return PacketKind.UNKNOWN;
  }

  public static boolean isStun(byte[] buffer, int offset, int length) {
    return classify(buffer, offset, length) == PacketKind.STUN;
  }

  public static boolean isDtls(byte[] buffer, int offset, int length) {
    return classify(buffer, offset, length) == PacketKind.DTLS;
  }

  /**
   * RTCP packet types 192-223 (RFC 5761 §4): FIR/NACK (192, 193), SR..APP (200-204), FB (205-207).
   */
  public static boolean isRtcpPacketType(int secondByte) {
    return secondByte >= 192 && secondByte <= 223;
  }
}
