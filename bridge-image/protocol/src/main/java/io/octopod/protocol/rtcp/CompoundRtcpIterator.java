package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.inBounds;
import static io.octopod.protocol.Bytes.u16;

/**
 * Walks the packets of a compound RTCP datagram (RFC 3550 §6.1). {@link #wrap} validates every
 * packet header first, so a compound with one bad length is rejected as a whole, and iteration
 * never sees a half-valid datagram. Reduced-size RTCP (RFC 5506), where the datagram does not start
 * with an SR or RR, is accepted and flagged by {@link #reducedSize()}.
 *
 * <p>The iterator hands out positions, not objects: wrap the packet type's own view at {@link
 * #packetOffset()} / {@link #packetLength()}.
 */
public final class CompoundRtcpIterator {

  static final String EMPTY = "no RTCP packet in the datagram";
  static final String BAD_BOUNDS = "offset and length are outside the buffer";
  static final String TRUNCATED = "an RTCP packet's length runs past the datagram (RFC 3550 6.1)";
  static final String BAD_VERSION = "an RTCP packet's version is not 2 (RFC 3550 6.4.1)";
  static final String PADDING_NOT_LAST =
      "only the last packet of a compound may be padded (RFC 3550 6.4.1)";

  private byte[] buffer;
  private int end;
  private int next;
  private int packetOffset;
  private int packetLength;
  private boolean reducedSize;
  private int packetCount;
  private String invalidReason;

  public boolean wrap(byte[] buffer, int offset, int length) {
    this.buffer = null;
    if (buffer == null || !inBounds(buffer.length, offset, length)) {
      return reject(BAD_BOUNDS);
    }
    if (length < RtcpPacket.HEADER_LENGTH) {
      return reject(EMPTY);
    }
    int at = offset;
    int count = 0;
    int stop = offset + length;
    while (at < stop) {
      if (stop - at < RtcpPacket.HEADER_LENGTH) {
        return reject(TRUNCATED);
      }
      if (((buffer[at] & 0xff) >>> 6) != 2) {
        return reject(BAD_VERSION);
      }
      int size = (u16(buffer, at + 2) + 1) * 4;
      if (size > stop - at) {
        return reject(TRUNCATED);
      }
      if ((buffer[at] & 0x20) != 0 && at + size != stop) {
        return reject(PADDING_NOT_LAST);
      }
      at += size;
      count++;
    }
    int firstType = buffer[offset + 1] & 0xff;
    this.buffer = buffer;
    this.end = stop;
    this.next = offset;
    this.packetCount = count;
    this.reducedSize = firstType != RtcpPacket.SR && firstType != RtcpPacket.RR;
    this.invalidReason = null;
    return true;
  }

  private boolean reject(String reason) {
    invalidReason = reason;
    return false;
  }

  public String invalidReason() {
    return invalidReason;
  }

  /** Moves to the next packet; false after the last. */
  public boolean next() {
    if (buffer == null || next >= end) {
      return false;
    }
    packetOffset = next;
    packetLength = (u16(buffer, next + 2) + 1) * 4;
    next += packetLength;
    return true;
  }

  public int packetOffset() {
    return packetOffset;
  }

  public int packetLength() {
    return packetLength;
  }

  public int packetType() {
    return buffer[packetOffset + 1] & 0xff;
  }

  /** Report count or feedback message type (FMT) of the current packet. */
  public int countOrFormat() {
    return buffer[packetOffset] & 0x1f;
  }

  /** True when the datagram does not start with an SR or RR (RFC 5506 reduced-size RTCP). */
  public boolean reducedSize() {
    return reducedSize;
  }

  public int packetCount() {
    return packetCount;
  }
}
