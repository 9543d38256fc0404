package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

import java.nio.charset.StandardCharsets;

/**
 * SDES, PT 202 (RFC 3550 §6.5): chunks, each an SSRC followed by items and ended by a null item and
 * padding to a word boundary. {@link #wrap} validates every chunk; {@link #nextItem()} then walks
 * the items without allocating.
 *
 * <pre>
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * |                          SSRC/CSRC_1                          |
 * |    type=1     |     length    | user and domain name (CNAME) ...
 * |  0 (end)  | pad to 32 bits ...|
 * |                          SSRC/CSRC_2 ...                      |
 * </pre>
 */
public final class SourceDescription extends RtcpPacket {

  public static final int CNAME = 1;

  static final String CHUNK_OVERRUN = "SDES chunk runs past the packet (RFC 3550 6.5)";
  static final String CHUNK_COUNT = "SDES has fewer chunks than its source count (RFC 3550 6.5)";

  private int chunk;
  private int cursor;
  private int chunkEnd;
  private long chunkSsrc;
  private int itemType;
  private int itemOffset;
  private int itemLength;

  @Override
  protected String wrapBody() {
    if (packetType() != SDES) {
      return WRONG_TYPE;
    }
    int end = offset + length - paddingLength();
    int at = offset + HEADER_LENGTH;
    for (int i = 0; i < countOrFormat(); i++) {
      int next = chunkEnd(at, end);
      if (next < 0) {
        return at >= end ? CHUNK_COUNT : CHUNK_OVERRUN;
      }
      at = next;
    }
    chunk = -1;
    cursor = offset + HEADER_LENGTH;
    return null;
  }

  /** The offset after the chunk starting at {@code at}, or -1 when it is malformed. */
  private int chunkEnd(int at, int end) {
    if (at + 4 > end) {
      return -1;
    }
    int pos = at + 4;
    while (true) {
      if (pos >= end) {
        return -1;
      }
      int type = buffer[pos] & 0xff;
      if (type == 0) {
        pos++;
        return pos + ((4 - ((pos - at) & 3)) & 3) <= end ? pos + ((4 - ((pos - at) & 3)) & 3) : -1;
      }
      if (pos + 2 > end || pos + 2 + (buffer[pos + 1] & 0xff) > end) {
        return -1;
      }
      pos += 2 + (buffer[pos + 1] & 0xff);
    }
  }

  public int chunkCount() {
    return countOrFormat();
  }

  /** Moves to the next chunk; false after the last. */
  public boolean nextChunk() {
    if (chunk + 1 >= chunkCount()) {
      return false;
    }
    if (chunk >= 0) {
      cursor = chunkEnd;
    }
    chunk++;
    chunkSsrc = u32(buffer, cursor);
    chunkEnd = chunkEnd(cursor, offset + length - paddingLength());
    cursor += 4;
    return true;
  }

  public long chunkSsrc() {
    return chunkSsrc;
  }

  /** Moves to the next item of the current chunk; false at its end. */
  public boolean nextItem() {
    int type = buffer[cursor] & 0xff;
    if (type == 0) {
      return false;
    }
    itemType = type;
    itemLength = buffer[cursor + 1] & 0xff;
    itemOffset = cursor + 2;
    cursor = itemOffset + itemLength;
    return true;
  }

  public int itemType() {
    return itemType;
  }

  public int itemOffset() {
    return itemOffset;
  }

  public int itemLength() {
    return itemLength;
  }

  /** The current item's text; allocates, for logs and signalling. */
  public String itemText() {
    return new String(buffer, itemOffset, itemLength, StandardCharsets.UTF_8);
  }

  /** Writes an SDES with one chunk holding a CNAME (at most 255 UTF-8 bytes). */
  public static int writeCname(byte[] out, int at, long ssrc, String cname) {
    byte[] text = cname.getBytes(StandardCharsets.UTF_8);
    int len = Math.min(255, text.length);
    int pos = at + HEADER_LENGTH;
    putU32(out, pos, ssrc);
    pos += 4;
    out[pos++] = CNAME;
    out[pos++] = (byte) len;
    System.arraycopy(text, 0, out, pos, len);
    pos += len;
    out[pos++] = 0;
    while (((pos - at) & 3) != 0) {
      out[pos++] = 0;
    }
    writeHeader(out, at, 1, SDES, pos - at);
    return pos - at;
  }
}
