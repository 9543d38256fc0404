package io.octopod.operator.join;

import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.operator.selection.BridgeInfo;
import io.octopod.operator.selection.StrategyName;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A Conference's own limits on where its participants may go, applied before the selection strategy
 * sees the bridges: allowed regions, participants per bridge, whether it may cascade at all, and
 * which regions to fall back to when a participant's own region has no usable bridge.
 */
final class PlacementRules {

  private PlacementRules() {}

  /** The bridges this conference may use now. */
  static List<BridgeInfo> eligible(
      Collection<BridgeInfo> bridges, ConferenceSpec spec, Map<String, Integer> inConference) {
    List<String> allowed = spec.getAllowedRegions();
    Integer perBridge = spec.getMaxParticipantsPerBridge();
    return bridges.stream()
        .filter(b -> allowed == null || allowed.isEmpty() || allowed.contains(b.region()))
        .filter(b -> perBridge == null || inConference.getOrDefault(b.id(), 0) < perBridge)
        .toList();
  }

  /**
   * The region to place the participant by: its own when an eligible bridge there accepts
   * participants, else the first preferred region that has one, else its own (the strategy then
   * picks the nearest it can).
   */
  static String regionFor(
      String participantRegion, List<BridgeInfo> eligible, ConferenceSpec spec) {
    if (usable(participantRegion, eligible) || spec.getPreferredRegions() == null) {
      return participantRegion;
    }
    for (String preferred : spec.getPreferredRegions()) {
      if (usable(preferred, eligible)) {
        return preferred;
      }
    }
    return participantRegion;
  }

  /** {@code cascading: false} keeps everyone on one bridge, whatever strategy is named. */
  static StrategyName strategy(ConferenceSpec spec) {
    if (Boolean.FALSE.equals(spec.getCascading())) {
      return StrategyName.Single;
    }
    return StrategyName.of(spec.getSelectionStrategy());
  }

  private static boolean usable(String region, List<BridgeInfo> eligible) {
    return eligible.stream()
        .anyMatch(b -> b.region().equals(region) && b.state().acceptsParticipants());
  }
}
