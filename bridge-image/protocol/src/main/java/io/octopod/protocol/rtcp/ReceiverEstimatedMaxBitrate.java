package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

/**
 * REMB (draft-alvestrand-rmcat-remb-03, SDP {@code goog-remb}): application-layer feedback, PSFB
 * FMT 15, with the identifier "REMB", the estimate as a 6-bit exponent and an 18-bit mantissa, and
 * the SSRCs it applies to.
 *
 * <pre>
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * |   SSRC feedback (Num SSRC of them)                            |
 * </pre>
 */
public final class ReceiverEstimatedMaxBitrate extends FeedbackPacket {

  public static final int FORMAT = 15;
  private static final long REMB = 0x52454d42L;
  static final String NOT_REMB = "application feedback is not REMB";
  static final String SSRC_OVERRUN = "REMB SSRC list runs past the packet";

  public ReceiverEstimatedMaxBitrate() {
    super(PSFB, FORMAT);
  }

  @Override
  protected String wrapFci(int fciOffset, int fciLength) {
    if (fciLength < 8 || u32(buffer, fciOffset) != REMB) {
      return NOT_REMB;
    }
    int ssrcs = buffer[fciOffset + 4] & 0xff;
    return 8 + 4 * ssrcs > fciLength ? SSRC_OVERRUN : null;
  }

  /** The estimate in bits per second (mantissa × 2^exponent, saturating at Long.MAX_VALUE). */
  public long bitrate() {
    long word = u32(buffer, fciOffset() + 4);
    int exponent = (int) ((word >>> 18) & 0x3f);
    long mantissa = word & 0x3ffff;
    return exponent > 45 ? Long.MAX_VALUE : mantissa << exponent;
  }

  public int ssrcCount() {
    return buffer[fciOffset() + 4] & 0xff;
  }

  public long ssrc(int index) {
    if (index < 0 || index >= ssrcCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return u32(buffer, fciOffset() + 8 + 4 * index);
  }

  /** Writes a REMB; the bitrate is rounded down to what 18 bits of mantissa can say. */
  public static int write(
      byte[] out, int at, long senderSsrc, long bitrate, long[] ssrcs, int count) {
    int exponent = 0;
    long mantissa = Math.max(0, bitrate);
    while (mantissa > 0x3ffff) {
      mantissa >>>= 1;
      exponent++;
    }
    int total = FIXED_LENGTH + 8 + 4 * count;
    writeCommon(out, at, FORMAT, PSFB, total, senderSsrc, 0);
    putU32(out, at + FIXED_LENGTH, REMB);
    putU32(out, at + FIXED_LENGTH + 4, ((long) count << 24) | ((long) exponent << 18) | mantissa);
    for (int i = 0; i < count; i++) {
      putU32(out, at + FIXED_LENGTH + 8 + 4 * i, ssrcs[i]);
    }
    return total;
  }
}
