package io.octopod.operator.selection;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs every strategy shares.
 *
 * @param overloadStress a bridge at or above this effective stress is overloaded, unless its pool
 *     sets its own threshold ({@code spec.capacity.overloadStress}, in {@link BridgeInfo})
 * @param maxParticipantsPerBridge a conference puts at most this many participants on one bridge; 0
 *     means no limit
 * @param stressPerPendingParticipant stress added for each recent assignment the bridge's stats do
 *     not show yet, so that a burst of joins spreads instead of piling onto one bridge
 * @param pendingWindow how long an assignment counts as pending at most, even if stats never catch
 *     up (the participant may never have connected)
 * @param regionGroups regions that count as one
 */
public record SelectionPolicy(
    double overloadStress,
    int maxParticipantsPerBridge,
    double stressPerPendingParticipant,
    Duration pendingWindow,
    RegionGroups regionGroups) {

  /** Jitsi's long-standing defaults: overloaded at 0.8 stress; a participant costs about 1%. */
  public static final SelectionPolicy DEFAULT =
      new SelectionPolicy(0.8, 0, 0.01, Duration.ofSeconds(15), RegionGroups.NONE);

  public SelectionPolicy {
    if (!(overloadStress > 0)) {
      throw new IllegalArgumentException("overloadStress must be > 0");
    }
    if (maxParticipantsPerBridge < 0) {
      throw new IllegalArgumentException("maxParticipantsPerBridge must be >= 0");
    }
    if (!(stressPerPendingParticipant >= 0)) {
      throw new IllegalArgumentException("stressPerPendingParticipant must be >= 0");
    }
    Objects.requireNonNull(pendingWindow, "pendingWindow");
    Objects.requireNonNull(regionGroups, "regionGroups");
  }

  public SelectionPolicy withMaxParticipantsPerBridge(int max) {
    return new SelectionPolicy(
        overloadStress, max, stressPerPendingParticipant, pendingWindow, regionGroups);
  }

  public SelectionPolicy withRegionGroups(RegionGroups groups) {
    return new SelectionPolicy(
        overloadStress,
        maxParticipantsPerBridge,
        stressPerPendingParticipant,
        pendingWindow,
        groups);
  }
}
