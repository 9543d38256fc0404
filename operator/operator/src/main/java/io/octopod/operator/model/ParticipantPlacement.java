package io.octopod.operator.model;

import java.util.Objects;

/**
 * Where one participant of a conference sits.
 *
 * @param endpointId the participant's endpoint id on its bridge
 * @param region the participant's own region (decided at join)
 * @param bridge the bridge it is connected to
 */
public record ParticipantPlacement(String endpointId, String region, BridgeRef bridge) {

  public ParticipantPlacement {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bridge, "bridge");
  }
}
