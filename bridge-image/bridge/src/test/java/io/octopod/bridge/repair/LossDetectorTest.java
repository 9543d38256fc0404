package io.octopod.bridge.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LossDetectorTest {

  private static final long MS = 1_000_000L;
  private final RepairCounters counters = new RepairCounters();
  private final LossDetector detector = new LossDetector(counters);
  private final int[] out = new int[64];

  private int[] due(long now) {
    return Arrays.copyOf(out, detector.due(out, now, 100 * MS));
  }

  @Test
  void aGapIsNackedOncePerRoundTripUntilItArrives() {
    detector.received(65534, 0);
    detector.received(1, 0); // 65535 and 0 lost across the wrap
    assertArrayEquals(new int[] {65535, 0}, due(0));
    assertArrayEquals(new int[0], due(50 * MS), "not again within a round trip");
    assertArrayEquals(new int[] {65535, 0}, due(100 * MS));
    assertTrue(detector.received(0, 120 * MS), "a repair");
    assertArrayEquals(new int[] {65535}, due(200 * MS));
    assertEquals(2, counters.snapshot().lossesDetected());
    assertEquals(1, counters.snapshot().repaired());
  }

  @Test
  void aPacketTooOldToHelpIsGivenUp() {
    detector.received(10, 0);
    detector.received(12, 0);
    assertArrayEquals(new int[] {11}, due(0));
    assertArrayEquals(new int[0], due(LossDetector.GIVE_UP_NANOS + MS));
    assertEquals(0, detector.missingCount());
    assertEquals(1, counters.snapshot().unrepaired());
  }

  @Test
  void aHugeJumpIsARestartNotALoss() {
    detector.received(100, 0);
    detector.received(100 + LossDetector.MAX_GAP + 1, 0);
    assertEquals(0, detector.missingCount());
    detector.received(90, 0);
    assertEquals(0, counters.snapshot().repaired(), "reordering of old packets is not a repair");
  }

  @Test
  void triesAreBounded() {
    detector.received(1, 0);
    detector.received(3, 0);
    int asked = 0;
    for (int i = 0; i < 50; i++) {
      asked += detector.due(out, i * MS, MS);
    }
    assertTrue(asked <= LossDetector.MAX_TRIES, "asked " + asked);
  }
}
