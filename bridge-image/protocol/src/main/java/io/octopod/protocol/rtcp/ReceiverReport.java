package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU32;

/**
 * Receiver report, PT 201 (RFC 3550 §6.4.2): the sender's SSRC and RC report blocks.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * |                     SSRC of packet sender                     |
 * |                  report block 1 .. RC (24 bytes each)         |
 * </pre>
 */
public final class ReceiverReport extends ReportPacket {

  public static final int FIXED_LENGTH = 8;

  public ReceiverReport() {
    super(RR, FIXED_LENGTH, TOO_SHORT_FOR_BLOCKS);
  }

  static final String TOO_SHORT_FOR_BLOCKS =
      "RR is shorter than its report blocks (RFC 3550 6.4.2)";

  /** Writes an RR header with no blocks; see {@link SenderReport#setReportCount}. */
  public static int write(byte[] out, int at, long senderSsrc) {
    writeHeader(out, at, 0, RR, FIXED_LENGTH);
    putU32(out, at + 4, senderSsrc);
    return FIXED_LENGTH;
  }
}
