package io.octopod.protocol.rtcp;

/**
 * Any RTCP packet this module has no view for (APP, XR, unknown feedback types): the header is
 * checked and the rest is surfaced as bytes, so that an unknown type is never an error.
 */
public final class RawRtcpPacket extends RtcpPacket {

  /** Where the bytes after the 4-byte header start. */
  public int bodyOffset() {
    return offset + HEADER_LENGTH;
  }

  public int bodyLength() {
    return length - HEADER_LENGTH - paddingLength();
  }
}
