package io.octopod.bridge.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.octopod.bridge.replay.ReplayWindow.Verdict;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The replay list of RFC 3711 §3.3.2, against its definition and against a plain set. */
class ReplayWindowTest {

  @Test
  void theFirstIndexAndEveryHigherOneAreNew() {
    ReplayWindow w = new ReplayWindow();
    assertEquals(Verdict.NEW, w.check(1000));
    w.record(1000);
    assertEquals(Verdict.NEW, w.check(1001));
    assertEquals(Verdict.NEW, w.check(1_000_000));
  }

  @Test
  void aRecordedIndexIsReplayedAndAnUnseenOneInTheWindowIsNew() {
    ReplayWindow w = new ReplayWindow();
    w.record(100);
    w.record(103);
    assertEquals(Verdict.REPLAYED, w.check(100));
    assertEquals(Verdict.REPLAYED, w.check(103));
    assertEquals(Verdict.NEW, w.check(101), "skipped over, still welcome");
    assertEquals(Verdict.NEW, w.check(102));
    w.record(101);
    assertEquals(Verdict.REPLAYED, w.check(101));
  }

  @Test
  void theWindowEdgeIsExact() {
    ReplayWindow w = new ReplayWindow(64);
    w.record(1000);
    assertEquals(Verdict.NEW, w.check(1000 - 63), "the oldest index the window holds");
    assertEquals(Verdict.TOO_OLD, w.check(1000 - 64), "one behind it");
  }

  @Test
  void aJumpOfAWholeWindowForgetsEverythingBehind() {
    ReplayWindow w = new ReplayWindow(64);
    for (long i = 0; i < 64; i++) {
      w.record(i);
    }
    w.record(63 + 64 + 10);
    // 74..136 are in the window now and none was seen, although their slots held 0..63.
    for (long i = 63 + 10 + 1; i < 63 + 64 + 10; i++) {
      assertEquals(Verdict.NEW, w.check(i), "index " + i);
    }
  }

  @Test
  void recordingAnIndexTooOldToHoldChangesNothing() {
    ReplayWindow w = new ReplayWindow(64);
    w.record(200);
    w.record(200 - 64 - 3); // shares a slot with 197; must not mark it
    assertEquals(Verdict.NEW, w.check(197));
  }

  @Test
  void sizesMustBeMultiplesOf64() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(63));
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(100));
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(0));
    assertEquals(Verdict.NEW, new ReplayWindow(1024).check(5));
  }

  @Test
  void agreesWithASetOfEverythingAcceptedOnRandomReorderedTraffic() {
    for (int size : new int[] {64, 128, 1024}) {
      Random random = new Random(size);
      ReplayWindow w = new ReplayWindow(size);
      Set<Long> accepted = new HashSet<>();
      long highest = -1;
      long next = 5_000;
      for (int n = 0; n < 200_000; n++) {
        // Mostly in order, some late, some duplicated, some far ahead.
        int dice = random.nextInt(100);
        long index;
        if (dice < 70) {
          index = next++;
        } else if (dice < 90) {
          index = Math.max(0, next - 1 - random.nextInt(size + size / 2));
        } else if (dice < 98) {
          index = next - 1; // a duplicate of the latest (or an old one after a jump)
        } else {
          next += random.nextInt(3 * size);
          index = next++;
        }
        Verdict expected;
        if (highest >= 0 && highest - index >= size) {
          expected = Verdict.TOO_OLD;
        } else if (accepted.contains(index)) {
          expected = Verdict.REPLAYED;
        } else {
          expected = Verdict.NEW;
        }
        assertEquals(expected, w.check(index), "size " + size + ", step " + n + ", index " + index);
        if (expected == Verdict.NEW) {
          w.record(index);
          accepted.add(index);
          highest = Math.max(highest, index);
        }
      }
    }
  }
}
