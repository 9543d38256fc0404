package io.octopod.protocol.stun;

import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u32;

import io.octopod.protocol.Flyweight;
import java.util.zip.CRC32;

/**
 * A reusable view of one STUN message (RFC 8489 §5, §14) in a caller's buffer. {@link #wrap} checks
 * the header and that every attribute's TLV fits, so attribute reads stay in bounds.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Magic Cookie = 0x2112A442                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Transaction ID (96 bits)                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |  attributes,
 * |                         Value (padded to 4 bytes)         ....   each TLV
 *
 * message type: M11..M7 C1 M6..M4 C0 M3..M0 (method M, class C)
 * </pre>
 */
public final class StunMessage extends Flyweight {

  public static final int HEADER_LENGTH = 20;
  public static final long MAGIC_COOKIE = 0x2112A442L;
  public static final int BINDING = 0x001;

  public static final int CLASS_REQUEST = 0;
  public static final int CLASS_INDICATION = 1;
  public static final int CLASS_SUCCESS = 2;
  public static final int CLASS_ERROR = 3;

  /** FINGERPRINT is the CRC-32 of the message XOR this (RFC 8489 §14.7). */
  static final long FINGERPRINT_XOR = 0x5354554EL;

  static final String TOO_SHORT = "shorter than the 20-byte STUN header (RFC 8489 5)";
  static final String NOT_STUN = "top two bits are not zero (RFC 8489 5)";
  static final String BAD_COOKIE = "magic cookie is not 0x2112A442 (RFC 8489 5)";
  static final String BAD_LENGTH =
      "message length is not a multiple of 4 or not the bytes given (RFC 8489 5)";
  static final String ATTRIBUTE_OVERRUN = "an attribute runs past the message (RFC 8489 14)";
  static final String AFTER_FINGERPRINT =
      "an attribute follows FINGERPRINT, which must be last (RFC 8489 14.7)";

  // attribute cursor
  private int cursor;
  private int attributeType;
  private int valueOffset;
  private int valueLength;

  /**
   * Where the attributes that count end: just after the first MESSAGE-INTEGRITY, else the message's
   * end. The HMAC covers nothing beyond it, so anyone on the path may append attributes there; RFC
   * 5389 §15.4 (RFC 8489 §14.5) says to ignore all of them but FINGERPRINT.
   */
  private int integrityEnd;

  private final CRC32 crc = new CRC32();

  public boolean wrap(byte[] buffer, int offset, int length) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < HEADER_LENGTH) {
      return reject(TOO_SHORT);
    }
    if ((buffer[offset] & 0xc0) != 0) {
      return reject(NOT_STUN);
    }
    if (u32(buffer, offset + 4) != MAGIC_COOKIE) {
      return reject(BAD_COOKIE);
    }
    int declared = u16(buffer, offset + 2);
    if ((declared & 3) != 0 || declared + HEADER_LENGTH != length) {
      return reject(BAD_LENGTH);
    }
    int at = offset + HEADER_LENGTH;
    int end = offset + length;
    boolean sawFingerprint = false;
    int covered = end;
    while (at < end) {
      if (sawFingerprint) {
        return reject(AFTER_FINGERPRINT);
      }
      if (at + 4 > end) {
        return reject(ATTRIBUTE_OVERRUN);
      }
      int type = u16(buffer, at);
      int len = u16(buffer, at + 2);
      int padded = (len + 3) & ~3;
      if (at + 4 + padded > end) {
        return reject(ATTRIBUTE_OVERRUN);
      }
      sawFingerprint = type == StunAttribute.FINGERPRINT;
      at += 4 + padded;
      if (type == StunAttribute.MESSAGE_INTEGRITY && covered == end) {
        covered = at;
      }
    }
    integrityEnd = covered;
    accept(buffer, offset, length);
    restart();
    return true;
  }

  public int messageType() {
    return u16(buffer, offset);
  }

  public int method() {
    return method(messageType());
  }

  public int messageClass() {
    return messageClass(messageType());
  }

  static int method(int type) {
    return (type & 0x000f) | ((type & 0x00e0) >>> 1) | ((type & 0x3e00) >>> 2);
  }

  static int messageClass(int type) {
    return ((type & 0x0100) >>> 7) | ((type & 0x0010) >>> 4);
  }

  /** The message type for a method and class (the inverse of the two above). */
  public static int messageType(int method, int messageClass) {
    return (method & 0x000f)
        | ((method & 0x0070) << 1)
        | ((method & 0x0f80) << 2)
        | ((messageClass & 1) << 4)
        | ((messageClass & 2) << 7);
  }

  public boolean isBindingRequest() {
    return method() == BINDING && messageClass() == CLASS_REQUEST;
  }

  /** Offset of the 12-byte transaction id in {@link #buffer()}. */
  public int transactionIdOffset() {
    return offset + 8;
  }

  /** Whether two messages carry the same transaction id. */
  public boolean sameTransaction(byte[] other, int otherTransactionIdOffset) {
    int mine = transactionIdOffset();
    for (int i = 0; i < 12; i++) {
      if (buffer[mine + i] != other[otherTransactionIdOffset + i]) {
        return false;
      }
    }
    return true;
  }

  /** Starts the attribute walk again. */
  public void restart() {
    cursor = offset + HEADER_LENGTH;
  }

  /**
   * Moves to the next attribute; false after the last. Unknown types are surfaced too; after
   * MESSAGE-INTEGRITY only FINGERPRINT is (see {@link #integrityEnd}), so no reader can honour an
   * attribute that the integrity check does not cover.
   */
  public boolean nextAttribute() {
    while (buffer != null && cursor < offset + length) {
      int at = cursor;
      attributeType = u16(buffer, at);
      valueLength = u16(buffer, at + 2);
      valueOffset = at + 4;
      cursor = valueOffset + ((valueLength + 3) & ~3);
      if (at < integrityEnd || attributeType == StunAttribute.FINGERPRINT) {
        return true;
      }
    }
    return false;
  }

  public int attributeType() {
    return attributeType;
  }

  public int valueOffset() {
    return valueOffset;
  }

  public int valueLength() {
    return valueLength;
  }

  /**
   * Finds the first attribute of a type.
   *
   * @return the absolute offset of its value, or -1; the value's length is then {@link
   *     #valueLength()}
   */
  public int find(int type) {
    restart();
    while (nextAttribute()) {
      if (attributeType == type) {
        return valueOffset;
      }
    }
    return -1;
  }

  /**
   * Whether the USERNAME, up to its colon, equals {@code localUfrag}: how an ICE agent tells which
   * of its sessions a request is for (RFC 8445 §7.2.2). Compares bytes; no allocation.
   */
  public boolean usernameStartsWith(byte[] localUfrag) {
    int at = find(StunAttribute.USERNAME);
    if (at < 0 || valueLength < localUfrag.length + 1 || buffer[at + localUfrag.length] != ':') {
      return false;
    }
    for (int i = 0; i < localUfrag.length; i++) {
      if (buffer[at + i] != localUfrag[i]) {
        return false;
      }
    }
    return true;
  }

  /** PRIORITY (RFC 8445 §16.1), or -1 when absent or malformed. */
  public long priority() {
    int at = find(StunAttribute.PRIORITY);
    return at >= 0 && valueLength == 4 ? u32(buffer, at) : -1;
  }

  public boolean useCandidate() {
    return find(StunAttribute.USE_CANDIDATE) >= 0;
  }

  /** The ERROR-CODE number (class × 100 + number), or -1. */
  public int errorCode() {
    int at = find(StunAttribute.ERROR_CODE);
    if (at < 0 || valueLength < 4) {
      return -1;
    }
    return (buffer[at + 2] & 0x07) * 100 + (buffer[at + 3] & 0xff);
  }

  /**
   * Checks FINGERPRINT when present.
   *
   * @return true when there is a FINGERPRINT and it matches; false when absent or wrong
   */
  public boolean fingerprintValid() {
    int at = find(StunAttribute.FINGERPRINT);
    if (at < 0 || valueLength != 4) {
      return false;
    }
    crc.reset();
    crc.update(buffer, offset, at - 4 - offset);
    return ((crc.getValue() ^ FINGERPRINT_XOR) & 0xffff_ffffL) == u32(buffer, at);
  }

  /**
   * Decodes XOR-MAPPED-ADDRESS into {@code address} (4 or 16 bytes written).
   *
   * @return the port, or -1 when the attribute is absent or malformed; the address length is then
   *     {@link #valueLength()} - 4
   */
  public int xorMappedAddress(byte[] address) {
    int at = find(StunAttribute.XOR_MAPPED_ADDRESS);
    if (at < 0) {
      return -1;
    }
    int family = buffer[at + 1] & 0xff;
    int size = family == 1 ? 4 : family == 2 ? 16 : -1;
    if (size < 0 || valueLength != 4 + size || address.length < size) {
      return -1;
    }
    int port = u16(buffer, at + 2) ^ (int) (MAGIC_COOKIE >>> 16);
    for (int i = 0; i < size; i++) {
      // The first 4 bytes XOR the cookie; an IPv6 address continues with the transaction id.
      address[i] = (byte) (buffer[at + 4 + i] ^ buffer[offset + 4 + i]);
    }
    return port;
  }
}
