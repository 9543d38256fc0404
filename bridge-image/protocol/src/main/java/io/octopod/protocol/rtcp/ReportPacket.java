package io.octopod.protocol.rtcp;

/**
 * What SR and RR share (RFC 3550 §6.4): RC report blocks of 24 bytes after a fixed part, checked to
 * fit on wrap and read through one reused {@link ReportBlock} view.
 */
public abstract class ReportPacket extends RtcpPacket {

  private final int type;
  private final int blocksAt;
  private final String tooShort;
  private final ReportBlock block = new ReportBlock();

  ReportPacket(int type, int blocksAt, String tooShort) {
    this.type = type;
    this.blocksAt = blocksAt;
    this.tooShort = tooShort;
  }

  @Override
  protected final String wrapBody() {
    if (packetType() != type) {
      return WRONG_TYPE;
    }
    if (length - paddingLength() < blocksAt + ReportBlock.LENGTH * countOrFormat()) {
      return tooShort;
    }
    return null;
  }

  public final int reportCount() {
    return countOrFormat();
  }

  /** The report block at {@code index}; the returned view is reused by the next call. */
  public final ReportBlock reportBlock(int index) {
    if (index < 0 || index >= reportCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    block.position(buffer, offset + blocksAt + index * ReportBlock.LENGTH);
    return block;
  }
}
