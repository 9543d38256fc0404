package io.octopod.protocol.rtp;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u32;
import static io.octopod.protocol.Bytes.u8;

import io.octopod.protocol.Flyweight;

/**
 * A reusable view of one RTP packet (RFC 3550 §5.1) in a caller's {@code byte[]}. {@link #wrap}
 * checks every length before any field is read, so a view that wrapped successfully never reads
 * outside {@code [offset, offset + length)}. Setters rewrite fields in place; the header extension
 * methods ({@link #findExtension}, {@link #addExtension}, {@link #removeExtension}) keep the view
 * consistent after they move bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers (CC)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  profile (0xBEDE or 0x100x)   |     extension length (words)  |  if X
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  header extension elements ...                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          payload ...                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     padding ... | padding count |                if P
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class RtpPacket extends Flyweight {

  public static final int FIXED_HEADER_LENGTH = 12;

  /** RFC 8285 §4.2: the one-byte header form. */
  public static final int ONE_BYTE_PROFILE = 0xBEDE;

  /** RFC 8285 §4.3: the two-byte form; the low 4 bits ("appbits") are free for applications. */
  public static final int TWO_BYTE_PROFILE = 0x1000;

  static final String TOO_SHORT = "shorter than the 12-byte RTP header (RFC 3550 5.1)";
  static final String BAD_VERSION = "version is not 2 (RFC 3550 5.1)";
  static final String CSRC_OVERRUN = "CSRC list runs past the end (RFC 3550 5.1)";
  static final String EXTENSION_OVERRUN = "header extension runs past the end (RFC 3550 5.3.1)";
  static final String BAD_PADDING =
      "padding count is 0 or larger than the space after the header (RFC 3550 5.1)";

  private int headerLength;
  private int paddingLength;
  private int extensionProfile;
  private int extensionDataOffset;
  private int extensionDataLength;
  private final HeaderExtensions extensions = new HeaderExtensions();
  private final HeaderExtensions scratch = new HeaderExtensions();

  /**
   * Points this view at a packet and validates its structure.
   *
   * @return false when the bytes are not a well-formed RTP packet; {@link #invalidReason()} says
   *     which rule they broke
   */
  public boolean wrap(byte[] buffer, int offset, int length) {
    return wrap(buffer, offset, length, true);
  }

  /**
   * Like {@link #wrap}, for an SRTP packet before decryption (RFC 3711 §3.1): the header and its
   * extensions are in clear and checked, but the padding count is the last byte of the encrypted
   * payload, so it is not read; {@link #paddingLength()} is 0 until the packet is decrypted and
   * wrapped again. Pass the length without the authentication tag.
   */
  public boolean wrapHeaderOnly(byte[] buffer, int offset, int length) {
    return wrap(buffer, offset, length, false);
  }

  private boolean wrap(byte[] buffer, int offset, int length, boolean readPadding) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < FIXED_HEADER_LENGTH) {
      return reject(TOO_SHORT);
    }
    int first = u8(buffer, offset);
    if ((first >>> 6) != 2) {
      return reject(BAD_VERSION);
    }
    int header = FIXED_HEADER_LENGTH + 4 * (first & 0x0f);
    if (header > length) {
      return reject(CSRC_OVERRUN);
    }
    int profile = 0;
    int extData = 0;
    int extLength = 0;
    if ((first & 0x10) != 0) {
      if (header + 4 > length) {
        return reject(EXTENSION_OVERRUN);
      }
      profile = u16(buffer, offset + header);
      extLength = 4 * u16(buffer, offset + header + 2);
      extData = header + 4;
      header = extData + extLength;
      if (header > length) {
        return reject(EXTENSION_OVERRUN);
      }
    }
    int padding = 0;
    if (readPadding && (first & 0x20) != 0) {
      padding = u8(buffer, offset + length - 1);
      if (padding == 0 || header + padding > length) {
        return reject(BAD_PADDING);
      }
    }
    this.headerLength = header;
    this.paddingLength = padding;
    this.extensionProfile = profile;
    this.extensionDataOffset = offset + extData;
    this.extensionDataLength = extLength;
    return accept(buffer, offset, length);
  }

  public int headerLength() {
    return headerLength;
  }

  public int payloadOffset() {
    return offset + headerLength;
  }

  public int payloadLength() {
    return length - headerLength - paddingLength;
  }

  public int paddingLength() {
    return paddingLength;
  }

  public int version() {
    return u8(buffer, offset) >>> 6;
  }

  public boolean hasPadding() {
    return (buffer[offset] & 0x20) != 0;
  }

  public boolean hasExtension() {
    return (buffer[offset] & 0x10) != 0;
  }

  public int csrcCount() {
    return buffer[offset] & 0x0f;
  }

  public long csrc(int index) {
    if (index < 0 || index >= csrcCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return u32(buffer, offset + FIXED_HEADER_LENGTH + 4 * index);
  }

  public boolean marker() {
    return (buffer[offset + 1] & 0x80) != 0;
  }

  public void marker(boolean marker) {
    buffer[offset + 1] = (byte) ((buffer[offset + 1] & 0x7f) | (marker ? 0x80 : 0));
  }

  public int payloadType() {
    return buffer[offset + 1] & 0x7f;
  }

  public void payloadType(int payloadType) {
    buffer[offset + 1] = (byte) ((buffer[offset + 1] & 0x80) | (payloadType & 0x7f));
  }

  public int sequenceNumber() {
    return u16(buffer, offset + 2);
  }

  public void sequenceNumber(int sequenceNumber) {
    putU16(buffer, offset + 2, sequenceNumber);
  }

  public long timestamp() {
    return u32(buffer, offset + 4);
  }

  public void timestamp(long timestamp) {
    putU32(buffer, offset + 4, timestamp);
  }

  public long ssrc() {
    return u32(buffer, offset + 8);
  }

  public void ssrc(long ssrc) {
    putU32(buffer, offset + 8, ssrc);
  }

  /** The extension block's profile (0xBEDE, 0x100x, or another RFC 3550 profile); 0 without X. */
  public int extensionProfile() {
    return extensionProfile;
  }

  /** Walks the RFC 8285 elements of the header extension; reused, so it allocates nothing. */
  public HeaderExtensions extensions() {
    extensions.reset(buffer, extensionDataOffset, extensionDataLength, extensionProfile);
    return extensions;
  }

  /**
   * Finds an RFC 8285 element.
   *
   * @return the absolute offset of its value in {@link #buffer()}, or -1; its length is then {@link
   *     #lastFoundLength()}
   */
  public int findExtension(int id) {
    HeaderExtensions it = extensions();
    while (it.next()) {
      if (it.id() == id) {
        lastFoundLength = it.valueLength();
        return it.valueOffset();
      }
    }
    lastFoundLength = 0;
    return -1;
  }

  private int lastFoundLength;

  /** The value length of the element the last {@link #findExtension} found. */
  public int lastFoundLength() {
    return lastFoundLength;
  }

  /**
   * Adds an RFC 8285 element, or replaces the value of an element with the same id. Bytes after the
   * extension block (payload and padding) move by the change in its size; the view is re-wrapped,
   * so {@link #payloadOffset()} and {@link #length()} are current afterwards.
   *
   * <p>A packet without an extension block gets one: the one-byte form when the element fits it (id
   * 1-14, value 1-16 bytes), else the two-byte form. An element that the packet's existing form
   * can't carry is refused rather than converting the other elements.
   *
   * @param capacity how far the packet may grow: the buffer index it must not reach
   * @return false when the element does not fit the form or the capacity, or the packet's extension
   *     block is not RFC 8285; the packet is then unchanged
   */
  public boolean addExtension(
      int id, byte[] value, int valueOffset, int valueLength, int capacity) {
    boolean hadBlock = hasExtension();
    int profile = hadBlock ? extensionProfile : chooseProfile(id, valueLength);
    if (profile < 0 || !HeaderExtensions.fits(profile, id, valueLength)) {
      return false;
    }
    if (hadBlock && !HeaderExtensions.isRfc8285(extensionProfile)) {
      return false;
    }
    int blockStart = offset + headerLength - extensionDataLength - (hadBlock ? 4 : 0);
    int used =
        hadBlock
            ? HeaderExtensions.measure(
                scratch, buffer, extensionDataOffset, extensionDataLength, profile, id)
            : 0;
    int elementSize = (profile == ONE_BYTE_PROFILE ? 1 : 2) + valueLength;
    int newDataLength = roundUp4(used + elementSize);
    int oldBlockSize = hadBlock ? 4 + extensionDataLength : 0;
    int delta = 4 + newDataLength - oldBlockSize;
    if (offset + length + delta > Math.min(capacity, buffer.length)) {
      return false;
    }
    if (hadBlock) {
      HeaderExtensions.compact(
          scratch, buffer, extensionDataOffset, extensionDataLength, profile, id);
    }
    int tail = blockStart + oldBlockSize;
    System.arraycopy(buffer, tail, buffer, tail + delta, offset + length - tail);
    putU16(buffer, blockStart, profile);
    putU16(buffer, blockStart + 2, newDataLength / 4);
    int at = blockStart + 4 + used;
    if (profile == ONE_BYTE_PROFILE) {
      buffer[at++] = (byte) ((id << 4) | (valueLength - 1));
    } else {
      buffer[at++] = (byte) id;
      buffer[at++] = (byte) valueLength;
    }
    System.arraycopy(value, valueOffset, buffer, at, valueLength);
    at += valueLength;
    for (int end = blockStart + 4 + newDataLength; at < end; at++) {
      buffer[at] = 0;
    }
    buffer[offset] |= 0x10;
    rewrap(length + delta);
    return true;
  }

  /**
   * Removes every RFC 8285 element with this id. When none is left, the extension block goes too
   * and the X bit is cleared. Bytes after the block move left; the view is re-wrapped.
   *
   * @return whether an element was removed
   */
  public boolean removeExtension(int id) {
    if (!hasExtension() || !HeaderExtensions.isRfc8285(extensionProfile) || findExtension(id) < 0) {
      return false;
    }
    int blockStart = extensionDataOffset - 4;
    int used =
        HeaderExtensions.compact(
            scratch, buffer, extensionDataOffset, extensionDataLength, extensionProfile, id);
    int oldBlockSize = 4 + extensionDataLength;
    int newBlockSize = used == 0 ? 0 : 4 + roundUp4(used);
    for (int i = extensionDataOffset + used; i < blockStart + newBlockSize; i++) {
      buffer[i] = 0;
    }
    if (newBlockSize > 0) {
      putU16(buffer, blockStart + 2, (newBlockSize - 4) / 4);
    } else {
      buffer[offset] &= ~0x10;
    }
    int tail = blockStart + oldBlockSize;
    System.arraycopy(buffer, tail, buffer, blockStart + newBlockSize, offset + length - tail);
    rewrap(length - (oldBlockSize - newBlockSize));
    return true;
  }

  private static int chooseProfile(int id, int valueLength) {
    if (HeaderExtensions.fits(ONE_BYTE_PROFILE, id, valueLength)) {
      return ONE_BYTE_PROFILE;
    }
    return HeaderExtensions.fits(TWO_BYTE_PROFILE, id, valueLength) ? TWO_BYTE_PROFILE : -1;
  }

  private void rewrap(int newLength) {
    if (!wrap(buffer, offset, newLength)) {
      // Only reachable through a bug in the methods above; the packet bytes are ours to fix.
      throw new IllegalStateException("RTP rewrite produced an invalid packet: " + invalidReason());
    }
  }

  private static int roundUp4(int n) {
    return (n + 3) & ~3;
  }
}
