package io.octopod.operator.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a participant's region comes from: header, then query if allowed, then the focus's own. */
class FocusSettingsTest {

  private static FocusSettings settings(boolean queryAllowed) {
    return new FocusSettings(
        "127.0.0.1", 0, "ns", "us-east", "X-Octopod-Region", queryAllowed, false, 1000);
  }

  @Test
  void theLoadBalancersHeaderWins() {
    assertEquals("ap-southeast", settings(true).regionOf("AP-Southeast ", "eu-west"));
  }

  @Test
  void theQueryCountsOnlyWhenAllowed() {
    assertEquals("eu-west", settings(true).regionOf(null, "eu-west"));
    assertEquals("us-east", settings(false).regionOf(null, "eu-west"));
  }

  @Test
  void nonsenseIsIgnoredNotTrusted() {
    assertEquals("us-east", settings(true).regionOf("../etc", "a b"));
    assertEquals("us-east", settings(true).regionOf("", ""));
    assertEquals("us-east", settings(true).regionOf("x".repeat(70), null));
  }

  @Test
  void defaultsFromAnEmptyEnvironment() {
    FocusSettings s = FocusSettings.fromEnvironment(Map.of(), "octopod");
    assertEquals(8443, s.port());
    assertEquals("octopod", s.namespace());
    assertEquals(FocusSettings.DEFAULT_REGION_HEADER, s.regionHeader());
    assertEquals(false, s.adHocRooms(), "closed by default");
    assertEquals(false, s.regionFromQuery());
  }
}
