package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u32;

import io.octopod.protocol.Flyweight;

/**
 * The common header of one RTCP packet (RFC 3550 §6.4.1), and the base of the flyweights for each
 * packet type. Subclasses check their own layout in {@link #wrapBody()}. A view that wrapped
 * successfully never reads outside the packet it was given.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |   length (32-bit words - 1)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public class RtcpPacket extends Flyweight {

  public static final int SR = 200;
  public static final int RR = 201;
  public static final int SDES = 202;
  public static final int BYE = 203;
  public static final int APP = 204;

  /** Transport-layer feedback (RFC 4585 §6.2): generic NACK, transport-cc. */
  public static final int RTPFB = 205;

  /** Payload-specific feedback (RFC 4585 §6.3): PLI, FIR, REMB. */
  public static final int PSFB = 206;

  public static final int HEADER_LENGTH = 4;

  static final String TOO_SHORT = "shorter than the 4-byte RTCP header (RFC 3550 6.4.1)";
  static final String BAD_VERSION = "version is not 2 (RFC 3550 6.4.1)";
  static final String LENGTH_MISMATCH =
      "length field does not match the bytes given (RFC 3550 6.4.1)";
  static final String WRONG_TYPE = "packet type or FMT is not the one this view reads";
  static final String BAD_PADDING = "padding count is 0 or larger than the packet (RFC 3550 6.4.1)";

  /**
   * Points this view at exactly one RTCP packet ({@code length} = its length field + 1 words).
   *
   * @return false when the header or the type's layout is malformed; see {@link #invalidReason()}
   */
  public final boolean wrap(byte[] buffer, int offset, int length) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < HEADER_LENGTH) {
      return reject(TOO_SHORT);
    }
    if (((buffer[offset] & 0xff) >>> 6) != 2) {
      return reject(BAD_VERSION);
    }
    if ((u16(buffer, offset + 2) + 1) * 4 != length) {
      return reject(LENGTH_MISMATCH);
    }
    if ((buffer[offset] & 0x20) != 0) {
      int padding = buffer[offset + length - 1] & 0xff;
      if (padding == 0 || padding > length - HEADER_LENGTH) {
        return reject(BAD_PADDING);
      }
    }
    accept(buffer, offset, length);
    String problem = wrapBody();
    return problem == null || reject(problem);
  }

  /**
   * Points this view at the clear-text start of an SRTCP packet (RFC 3711 §3.4): only the header
   * and the sender SSRC are checked, because the rest, padding byte included, is still encrypted.
   * The transport reads {@link #senderSsrc()} to find the SRTP context before decrypting.
   *
   * @param length the bytes available; the first packet's declared length must fit in them
   */
  public final boolean wrapHeaderOnly(byte[] buffer, int offset, int length) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < HEADER_LENGTH + 4) {
      return reject(TOO_SHORT);
    }
    if (((buffer[offset] & 0xff) >>> 6) != 2) {
      return reject(BAD_VERSION);
    }
    int declared = (u16(buffer, offset + 2) + 1) * 4;
    if (declared < HEADER_LENGTH + 4 || declared > length) {
      return reject(LENGTH_MISMATCH);
    }
    return accept(buffer, offset, declared);
  }

  /** Checks the type-specific layout; returns null when fine, else a constant reason. */
  protected String wrapBody() {
    return null;
  }

  public final boolean hasPadding() {
    return (buffer[offset] & 0x20) != 0;
  }

  /** The padding bytes at the end of the packet, 0 without the P bit. */
  public final int paddingLength() {
    return hasPadding() ? buffer[offset + length - 1] & 0xff : 0;
  }

  /** The 5-bit field after P: the report count (SR, RR, SDES, BYE) or the FMT (feedback). */
  public final int countOrFormat() {
    return buffer[offset] & 0x1f;
  }

  public final int packetType() {
    return buffer[offset + 1] & 0xff;
  }

  /** The first word after the header: the sender's SSRC for SR, RR and feedback packets. */
  public final long senderSsrc() {
    return u32(buffer, offset + 4);
  }

  /** Writes a header with V=2, no padding, and the length field for {@code totalLength} bytes. */
  static void writeHeader(byte[] out, int at, int countOrFormat, int packetType, int totalLength) {
    out[at] = (byte) (0x80 | (countOrFormat & 0x1f));
    out[at + 1] = (byte) packetType;
    putU16(out, at + 2, totalLength / 4 - 1);
  }
}
