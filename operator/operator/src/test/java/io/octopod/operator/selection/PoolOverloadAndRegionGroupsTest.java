package io.octopod.operator.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.operator.OctopodOperator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each pool's {@code spec.capacity.overloadStress} decides when its bridges count as overloaded,
 * and the operator's {@code REGION_GROUPS} setting reaches selection.
 */
class PoolOverloadAndRegionGroupsTest {

  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  private static BridgeSelector selector(SelectionPolicy policy) {
    return new BridgeSelector(policy, Clock.fixed(T0, ZoneOffset.UTC));
  }

  private static BridgeInfo bridge(String id, String region, double stress, Double overload) {
    return new BridgeInfo(id, region, BridgeState.READY, stress, 0, T0.minusSeconds(1), overload);
  }

  @Test
  void aPoolWithALowerThresholdIsOverloadedSooner() {
    // The conference's bridge is at 0.5; its pool says 0.4 is overloaded. The policy's 0.8 would
    // keep the participant there; the pool's threshold sends them to the other bridge of the
    // region.
    List<BridgeInfo> bridges =
        List.of(bridge("small-0", "us-east", 0.5, 0.4), bridge("big-0", "us-east", 0.6, null));
    Selection selection =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "us-east", bridges, Map.of("small-0", 3));
    assertEquals("big-0", selection.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.BRIDGE_IN_REGION, selection.outcome());
  }

  @Test
  void aPoolWithAHigherThresholdKeepsTakingParticipantsPastTheDefault() {
    // At 0.85 a bridge is overloaded by the policy's 0.8, but not by its pool's 0.95.
    List<BridgeInfo> bridges =
        List.of(bridge("roomy-0", "us-east", 0.85, 0.95), bridge("other-0", "us-east", 0.3, null));
    Selection selection =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "us-east", bridges, Map.of("roomy-0", 2));
    assertEquals("roomy-0", selection.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.CONFERENCE_BRIDGE_IN_REGION, selection.outcome());

    List<BridgeInfo> defaults =
        List.of(bridge("roomy-0", "us-east", 0.85, null), bridge("other-0", "us-east", 0.3, null));
    assertEquals(
        "other-0",
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "us-east", defaults, Map.of("roomy-0", 2))
            .bridge()
            .orElseThrow()
            .id(),
        "without the pool's threshold the policy's 0.8 applies");
  }

  @Test
  void regionGroupsComeFromTheOperatorsSettings() {
    OctopodOperator.Settings settings =
        OctopodOperator.Settings.fromEnvironment(
            Map.of("REGION_GROUPS", " us-east , us-east-2 ;eu-west,eu-central;; "));
    RegionGroups groups = settings.regionGroups();
    assertTrue(groups.sameGroup("us-east-2", "us-east"));
    assertTrue(groups.sameGroup("eu-central", "eu-west"));
    assertFalse(groups.sameGroup("us-east", "eu-west"));

    // A participant in us-east-2, where no bridge is, counts the us-east bridge as local.
    List<BridgeInfo> bridges =
        List.of(bridge("use-0", "us-east", 0.2, null), bridge("euw-0", "eu-west", 0.1, null));
    Selection grouped =
        selector(SelectionPolicy.DEFAULT.withRegionGroups(groups))
            .select(StrategyName.RegionBased, "us-east-2", bridges, Map.of("euw-0", 1));
    assertEquals("use-0", grouped.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.BRIDGE_IN_REGION, grouped.outcome());
    Selection ungrouped =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "us-east-2", bridges, Map.of("euw-0", 1));
    assertEquals("euw-0", ungrouped.bridge().orElseThrow().id(), "no group: the conference's");
  }

  @Test
  void settingsWithoutGroupsAndBadGroups() {
    assertFalse(
        OctopodOperator.Settings.fromEnvironment(Map.of())
            .regionGroups()
            .sameGroup("us-east-2", "us-east"));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> RegionGroups.parse("us-east,us-east-2;us-east,eu-west"));
    assertTrue(twice.getMessage().contains("us-east"), twice.getMessage());
  }
}
