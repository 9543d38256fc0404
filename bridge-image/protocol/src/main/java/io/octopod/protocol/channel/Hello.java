package io.octopod.protocol.channel;

/**
 * @param endpointId the client's endpoint
 * @param conferenceId the conference on this bridge
 * @param relayId this bridge
 * @param region this bridge's region (the page shows it as "connected to")
 */
public record Hello(
    String type, String endpointId, String conferenceId, String relayId, String region) {

  public static Hello of(String endpointId, String conferenceId, String relayId, String region) {
    return new Hello(ChannelTypes.HELLO, endpointId, conferenceId, relayId, region);
  }
}
