package io.octopod.protocol.control;

/**
 * A participant of the conference who sits on another bridge.
 *
 * @param endpointId the participant's endpoint id
 * @param relayId the bridge it sits on; must be one of the conference's relays
 */
public record RemoteEndpoint(String endpointId, String relayId) {

  public void validate() {
    Identifiers.require("octo.remoteEndpoints[].endpointId", endpointId);
    Identifiers.require("octo.remoteEndpoints[].relayId", relayId);
  }
}
