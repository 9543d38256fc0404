package io.octopod.bridge.sfu;

/**
 * What a conference's router sees of its Octo links: a way to send RTP, RTCP and messages to the
 * conference's other bridges. Calls come from the media thread; the implementation seals each
 * datagram under the conference key.
 */
public interface OctoUplink {

  /** Sent to every peer bridge. */
  long ALL_RELAYS = 0;

  /**
   * @param relayNumber the peer bridge, or {@link #ALL_RELAYS}
   * @param kind {@code OctoHeader.KIND_*}
   * @param mediaType {@code OctoHeader.MEDIA_*}
   * @param layer simulcast layer, or {@code OctoHeader.NO_LAYER}
   * @param endpointNumber the participant the packet is from (media, SR) or about (NACK, PLI)
   */
  void send(
      long relayNumber,
      int kind,
      int mediaType,
      int layer,
      long endpointNumber,
      byte[] buf,
      int off,
      int len);

  /** Whether the conference has peers to send to now. */
  boolean hasPeers();

  /**
   * Counts repair on the Octo links: sequence numbers NACKed to a peer, NACKed by a peer, packets
   * resent to a peer, and packets a peer asked for that were no longer cached.
   */
  void repairCounted(int nacksSent, int nacksReceived, int retransmitted, int cacheMisses);
}
