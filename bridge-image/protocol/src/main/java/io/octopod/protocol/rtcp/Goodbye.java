package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

import java.nio.charset.StandardCharsets;

/**
 * BYE, PT 203 (RFC 3550 §6.6): the sources leaving, and an optional reason.
 *
 * <pre>
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * |                           SSRC/CSRC  (SC of them)             |
 * |     length    |               reason for leaving (opt)      ...
 * </pre>
 */
public final class Goodbye extends RtcpPacket {

  static final String TOO_SHORT_FOR_SOURCES = "BYE is shorter than its SSRC list (RFC 3550 6.6)";
  static final String REASON_OVERRUN = "BYE reason runs past the packet (RFC 3550 6.6)";

  @Override
  protected String wrapBody() {
    if (packetType() != BYE) {
      return WRONG_TYPE;
    }
    int body = length - paddingLength();
    int afterSources = HEADER_LENGTH + 4 * countOrFormat();
    if (body < afterSources) {
      return TOO_SHORT_FOR_SOURCES;
    }
    if (body > afterSources && afterSources + 1 + (buffer[offset + afterSources] & 0xff) > body) {
      return REASON_OVERRUN;
    }
    return null;
  }

  public int sourceCount() {
    return countOrFormat();
  }

  public long source(int index) {
    if (index < 0 || index >= sourceCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return u32(buffer, offset + HEADER_LENGTH + 4 * index);
  }

  /** The reason text, or null. Allocates: BYE is rare and the reason is for logs. */
  public String reason() {
    int at = HEADER_LENGTH + 4 * sourceCount();
    if (length - paddingLength() <= at) {
      return null;
    }
    int len = buffer[offset + at] & 0xff;
    return new String(buffer, offset + at + 1, len, StandardCharsets.UTF_8);
  }

  /** Writes a BYE for the given sources, with an optional reason (at most 255 UTF-8 bytes). */
  public static int write(byte[] out, int at, long[] sources, int count, String reason) {
    int pos = at + HEADER_LENGTH;
    for (int i = 0; i < count; i++) {
      putU32(out, pos, sources[i]);
      pos += 4;
    }
    if (reason != null) {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      int len = Math.min(255, text.length);
      out[pos++] = (byte) len;
      System.arraycopy(text, 0, out, pos, len);
      pos += len;
      while (((pos - at) & 3) != 0) {
        out[pos++] = 0;
      }
    }
    writeHeader(out, at, count, BYE, pos - at);
    return pos - at;
  }
}
