package io.octopod.protocol.stun;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.putU32;

import io.octopod.protocol.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes a STUN message into a caller's buffer, attribute by attribute, keeping the header's length
 * field current so that MESSAGE-INTEGRITY and FINGERPRINT cover the right bytes. Reusable; the
 * caller makes sure the buffer has room (a binding response with integrity and fingerprint is under
 * 100 bytes).
 *
 * <pre>
 *   writer.begin(buf, 0, StunMessage.messageType(BINDING, CLASS_SUCCESS), txId, 0);
 *   writer.xorMappedAddress(addr, 4, port);
 *   writer.messageIntegrity(integrity);
 *   writer.fingerprint();
 *   int length = writer.length();
 * </pre>
 */
public final class StunMessageWriter {

  private final CRC32 crc = new CRC32();
  private byte[] buffer;
  private int start;
  private int position;
  private byte padding;

  /** Starts a message with the given type and a copy of a 12-byte transaction id. */
  public StunMessageWriter begin(
      byte[] buffer, int offset, int messageType, byte[] transactionId, int transactionIdOffset) {
    this.buffer = buffer;
    this.start = offset;
    this.position = offset + StunMessage.HEADER_LENGTH;
    putU16(buffer, offset, messageType & 0x3fff);
    putU16(buffer, offset + 2, 0);
    putU32(buffer, offset + 4, StunMessage.MAGIC_COOKIE);
    System.arraycopy(transactionId, transactionIdOffset, buffer, offset + 8, 12);
    return this;
  }

  /**
   * The byte used to pad attribute values to 4 bytes; 0 by default. RFC 8489 lets it be anything;
   * the RFC 5769 vectors use spaces, and tests set it to reproduce them byte for byte.
   */
  public StunMessageWriter paddingByte(int value) {
    this.padding = (byte) value;
    return this;
  }

  public StunMessageWriter attribute(int type, byte[] value, int offset, int length) {
    putU16(buffer, position, type);
    putU16(buffer, position + 2, length);
    System.arraycopy(value, offset, buffer, position + 4, length);
    position += 4 + length;
    while ((position & 3) != (start & 3)) {
      buffer[position++] = padding;
    }
    updateLength();
    return this;
  }

  public StunMessageWriter username(String username) {
    byte[] bytes = username.getBytes(StandardCharsets.UTF_8);
    return attribute(StunAttribute.USERNAME, bytes, 0, bytes.length);
  }

  public StunMessageWriter software(String software) {
    byte[] bytes = software.getBytes(StandardCharsets.UTF_8);
    return attribute(StunAttribute.SOFTWARE, bytes, 0, bytes.length);
  }

  public StunMessageWriter priority(long priority) {
    putU16(buffer, position, StunAttribute.PRIORITY);
    putU16(buffer, position + 2, 4);
    putU32(buffer, position + 4, priority);
    position += 8;
    updateLength();
    return this;
  }

  public StunMessageWriter useCandidate() {
    putU16(buffer, position, StunAttribute.USE_CANDIDATE);
    putU16(buffer, position + 2, 0);
    position += 4;
    updateLength();
    return this;
  }

  public StunMessageWriter iceControlling(long tieBreaker) {
    return tieBreaker(StunAttribute.ICE_CONTROLLING, tieBreaker);
  }

  public StunMessageWriter iceControlled(long tieBreaker) {
    return tieBreaker(StunAttribute.ICE_CONTROLLED, tieBreaker);
  }

  private StunMessageWriter tieBreaker(int type, long value) {
    putU16(buffer, position, type);
    putU16(buffer, position + 2, 8);
    Bytes.putI64(buffer, position + 4, value);
    position += 12;
    updateLength();
    return this;
  }

  /**
   * XOR-MAPPED-ADDRESS (RFC 8489 §14.2) for a 4-byte IPv4 or 16-byte IPv6 address. The transaction
   * id must already be in place (it is, after {@link #begin}).
   */
  public StunMessageWriter xorMappedAddress(byte[] address, int addressLength, int port) {
    if (addressLength != 4 && addressLength != 16) {
      throw new IllegalArgumentException("an address is 4 or 16 bytes, got " + addressLength);
    }
    putU16(buffer, position, StunAttribute.XOR_MAPPED_ADDRESS);
    putU16(buffer, position + 2, 4 + addressLength);
    buffer[position + 4] = 0;
    buffer[position + 5] = (byte) (addressLength == 4 ? 1 : 2);
    putU16(buffer, position + 6, port ^ (int) (StunMessage.MAGIC_COOKIE >>> 16));
    for (int i = 0; i < addressLength; i++) {
      buffer[position + 8 + i] = (byte) (address[i] ^ buffer[start + 4 + i]);
    }
    position += 8 + addressLength;
    updateLength();
    return this;
  }

  /** ERROR-CODE (RFC 8489 §14.8), e.g. 400 Bad Request, 401 Unauthorized, 487 Role Conflict. */
  public StunMessageWriter errorCode(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int len = Math.min(text.length, 763);
    putU16(buffer, position, StunAttribute.ERROR_CODE);
    putU16(buffer, position + 2, 4 + len);
    putU16(buffer, position + 4, 0);
    buffer[position + 6] = (byte) (code / 100);
    buffer[position + 7] = (byte) (code % 100);
    System.arraycopy(text, 0, buffer, position + 8, len);
    position += 8 + len;
    while ((position & 3) != (start & 3)) {
      buffer[position++] = padding;
    }
    updateLength();
    return this;
  }

  public StunMessageWriter messageIntegrity(StunMessageIntegrity integrity) {
    integrity.sign(buffer, start, position);
    position += StunMessageIntegrity.ATTRIBUTE_LENGTH;
    updateLength();
    return this;
  }

  /** FINGERPRINT (RFC 8489 §14.7): must be the last attribute. */
  public StunMessageWriter fingerprint() {
    putU16(buffer, position, StunAttribute.FINGERPRINT);
    putU16(buffer, position + 2, 4);
    position += 8;
    updateLength();
    crc.reset();
    crc.update(buffer, start, position - 8 - start);
    putU32(buffer, position - 4, crc.getValue() ^ StunMessage.FINGERPRINT_XOR);
    return this;
  }

  /** The message's length so far, header included. */
  public int length() {
    return position - start;
  }

  private void updateLength() {
    putU16(buffer, start + 2, position - start - StunMessage.HEADER_LENGTH);
  }
}
