package io.octopod.operator.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.api.v1alpha1.SelectionStrategy;
import io.octopod.operator.selection.BridgeInfo;
import io.octopod.operator.selection.BridgeState;
import io.octopod.operator.selection.StrategyName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Conference's own placement limits, applied before the selection strategy. */
class PlacementRulesTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final BridgeInfo EAST = bridge("east-0", "us-east", BridgeState.READY);
  private static final BridgeInfo AP = bridge("ap-0", "ap-southeast", BridgeState.READY);
  private static final BridgeInfo EU = bridge("eu-0", "eu-west", BridgeState.DRAINING);

  private static BridgeInfo bridge(String id, String region, BridgeState state) {
    return new BridgeInfo(id, region, state, 0.1, 0, NOW);
  }

  @Test
  void allowedRegionsAndPerBridgeLimitsNarrowTheBridges() {
    ConferenceSpec spec = new ConferenceSpec();
    assertEquals(
        List.of(EAST, AP, EU), PlacementRules.eligible(List.of(EAST, AP, EU), spec, Map.of()));
    spec.setAllowedRegions(List.of("ap-southeast", "eu-west"));
    assertEquals(List.of(AP, EU), PlacementRules.eligible(List.of(EAST, AP, EU), spec, Map.of()));
    spec.setMaxParticipantsPerBridge(2);
    assertEquals(
        List.of(EU), PlacementRules.eligible(List.of(EAST, AP, EU), spec, Map.of("ap-0", 2)));
  }

  @Test
  void preferredRegionsApplyOnlyWhenTheParticipantsOwnHasNoUsableBridge() {
    ConferenceSpec spec = new ConferenceSpec();
    spec.setPreferredRegions(List.of("eu-west", "ap-southeast"));
    assertEquals("us-east", PlacementRules.regionFor("us-east", List.of(EAST, AP, EU), spec));
    // eu-west is only draining: the next preferred region with a ready bridge.
    assertEquals("ap-southeast", PlacementRules.regionFor("sa-east", List.of(EAST, AP, EU), spec));
    assertEquals("sa-east", PlacementRules.regionFor("sa-east", List.of(EAST), spec));
  }

  @Test
  void aConferenceThatMayNotCascadeUsesOneBridge() {
    ConferenceSpec spec = new ConferenceSpec();
    assertEquals(StrategyName.RegionBased, PlacementRules.strategy(spec));
    spec.setSelectionStrategy(SelectionStrategy.Split);
    assertEquals(StrategyName.Split, PlacementRules.strategy(spec));
    spec.setCascading(false);
    assertEquals(StrategyName.Single, PlacementRules.strategy(spec));
  }
}
