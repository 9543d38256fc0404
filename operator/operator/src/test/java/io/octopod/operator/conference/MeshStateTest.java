package io.octopod.operator.conference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.control.OctoKey;
import io.octopod.protocol.control.OctoKeyCheck;
import io.octopod.protocol.control.OctoRelay;
import io.octopod.protocol.control.RemoteEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the mesh compares between a bridge's report and the stored state, and how it is stored. */
class MeshStateTest {

  private static final OctoKey KEY = new OctoKey(2, "AAECAwQFBgcICQoLDA0ODw==");
  private static final OctoKey OTHER_KEY_SAME_ID = new OctoKey(2, "DwAODQwLCgkIBwYFBAMCAQ==");
  private static final OctoKey PREVIOUS = new OctoKey(1, "EBESExQVFhcYGRobHB0eHw==");

  private static ConferenceRequest desired() {
    return new ConferenceRequest(
        "octopod/standup",
        42,
        new OctoConfig(
            1,
            KEY,
            PREVIOUS,
            List.of(new OctoRelay("ap-0", 2, "10.0.0.2:4096")),
            List.of(new RemoteEndpoint("bob", "ap-0"))));
  }

  private static ConferenceInfo reported(
      int ownNumber, Map<String, Integer> peers, OctoKey key, Integer previousKeyId) {
    return new ConferenceInfo(
        "octopod.standup",
        "octopod/standup",
        42,
        List.of(),
        List.copyOf(peers.keySet()),
        List.of(new RemoteEndpoint("bob", "ap-0")),
        key.keyId(),
        ownNumber,
        peers,
        previousKeyId,
        OctoKeyCheck.of(key));
  }

  @Test
  void aBridgeThatHoldsTheStoredStateIsLeftAlone() {
    assertTrue(ConferenceMesh.matches(reported(1, Map.of("ap-0", 2), KEY, 1), desired()));
  }

  @Test
  void aBridgeWithOtherRelayNumbersIsRewired() {
    assertFalse(
        ConferenceMesh.matches(reported(3, Map.of("ap-0", 2), KEY, 1), desired()),
        "its own number differs");
    assertFalse(
        ConferenceMesh.matches(reported(1, Map.of("ap-0", 1), KEY, 1), desired()),
        "the number it has for the peer differs");
  }

  @Test
  void aBridgeWithAnotherKeyUnderTheSameIdIsRewired() {
    assertFalse(
        ConferenceMesh.matches(reported(1, Map.of("ap-0", 2), OTHER_KEY_SAME_ID, 1), desired()));
    assertFalse(
        ConferenceMesh.matches(reported(1, Map.of("ap-0", 2), KEY, null), desired()),
        "it lacks the previous key");
  }

  @Test
  void aBridgeFromBeforeTheNumbersWereReportedIsRewired() {
    ConferenceInfo old =
        new ConferenceInfo(
            "octopod.standup",
            "octopod/standup",
            42,
            List.of(),
            List.of("ap-0"),
            List.of(new RemoteEndpoint("bob", "ap-0")),
            2);
    assertFalse(ConferenceMesh.matches(old, desired()));
  }

  @Test
  void relayNumbersRoundTripThroughTheSecretsText() {
    Map<String, Integer> numbers = Map.of("us-east-0", 1, "ap-southeast-0", 2, "us-east-1", 3);
    String text = MeshStateStore.formatNumbers(numbers);
    assertEquals("ap-southeast-0=2\nus-east-0=1\nus-east-1=3\n", text);
    assertEquals(numbers, MeshStateStore.parseNumbers(text));
  }
}
