package io.octopod.protocol.vp8;

import io.octopod.protocol.Flyweight;

/**
 * A view of the VP8 payload descriptor at the start of an RTP payload (RFC 7741 §4.2), and of the
 * first byte of the VP8 payload header after it (§4.3). Picture ID and TL0PICIDX can be rewritten
 * in place, keeping the picture ID's width, as an SFU must when it switches simulcast layers.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL, 7 bits, or 15 with M=1 and the next byte)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * then the VP8 payload; at the start of a frame its first byte is |Size0|H| VER |P|, P=0 a keyframe
 * </pre>
 */
public final class Vp8PayloadDescriptor extends Flyweight {

  public static final int NO_VALUE = -1;

  static final String EMPTY =
      "an RTP payload with a VP8 descriptor is at least 1 byte (RFC 7741 4.2)";
  static final String TRUNCATED =
      "the descriptor's optional fields run past the payload (RFC 7741 4.2)";
  static final String NO_PAYLOAD = "no VP8 payload after the descriptor (RFC 7741 4.2)";

  private int descriptorLength;
  private int pictureIdOffset;
  private int tl0Offset;
  private int tidOffset;

  public boolean wrap(byte[] buffer, int offset, int length) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < 1) {
      return reject(EMPTY);
    }
    int at = offset + 1;
    int end = offset + length;
    int pid = -1;
    int tl0 = -1;
    int tid = -1;
    if ((buffer[offset] & 0x80) != 0) {
      if (at >= end) {
        return reject(TRUNCATED);
      }
      int x = buffer[at++] & 0xff;
      if ((x & 0x80) != 0) {
        if (at >= end) {
          return reject(TRUNCATED);
        }
        pid = at;
        at += (buffer[at] & 0x80) != 0 ? 2 : 1;
      }
      if ((x & 0x40) != 0) {
        tl0 = at++;
      }
      if ((x & 0x30) != 0) {
        tid = at++;
      }
      if (at > end) {
        return reject(TRUNCATED);
      }
    }
    if (at >= end) {
      return reject(NO_PAYLOAD);
    }
    this.descriptorLength = at - offset;
    this.pictureIdOffset = pid;
    this.tl0Offset = tl0;
    this.tidOffset = tid;
    return accept(buffer, offset, length);
  }

  /** Bytes of descriptor before the VP8 payload. */
  public int descriptorLength() {
    return descriptorLength;
  }

  public boolean nonReference() {
    return (buffer[offset] & 0x20) != 0;
  }

  /** S: this packet starts a VP8 partition. */
  public boolean startOfPartition() {
    return (buffer[offset] & 0x10) != 0;
  }

  public int partitionIndex() {
    return buffer[offset] & 0x07;
  }

  /** The first packet of a frame: S=1 and partition 0. */
  public boolean startOfFrame() {
    return startOfPartition() && partitionIndex() == 0;
  }

  /** A keyframe: only known at the start of a frame, from the payload header's P bit (0). */
  public boolean keyframe() {
    return startOfFrame() && (buffer[offset + descriptorLength] & 0x01) == 0;
  }

  /**
   * The frame height a keyframe declares (RFC 6386 §9.1: after the 3-byte frame tag and the start
   * code 9d 01 2a come the 14-bit width and height, little-endian), or {@link #NO_VALUE} when this
   * packet does not start a keyframe or is too short to say.
   */
  public int keyframeHeight() {
    int at = offset + descriptorLength;
    if (!keyframe() || at + 10 > offset + length) {
      return NO_VALUE;
    }
    if ((buffer[at + 3] & 0xff) != 0x9d
        || (buffer[at + 4] & 0xff) != 0x01
        || (buffer[at + 5] & 0xff) != 0x2a) {
      return NO_VALUE;
    }
    return ((buffer[at + 8] & 0xff) | ((buffer[at + 9] & 0xff) << 8)) & 0x3fff;
  }

  public boolean hasPictureId() {
    return pictureIdOffset >= 0;
  }

  /** Whether the picture ID is 15 bits (M=1) rather than 7. */
  public boolean longPictureId() {
    return hasPictureId() && (buffer[pictureIdOffset] & 0x80) != 0;
  }

  public int pictureId() {
    if (!hasPictureId()) {
      return NO_VALUE;
    }
    if (longPictureId()) {
      return ((buffer[pictureIdOffset] & 0x7f) << 8) | (buffer[pictureIdOffset + 1] & 0xff);
    }
    return buffer[pictureIdOffset] & 0x7f;
  }

  /** Rewrites the picture ID in place, wrapped to the width the packet uses (7 or 15 bits). */
  public void pictureId(int pictureId) {
    if (!hasPictureId()) {
      throw new IllegalStateException("the descriptor has no picture ID");
    }
    if (longPictureId()) {
      buffer[pictureIdOffset] = (byte) (0x80 | ((pictureId >>> 8) & 0x7f));
      buffer[pictureIdOffset + 1] = (byte) pictureId;
    } else {
      buffer[pictureIdOffset] = (byte) (pictureId & 0x7f);
    }
  }

  public int tl0PicIdx() {
    return tl0Offset >= 0 ? buffer[tl0Offset] & 0xff : NO_VALUE;
  }

  public void tl0PicIdx(int value) {
    if (tl0Offset < 0) {
      throw new IllegalStateException("the descriptor has no TL0PICIDX");
    }
    buffer[tl0Offset] = (byte) value;
  }

  /** Temporal layer index, or {@link #NO_VALUE} without the T bit. */
  public int temporalLayer() {
    if (tidOffset < 0 || (buffer[offset + 1] & 0x20) == 0) {
      return NO_VALUE;
    }
    return (buffer[tidOffset] & 0xff) >>> 6;
  }

  /** Y: this frame depends only on the base layer (layer sync). */
  public boolean layerSync() {
    return tidOffset >= 0 && (buffer[offset + 1] & 0x20) != 0 && (buffer[tidOffset] & 0x20) != 0;
  }

  public int keyIndex() {
    if (tidOffset < 0 || (buffer[offset + 1] & 0x10) == 0) {
      return NO_VALUE;
    }
    return buffer[tidOffset] & 0x1f;
  }
}
