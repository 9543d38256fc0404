package io.octopod.protocol.rtcp;

/** PLI: payload-specific feedback, FMT 1, no FCI (RFC 4585 §6.3.1). */
public final class PictureLossIndication extends FeedbackPacket {

  public static final int FORMAT = 1;
  public static final int LENGTH = FIXED_LENGTH;

  public PictureLossIndication() {
    super(PSFB, FORMAT);
  }

  @Override
  protected String wrapFci(int fciOffset, int fciLength) {
    return null;
  }

  public static int write(byte[] out, int at, long senderSsrc, long mediaSsrc) {
    return writeCommon(out, at, FORMAT, PSFB, LENGTH, senderSsrc, mediaSsrc);
  }
}
