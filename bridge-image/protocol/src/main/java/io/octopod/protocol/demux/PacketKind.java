package io.octopod.protocol.demux;

/** What arrived on the shared WebRTC port, by RFC 7983 §7 and RFC 5761 §4. */
public enum PacketKind {
  STUN,
  /** DTLS records; ZRTP, TURN channels and QUIC share no range with WebRTC and are dropped. */
  DTLS,
  RTP,
  RTCP,
  UNKNOWN
}
