package io.octopod.protocol.channel;

/**
 * @param reason what was wrong with the client's message, in words
 */
public record ChannelError(String type, String reason) {

  public static ChannelError of(String reason) {
    return new ChannelError(ChannelTypes.ERROR, reason);
  }
}
