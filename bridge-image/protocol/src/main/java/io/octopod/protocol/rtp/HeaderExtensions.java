package io.octopod.protocol.rtp;

/**
 * A cursor over the elements of an RTP header extension block in the RFC 8285 forms. Obtained from
 * {@link RtpPacket#extensions()} and reused, so that walking extensions allocates nothing.
 *
 * <pre>
 * one-byte form (profile 0xBEDE), RFC 8285 §4.2:     two-byte form (0x100x), §4.3:
 *  0 1 2 3 4 5 6 7                                    0                   1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-                          0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6
 * |  ID   | len-1 | data ...                         +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 * +-+-+-+-+-+-+-+-+-+-+-+-+-                          |      ID       |    length     | data
 * ID 1-14; 0 is a padding byte; 15 stops parsing      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 *                                                     ID 1-255; 0 is a padding byte; length 0-255
 * </pre>
 *
 * An element that runs past the block ends the walk and sets {@link #truncated()}; the elements
 * before it stay readable.
 */
public final class HeaderExtensions {

  private byte[] buffer;
  private int position;
  private int end;
  private boolean oneByte;
  private boolean active;
  private int id;
  private int valueOffset;
  private int valueLength;
  private boolean truncated;

  void reset(byte[] buffer, int dataOffset, int dataLength, int profile) {
    this.buffer = buffer;
    this.position = dataOffset;
    this.end = dataOffset + dataLength;
    this.oneByte = profile == RtpPacket.ONE_BYTE_PROFILE;
    this.active = buffer != null && isRfc8285(profile);
    this.truncated = false;
    this.id = 0;
  }

  static boolean isRfc8285(int profile) {
    return profile == RtpPacket.ONE_BYTE_PROFILE
        || (profile & 0xfff0) == RtpPacket.TWO_BYTE_PROFILE;
  }

  /** Whether an element with this id and value length can be written in the given form. */
  static boolean fits(int profile, int id, int valueLength) {
    if (profile == RtpPacket.ONE_BYTE_PROFILE) {
      return id >= 1 && id <= 14 && valueLength >= 1 && valueLength <= 16;
    }
    return (profile & 0xfff0) == RtpPacket.TWO_BYTE_PROFILE
        && id >= 1
        && id <= 255
        && valueLength >= 0
        && valueLength <= 255;
  }

  /** Moves to the next element; false at the end of the block. */
  public boolean next() {
    while (active && position < end) {
      int b = buffer[position] & 0xff;
      if (b == 0) {
        position++;
        continue;
      }
      int header;
      int elementId;
      int len;
      if (oneByte) {
        elementId = b >>> 4;
        if (elementId == 15) {
          break;
        }
        header = 1;
        len = (b & 0x0f) + 1;
      } else {
        if (position + 2 > end) {
          truncated = true;
          break;
        }
        elementId = b;
        header = 2;
        len = buffer[position + 1] & 0xff;
      }
      if (position + header + len > end) {
        truncated = true;
        break;
      }
      id = elementId;
      valueOffset = position + header;
      valueLength = len;
      position = valueOffset + len;
      return true;
    }
    active = false;
    return false;
  }

  public int id() {
    return id;
  }

  /** Absolute offset of the current element's value in the packet's buffer. */
  public int valueOffset() {
    return valueOffset;
  }

  public int valueLength() {
    return valueLength;
  }

  /** True when the walk stopped at an element that ran past the end of the block. */
  public boolean truncated() {
    return truncated;
  }

  /**
   * Rewrites the block's elements in place without padding and without elements whose id is {@code
   * drop} (-1 keeps all). Elements only move towards the start, so the copy is safe.
   *
   * @return the number of bytes the kept elements now use
   */
  static int compact(
      HeaderExtensions it, byte[] buffer, int dataOffset, int dataLength, int profile, int drop) {
    return pack(it, buffer, dataOffset, dataLength, profile, drop, true);
  }

  /** What {@link #compact} would return, without changing anything. */
  static int measure(
      HeaderExtensions it, byte[] buffer, int dataOffset, int dataLength, int profile, int drop) {
    return pack(it, buffer, dataOffset, dataLength, profile, drop, false);
  }

  private static int pack(
      HeaderExtensions it,
      byte[] buffer,
      int dataOffset,
      int dataLength,
      int profile,
      int drop,
      boolean write) {
    it.reset(buffer, dataOffset, dataLength, profile);
    int header = profile == RtpPacket.ONE_BYTE_PROFILE ? 1 : 2;
    int written = dataOffset;
    while (it.next()) {
      if (it.id() == drop) {
        continue;
      }
      int elementStart = it.valueOffset() - header;
      int size = header + it.valueLength();
      if (write) {
        System.arraycopy(buffer, elementStart, buffer, written, size);
      }
      written += size;
    }
    return written - dataOffset;
  }
}
