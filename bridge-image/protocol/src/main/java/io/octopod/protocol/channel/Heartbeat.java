package io.octopod.protocol.channel;

/**
 * A page's heartbeat on its bridge channel ({@code ping}) and the bridge's answer ({@code pong}).
 *
 * @param type {@link ChannelTypes#PING} or {@link ChannelTypes#PONG}
 * @param id chosen by the page, echoed in the pong
 */
public record Heartbeat(String type, long id) {

  public Heartbeat pong() {
    return new Heartbeat(ChannelTypes.PONG, id);
  }
}
