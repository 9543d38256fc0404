package io.octopod.operator.model;

import java.util.Objects;

/**
 * A bridge as a conference needs to know it.
 *
 * @param relayId the bridge's identity among Octo peers
 * @param region the region the bridge serves
 * @param pool the BridgePool it belongs to (possibly in a peer cluster)
 * @param octoAddress host:port other bridges send Octo to
 */
public record BridgeRef(String relayId, String region, String pool, String octoAddress) {

  public BridgeRef {
    Objects.requireNonNull(relayId, "relayId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(octoAddress, "octoAddress");
  }
}
