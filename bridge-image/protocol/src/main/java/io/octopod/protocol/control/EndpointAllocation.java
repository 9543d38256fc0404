package io.octopod.protocol.control;

/**
 * The bridge's reply to an endpoint allocation or update.
 *
 * @param endpointId the endpoint
 * @param answer the bridge's SDP answer, or null when no offer was given yet
 * @param bridgeChannel where the client opens its bridge channel, and how it proves who it is
 */
public record EndpointAllocation(String endpointId, String answer, BridgeChannel bridgeChannel) {

  /**
   * @param url the WebSocket URL
   * @param token the per-endpoint secret the client presents on that WebSocket
   */
  public record BridgeChannel(String url, String token) {

    @Override
    public String toString() {
      return "BridgeChannel[url=" + url + ", token=(hidden)]";
    }
  }
}
