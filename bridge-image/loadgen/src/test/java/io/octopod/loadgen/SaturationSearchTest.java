package io.octopod.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SaturationSearchTest {

  /** A bridge that forwards 10,000 packets/s per unit of factor, without loss up to a limit. */
  private static SaturationSearch.Probe bridgeSustaining(double limit) {
    return f ->
        new StepResult(
            f,
            f * 1000,
            0,
            f * 10_000,
            0,
            f <= limit ? 0.0 : 0.02,
            1,
            2,
            3,
            4,
            0.5,
            1,
            0.5,
            -1,
            -1,
            0,
            0,
            0);
  }

  @Test
  void growsUntilLossThenBisectsTowardTheLimit() throws Exception {
    SaturationSearch.Outcome o =
        new SaturationSearch(1.5, 3, 20, false).run(1, bridgeSustaining(3.7));
    // 1, 1.5, 2.25, 3.375 sustained; 5.06 fails; three bisections between 3.375 and 5.06.
    assertEquals(8, o.steps().size());
    assertTrue(o.best().factor() <= 3.7 && o.best().factor() > 3.375, "best " + o.best());
    assertTrue(o.best().sustained());
    assertEquals(o.best().factor() * 10_000, o.best().egressPacketsPerSecond(), 1e-6);
  }

  @Test
  void stopsAtTheStepLimitWhenNothingFails() throws Exception {
    SaturationSearch.Outcome o = new SaturationSearch(2, 2, 4, false).run(1, bridgeSustaining(1e9));
    assertEquals(4, o.steps().size());
    assertEquals(8, o.best().factor(), 1e-9);
  }

  @Test
  void looksBelowAStartThatAlreadyFails() throws Exception {
    SaturationSearch.Outcome o =
        new SaturationSearch(1.5, 2, 20, false).run(10, bridgeSustaining(2));
    assertTrue(o.best() != null && o.best().factor() <= 2, "found a sustained step: " + o);
    assertNull(new SaturationSearch(1.5, 1, 20, false).run(10, bridgeSustaining(0.01)).best());
  }

  @Test
  void aFailureIsMeasuredAgainWhenFailuresAreConfirmed() throws Exception {
    // A stall hits the first measurement at factor 2.25 only; the search goes on past it.
    int[] calls = {0};
    SaturationSearch.Probe stalledOnce =
        f -> {
          calls[0]++;
          boolean stalled = f > 2 && f < 3 && calls[0] == 3;
          return bridgeSustaining(stalled ? 0 : 3.7).measure(f);
        };
    SaturationSearch.Outcome o = new SaturationSearch(1.5, 0, 20, true).run(1, stalledOnce);
    assertEquals(3.375, o.best().factor(), 1e-9);
    // 1, 1.5, 2.25 (stalled), 2.25 again, 3.375, 5.06 and 5.06 again (both over the limit).
    assertEquals(7, o.steps().size());
    SaturationSearch.Outcome once =
        new SaturationSearch(1.5, 0, 20, false).run(1, bridgeSustaining(1.2));
    assertEquals(2, once.steps().size(), "without confirmation a failure ends the growth");
  }

  @Test
  void aStepWithNothingReceivedIsNotSustained() {
    StepResult nothing = new StepResult(1, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0);
    assertTrue(!nothing.sustained());
    assertThrows(IllegalArgumentException.class, () -> new SaturationSearch(1, 1, 1, false));
  }
}
