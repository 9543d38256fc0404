package io.octopod.protocol.control;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a bridge needs to join its conference's Octo mesh. The operator sends the whole
 * configuration every time (it is declarative), so a bridge that restarted or missed an update
 * converges on the next call.
 *
 * @param localRelayNumber the number this bridge puts in the relay-id field of the Octo headers it
 *     sends for this conference (1 to 2^31-1); with the sequence number it makes AES-GCM nonces
 *     unique under the conference's shared key
 * @param key the current key, used to seal
 * @param previousKey the key being rotated out, still accepted when opening; may be null
 * @param relays the conference's other bridges
 * @param remoteEndpoints the participants on those bridges
 */
public record OctoConfig(
    int localRelayNumber,
    OctoKey key,
    OctoKey previousKey,
    List<OctoRelay> relays,
    List<RemoteEndpoint> remoteEndpoints) {

  public OctoConfig {
    relays = relays == null ? List.of() : List.copyOf(relays);
    remoteEndpoints = remoteEndpoints == null ? List.of() : List.copyOf(remoteEndpoints);
  }

  public void validate() {
    requireRelayNumber("octo.localRelayNumber", localRelayNumber);
    if (key == null) {
      throw ControlApiException.badRequest("octo.key is required");
    }
    key.validate("octo.key");
    if (previousKey != null) {
      previousKey.validate("octo.previousKey");
      if (previousKey.keyId() == key.keyId()) {
        throw ControlApiException.badRequest(
            "octo.previousKey must have another keyId than octo.key, both are " + key.keyId());
      }
    }
    Set<String> relayIds = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    numbers.add(localRelayNumber);
    for (OctoRelay relay : relays) {
      if (relay == null) {
        throw ControlApiException.badRequest("octo.relays must not contain null");
      }
      relay.validate();
      if (!relayIds.add(relay.relayId())) {
        throw ControlApiException.badRequest("octo.relays lists " + relay.relayId() + " twice");
      }
      if (!numbers.add(relay.relayNumber())) {
        throw ControlApiException.badRequest(
            "octo relay number " + relay.relayNumber() + " is used twice in the conference");
      }
    }
    for (RemoteEndpoint endpoint : remoteEndpoints) {
      if (endpoint == null) {
        throw ControlApiException.badRequest("octo.remoteEndpoints must not contain null");
      }
      endpoint.validate();
      if (!relayIds.contains(endpoint.relayId())) {
        throw ControlApiException.badRequest(
            "octo.remoteEndpoints: endpoint "
                + endpoint.endpointId()
                + " sits on "
                + endpoint.relayId()
                + ", which is not in octo.relays");
      }
    }
  }

  static void requireRelayNumber(String what, int number) {
    if (number < 1) {
      throw ControlApiException.badRequest(what + " must be 1 or more, got " + number);
    }
  }
}
