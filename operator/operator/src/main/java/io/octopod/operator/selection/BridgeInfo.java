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
 * @param overloadStress at or above this stress the bridge is overloaded (its pool's setting); null
 *     for the selection policy's default
 */
public record BridgeInfo(
    String id,
    String region,
    BridgeState state,
    double stress,
    int participants,
    Instant statsTakenAt,
    Double overloadStress) {

  public BridgeInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(statsTakenAt, "statsTakenAt");
    if (!(stress >= 0)) {
      throw new IllegalArgumentException("stress must be >= 0, got " + stress);
    }
    if (overloadStress != null && !(overloadStress > 0)) {
      throw new IllegalArgumentException("overloadStress must be > 0, got " + overloadStress);
    }
  }

  /** A bridge whose pool leaves the overload threshold to the selection policy. */
  public BridgeInfo(
      String id,
      String region,
      BridgeState state,
      double stress,
      int participants,
      Instant statsTakenAt) {
    this(id, region, state, stress, participants, statsTakenAt, null);
  }
}
