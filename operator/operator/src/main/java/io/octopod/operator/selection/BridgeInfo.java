package io.octopod.operator.selection;

import java.time.Instant;
import java.util.Objects;

/**
 * One bridge as the directory sees it: identity, region, state and the load it last reported.
 *
 * @param id the bridge's relay id, unique across the directory
 * @param region the region the bridge serves
 * @param state what polling last found
 * @param stress the bridge's own load figure; 1.0 means at capacity
 * @param participants endpoints on the bridge, all conferences together
 * @param statsTakenAt when {@code stress} and {@code participants} were read
 */
public record BridgeInfo(
    String id,
    String region,
    BridgeState state,
    double stress,
    int participants,
    Instant statsTakenAt) {

  public BridgeInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(statsTakenAt, "statsTakenAt");
    if (!(stress >= 0)) {
      throw new IllegalArgumentException("stress must be >= 0, got " + stress);
    }
  }
}
