package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

/**
 * FIR: payload-specific feedback, FMT 4 (RFC 5104 §4.3.1). The media source SSRC field is unused
 * (0); each 8-byte FCI entry names a target SSRC and a command sequence number.
 *
 * <pre>
 * |                              SSRC                             |
 * | Seq nr.       |    Reserved                                   |
 * </pre>
 */
public final class FullIntraRequest extends FeedbackPacket {

  public static final int FORMAT = 4;
  static final String NO_ENTRIES = "FIR needs one or more 8-byte entries (RFC 5104 4.3.1.1)";

  public FullIntraRequest() {
    super(PSFB, FORMAT);
  }

  @Override
  protected String wrapFci(int fciOffset, int fciLength) {
    return fciLength == 0 || (fciLength & 7) != 0 ? NO_ENTRIES : null;
  }

  public int entryCount() {
    return fciLength() / 8;
  }

  public long entrySsrc(int index) {
    return u32(buffer, fciOffset() + 8 * checked(index));
  }

  public int entrySequence(int index) {
    return buffer[fciOffset() + 8 * checked(index) + 4] & 0xff;
  }

  private int checked(int index) {
    if (index < 0 || index >= entryCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return index;
  }

  /** Writes a FIR with one entry. */
  public static int write(byte[] out, int at, long senderSsrc, long targetSsrc, int sequence) {
    int pos = at + writeCommon(out, at, FORMAT, PSFB, FIXED_LENGTH + 8, senderSsrc, 0);
    putU32(out, pos, targetSsrc);
    putU32(out, pos + 4, (long) (sequence & 0xff) << 24);
    return FIXED_LENGTH + 8;
  }
}
