package io.octopod.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.api.v1alpha1.ConferenceStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConferenceStatusModelTest {

  private static final BridgeRef USE =
      new BridgeRef("use-0", "us-east", "us-east", "10.0.0.1:4096");
  private static final BridgeRef APS =
      new BridgeRef("aps-0", "ap-southeast", "ap-southeast", "10.0.1.1:4096");
  private static final BridgeRef EUW =
      new BridgeRef("euw-0", "eu-west", "eu-west", "10.0.2.1:4096");

  @Test
  void twoRegionsGiveTwoBridgesAndOneLink() {
    ConferenceStatus status =
        ConferenceStatusModel.observed(
            List.of(
                new ParticipantPlacement("a", "us-east", USE),
                new ParticipantPlacement("b", "us-east", USE),
                new ParticipantPlacement("c", "ap-southeast", APS)));
    assertEquals(3, status.getParticipants());
    assertEquals(Map.of("us-east", 2, "ap-southeast", 1), status.getParticipantsByRegion());
    assertEquals(2, status.getBridgeCount());
    assertEquals("ap-southeast,us-east", status.getRegionSummary());
    assertEquals(1, status.getOctoLinks().size());
    assertEquals("aps-0", status.getOctoLinks().get(0).getFrom());
    assertEquals("use-0", status.getOctoLinks().get(0).getTo());
    assertEquals(
        2,
        status.getBridges().stream()
            .filter(b -> b.getRelayId().equals("use-0"))
            .findFirst()
            .orElseThrow()
            .getParticipants());
  }

  @Test
  void oneBridgeNeedsNoOcto() {
    ConferenceStatus status =
        ConferenceStatusModel.observed(List.of(new ParticipantPlacement("a", "us-east", USE)));
    assertEquals(List.of(), status.getOctoLinks());
    assertFalse(new OctoMesh(List.of(USE, USE)).needed(), "the same bridge twice is one bridge");
  }

  @Test
  void emptyConferenceHasNoBridges() {
    ConferenceStatus status = ConferenceStatusModel.observed(List.of());
    assertEquals(0, status.getParticipants());
    assertEquals(0, status.getBridgeCount());
    assertEquals("", status.getRegionSummary());
  }

  @Test
  void threeBridgesFormAFullMeshAndEachLearnsTheOthers() {
    OctoMesh mesh = new OctoMesh(List.of(USE, APS, EUW));
    assertTrue(mesh.needed());
    assertEquals(3, mesh.links().size());
    assertEquals(Map.of("aps-0", "10.0.1.1:4096", "euw-0", "10.0.2.1:4096"), mesh.peersOf("use-0"));
    assertEquals(
        List.of(
            new OctoMesh.Link("aps-0", "euw-0"),
            new OctoMesh.Link("aps-0", "use-0"),
            new OctoMesh.Link("euw-0", "use-0")),
        mesh.links());
  }
}
