package io.octopod.protocol.control;

/**
 * Another bridge of the same conference.
 *
 * @param relayId the peer bridge's name (its pod name)
 * @param relayNumber the number the peer puts in the Octo header's relay-id field for this
 *     conference; unique within the conference
 * @param address the peer's advertised Octo address, {@code host:port}
 */
public record OctoRelay(String relayId, int relayNumber, String address) {

  public void validate() {
    Identifiers.require("octo.relays[].relayId", relayId);
    OctoConfig.requireRelayNumber("octo.relays[].relayNumber", relayNumber);
    HostPort.parse("octo.relays[].address", address);
  }
}
