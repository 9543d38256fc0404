package io.octopod.protocol.channel;

/**
 * An end-to-end RTT probe ({@code e2ePing}) or its answer ({@code e2ePong}), relayed by the bridges
 * between two participants. The pinging page times the round trip itself.
 *
 * @param type {@link ChannelTypes#E2E_PING} or {@link ChannelTypes#E2E_PONG}
 * @param from the participant that sent it; set by the bridge
 * @param to the participant it is for
 * @param id chosen by the pinging page, echoed in the pong
 */
public record E2ePing(String type, String from, String to, long id) {

  public E2ePing withFrom(String sender) {
    return new E2ePing(type, sender, to, id);
  }
}
