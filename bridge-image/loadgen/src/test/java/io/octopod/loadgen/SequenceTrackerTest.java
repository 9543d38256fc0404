package io.octopod.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

  @Test
  void countsGapsAcrossTheWrapAndForgivesReordering() {
    SequenceTracker t = new SequenceTracker();
    for (int s = 65_530; s < 65_536 + 10; s++) {
      if (s != 65_534 && s != 65_537) {
        t.received(s & 0xffff);
      }
    }
    assertEquals(16, t.expected());
    assertEquals(2, t.lost());
    t.received(65_534);
    assertEquals(1, t.lost(), "a late packet counts as received");
    t.reset();
    assertEquals(0, t.expected());
    t.received(100);
    t.received(103);
    assertEquals(2, t.lost());
  }
}
