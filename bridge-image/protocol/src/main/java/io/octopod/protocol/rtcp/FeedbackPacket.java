package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

/**
 * The common layout of RTCP feedback (RFC 4585 §6.1): after the header, the sender's SSRC and the
 * media source's SSRC, then the feedback control information (FCI).
 *
 * <pre>
 * |V=2|P|   FMT   |       PT      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 */
public abstract class FeedbackPacket extends RtcpPacket {

  public static final int FIXED_LENGTH = 12;
  static final String TOO_SHORT_FOR_FEEDBACK =
      "feedback packet is shorter than its two SSRCs (RFC 4585 6.1)";
  static final String BAD_FCI = "feedback control information has the wrong size";

  private final int type;
  private final int format;

  protected FeedbackPacket(int type, int format) {
    this.type = type;
    this.format = format;
  }

  @Override
  protected final String wrapBody() {
    if (packetType() != type || countOrFormat() != format) {
      return WRONG_TYPE;
    }
    if (length - paddingLength() < FIXED_LENGTH) {
      return TOO_SHORT_FOR_FEEDBACK;
    }
    return wrapFci(offset + FIXED_LENGTH, length - paddingLength() - FIXED_LENGTH);
  }

  /** Checks the FCI; null when fine. */
  protected abstract String wrapFci(int fciOffset, int fciLength);

  public final long mediaSsrc() {
    return u32(buffer, offset + 8);
  }

  public final void mediaSsrc(long ssrc) {
    putU32(buffer, offset + 8, ssrc);
  }

  public final void senderSsrc(long ssrc) {
    putU32(buffer, offset + 4, ssrc);
  }

  protected final int fciOffset() {
    return offset + FIXED_LENGTH;
  }

  protected final int fciLength() {
    return length - paddingLength() - FIXED_LENGTH;
  }

  static int writeCommon(
      byte[] out, int at, int format, int type, int totalLength, long sender, long media) {
    writeHeader(out, at, format, type, totalLength);
    putU32(out, at + 4, sender);
    putU32(out, at + 8, media);
    return FIXED_LENGTH;
  }
}
