package io.octopod.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  private static void assertNear(long expected, long actual) {
    assertTrue(
        Math.abs(actual - expected) <= Math.max(1, expected / 60),
        "expected about " + expected + ", got " + actual);
  }

  @Test
  void percentilesOfAUniformSpreadAreWithinTheBucketPrecision() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 1_000_000; v++) {
      h.record(v * 1000);
    }
    assertEquals(1_000_000, h.count());
    assertNear(500_000_000L, h.percentile(0.5));
    assertNear(990_000_000L, h.percentile(0.99));
    assertNear(999_000_000L, h.percentile(0.999));
    assertEquals(1_000_000_000L, h.max());
    assertEquals(1_000_000_000L, h.percentile(1.0));
  }

  @Test
  void aFewSlowPacketsShowInTheTailOnly() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 9_990; i++) {
      h.record(100_000);
    }
    for (int i = 0; i < 10; i++) {
      h.record(50_000_000);
    }
    assertNear(100_000, h.percentile(0.5));
    assertNear(100_000, h.percentile(0.99));
    assertNear(100_000, h.percentile(0.999));
    assertNear(50_000_000, h.percentile(0.9995));
  }

  @Test
  void emptyNegativeAndMergedHistograms() {
    LatencyHistogram h = new LatencyHistogram();
    assertEquals(0, h.percentile(0.99));
    h.record(-5);
    assertEquals(0, h.percentile(0.5));
    LatencyHistogram other = new LatencyHistogram();
    other.record(7);
    other.record(63);
    h.add(other);
    assertEquals(3, h.count());
    assertEquals(63, h.percentile(1.0));
    assertEquals(7, h.percentile(0.5));
    h.reset();
    assertEquals(0, h.count());
  }

  @Test
  void bucketsAreContiguousAndTheirEdgesContainTheirValues() {
    for (long v = 0; v < 1 << 20; v += 7) {
      int i = LatencyHistogram.index(v);
      assertTrue(LatencyHistogram.upperEdge(i) >= v, "edge of " + v);
      assertTrue(i == 0 || LatencyHistogram.upperEdge(i - 1) < v, "previous edge of " + v);
    }
    assertTrue(LatencyHistogram.index(Long.MAX_VALUE) < 64 * 64);
  }
}
