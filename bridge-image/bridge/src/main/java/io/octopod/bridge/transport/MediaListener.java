package io.octopod.bridge.transport;

/** Receives an endpoint's decrypted RTP and RTCP. The bytes are valid only during the call. */
public interface MediaListener {
  void rtp(EndpointTransport from, byte[] buf, int off, int len);

  default void rtcp(EndpointTransport from, byte[] buf, int off, int len) {}

  /** DTLS completed; media may flow. */
  default void connected(EndpointTransport endpoint) {}

  /** The handshake failed or consent expired; the endpoint is unusable. */
  default void failed(EndpointTransport endpoint, String reason) {}
}
