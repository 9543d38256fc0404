package io.octopod.operator.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BridgeSelectorTest {

  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  /** Stats in these tests are read before the joins, so assignments stay pending. */
  private static BridgeInfo bridge(String id, String region, double stress) {
    return new BridgeInfo(id, region, BridgeState.READY, stress, 0, T0.minusSeconds(1));
  }

  private static BridgeInfo bridge(String id, String region, BridgeState state) {
    return new BridgeInfo(id, region, state, 0.1, 0, T0.minusSeconds(1));
  }

  private static final List<BridgeInfo> TWO_REGIONS =
      List.of(
          bridge("use-0", "us-east", 0.10),
          bridge("use-1", "us-east", 0.05),
          bridge("aps-0", "ap-southeast", 0.20),
          bridge("aps-1", "ap-southeast", 0.25));

  /** Joins participants one after another and returns the bridge each landed on. */
  private static List<String> joinAll(
      BridgeSelector selector,
      StrategyName strategy,
      List<BridgeInfo> directory,
      List<String> regions) {
    Map<String, Integer> conference = new HashMap<>();
    List<String> landed = new ArrayList<>();
    for (String region : regions) {
      Selection selection = selector.select(strategy, region, directory, conference);
      String id = selection.bridge().orElseThrow().id();
      conference.merge(id, 1, Integer::sum);
      landed.add(id);
    }
    return landed;
  }

  private static BridgeSelector selector(SelectionPolicy policy) {
    return new BridgeSelector(policy, Clock.fixed(T0, ZoneOffset.UTC));
  }

  private static String regionOf(String bridgeId) {
    return bridgeId.startsWith("use") ? "us-east" : "ap-southeast";
  }

  static Stream<Arguments> scenarioAOrders() {
    return Stream.of(
        Arguments.of(List.of("us-east", "us-east", "ap-southeast")),
        Arguments.of(List.of("us-east", "ap-southeast", "us-east")),
        Arguments.of(List.of("ap-southeast", "us-east", "us-east")));
  }

  /** Seed scenario A: 2 US-East and 1 Sydney participant, in every join order. */
  @ParameterizedTest
  @MethodSource("scenarioAOrders")
  void scenarioA_twoUsOneSydneyEndOnOneBridgePerRegion(List<String> order) {
    List<String> landed =
        joinAll(selector(SelectionPolicy.DEFAULT), StrategyName.RegionBased, TWO_REGIONS, order);
    for (int i = 0; i < order.size(); i++) {
      assertEquals(order.get(i), regionOf(landed.get(i)), "participant " + i + " is local");
    }
    assertEquals(2, Set.copyOf(landed).size(), "exactly two bridges: " + landed);
  }

  /** Seed scenario B: 2 US and 2 Australian participants use one bridge per region. */
  @Test
  void scenarioB_twoAndTwoUseOneBridgePerRegion() {
    List<String> landed =
        joinAll(
            selector(SelectionPolicy.DEFAULT),
            StrategyName.RegionBased,
            TWO_REGIONS,
            List.of("ap-southeast", "us-east", "ap-southeast", "us-east"));
    assertEquals(landed.get(0), landed.get(2));
    assertEquals(landed.get(1), landed.get(3));
    assertEquals("aps-0", landed.get(0), "least loaded in its region");
    assertEquals("use-1", landed.get(1), "least loaded in its region");
  }

  /** Seed scenario C: a full region overflows to the conference's existing bridges. */
  @Test
  void scenarioC_fullRegionOverflowsToTheConferencesBridge() {
    List<BridgeInfo> directory =
        List.of(
            bridge("use-0", "us-east", 0.10),
            bridge("aps-0", "ap-southeast", 0.95),
            bridge("aps-1", "ap-southeast", 0.90),
            bridge("eu-0", "eu-west", 0.00));
    BridgeSelector selector = selector(SelectionPolicy.DEFAULT);
    Map<String, Integer> conference = new HashMap<>(Map.of("use-0", 3));
    Selection selection =
        selector.select(StrategyName.RegionBased, "ap-southeast", directory, conference);
    assertEquals("use-0", selection.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.CONFERENCE_BRIDGE, selection.outcome());
  }

  @Test
  void neverChoosesDrainingUnhealthyOrNotReadyBridges() {
    List<BridgeInfo> directory =
        List.of(
            bridge("a", "us-east", BridgeState.DRAINING),
            bridge("b", "us-east", BridgeState.UNHEALTHY),
            bridge("c", "us-east", BridgeState.NOT_READY),
            bridge("d", "eu-west", 0.99));
    Selection selection =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "us-east", directory, Map.of("a", 5));
    assertEquals("d", selection.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.LEAST_LOADED, selection.outcome());
  }

  @Test
  void noBridgeWhenNoneIsReady() {
    Selection selection =
        selector(SelectionPolicy.DEFAULT)
            .select(
                StrategyName.RegionBased,
                "us-east",
                List.of(bridge("a", "us-east", BridgeState.DRAINING)),
                Map.of());
    assertTrue(selection.bridge().isEmpty());
    assertEquals(SelectionOutcome.NO_BRIDGE, selection.outcome());
  }

  @Test
  void aBurstOfJoinsSpreadsBeforeStatsCatchUp() {
    // Two empty bridges in one region; each assignment adds 0.3 pending stress.
    SelectionPolicy policy =
        new SelectionPolicy(0.8, 0, 0.3, Duration.ofSeconds(15), RegionGroups.NONE);
    List<BridgeInfo> directory = List.of(bridge("a", "us-east", 0.0), bridge("b", "us-east", 0.0));
    BridgeSelector selector = selector(policy);
    Set<String> used = new LinkedHashSet<>();
    for (int conferenceIndex = 0; conferenceIndex < 4; conferenceIndex++) {
      // Different conferences, so only load decides.
      used.add(
          selector
              .select(StrategyName.RegionBased, "us-east", directory, Map.of())
              .bridge()
              .orElseThrow()
              .id());
    }
    assertEquals(Set.of("a", "b"), used);
  }

  @Test
  void pendingAssignmentsStopCountingOnceStatsAreNewer() {
    PendingAssignments pending = new PendingAssignments(Duration.ofSeconds(15));
    pending.record("a", T0);
    assertEquals(1, pending.pending("a", T0.minusSeconds(1), T0.plusSeconds(1)));
    assertEquals(0, pending.pending("a", T0.plusSeconds(1), T0.plusSeconds(2)), "stats caught up");
    pending.record("a", T0);
    assertEquals(0, pending.pending("a", T0.minusSeconds(1), T0.plusSeconds(16)), "window passed");
  }

  @Test
  void perBridgeConferenceCapMovesParticipantsToAnotherBridge() {
    SelectionPolicy capped = SelectionPolicy.DEFAULT.withMaxParticipantsPerBridge(2);
    List<String> landed =
        joinAll(
            selector(capped),
            StrategyName.RegionBased,
            TWO_REGIONS,
            List.of("us-east", "us-east", "us-east", "us-east", "us-east"));
    Map<String, Long> perBridge = new HashMap<>();
    landed.forEach(id -> perBridge.merge(id, 1L, Long::sum));
    assertTrue(perBridge.values().stream().allMatch(n -> n <= 2), perBridge.toString());
    assertEquals(2L, perBridge.get("use-0") + perBridge.get("use-1") - 2, "US fills up first");
  }

  @Test
  void regionGroupsMakeNearbyRegionsLocal() {
    List<BridgeInfo> directory =
        List.of(bridge("use2-0", "us-east-2", 0.3), bridge("euw-0", "eu-west", 0.0));
    SelectionPolicy grouped =
        SelectionPolicy.DEFAULT.withRegionGroups(
            new RegionGroups(List.of(List.of("us-east", "us-east-2"))));
    Selection selection =
        selector(grouped).select(StrategyName.RegionBased, "us-east", directory, Map.of());
    assertEquals("use2-0", selection.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.BRIDGE_IN_REGION, selection.outcome());

    Selection ungrouped =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "us-east", directory, Map.of());
    assertEquals("euw-0", ungrouped.bridge().orElseThrow().id(), "without the group: least loaded");
  }

  @Test
  void singleKeepsTheWholeConferenceOnOneBridge() {
    List<String> landed =
        joinAll(
            selector(SelectionPolicy.DEFAULT),
            StrategyName.Single,
            TWO_REGIONS,
            List.of("ap-southeast", "us-east", "us-east", "ap-southeast"));
    assertEquals(Set.of("aps-0"), Set.copyOf(landed), "star on the first participant's bridge");
  }

  @Test
  void splitPutsEachNewParticipantOnANewBridge() {
    List<String> landed =
        joinAll(
            selector(SelectionPolicy.DEFAULT),
            StrategyName.Split,
            TWO_REGIONS,
            List.of("us-east", "us-east", "us-east", "us-east"));
    assertEquals(4, Set.copyOf(landed).size(), landed.toString());
    assertTrue(landed.subList(0, 2).stream().allMatch(id -> id.startsWith("use")), "local first");
  }

  @Test
  void intraRegionStaysInAnOverloadedRegion() {
    List<BridgeInfo> directory =
        List.of(bridge("aps-0", "ap-southeast", 0.95), bridge("use-0", "us-east", 0.0));
    Selection intra =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.IntraRegion, "ap-southeast", directory, Map.of());
    assertEquals("aps-0", intra.bridge().orElseThrow().id());
    Selection regionBased =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.RegionBased, "ap-southeast", directory, Map.of());
    assertEquals("use-0", regionBased.bridge().orElseThrow().id());
    assertFalse(intra.bridge().equals(regionBased.bridge()));
  }

  @Test
  void intraRegionLeavesARegionWithoutBridges() {
    Selection selection =
        selector(SelectionPolicy.DEFAULT)
            .select(StrategyName.IntraRegion, "sa-east", TWO_REGIONS, Map.of());
    assertEquals("use-1", selection.bridge().orElseThrow().id());
    assertEquals(SelectionOutcome.LEAST_LOADED, selection.outcome());
  }
}
