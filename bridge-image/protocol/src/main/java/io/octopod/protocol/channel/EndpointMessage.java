package io.octopod.protocol.channel;

/**
 * An application message (chat, reactions, any JSON) between participants.
 *
 * @param from the sender; set by the bridge, ignored from clients
 * @param to the recipient, or null for every other participant
 * @param payload any JSON value
 */
public record EndpointMessage(String type, String from, String to, Object payload) {

  public EndpointMessage withFrom(String sender) {
    return new EndpointMessage(ChannelTypes.ENDPOINT_MESSAGE, sender, to, payload);
  }
}
