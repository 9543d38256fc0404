package io.octopod.bridge.bwe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The estimator on a simulated bottleneck: converging under it, recovering, reacting to loss. */
class BandwidthEstimatorTest {

  @Test
  void convergesBelowABottleneckAndClimbsBackWhenItLifts() {
    SimulatedLink link = new SimulatedLink(400_000, 1_500_000);
    link.run(20_000);
    long limited = link.estimator.estimate();
    System.out.printf(
        "400 kbit/s bottleneck: estimate %d bit/s, RTT %.0f ms%n",
        limited, link.estimator.rttNanos() / 1e6);
    assertTrue(limited < 400_000 && limited > 200_000, "estimate " + limited);
    assertTrue(
        link.estimator.rttNanos() >= 40_000_000L,
        "RTT includes both 20 ms legs: " + link.estimator.rttNanos());

    link.capacity = 10_000_000;
    link.desired = 2_000_000;
    link.run(20_000);
    long lifted = link.estimator.estimate();
    System.out.printf("limit lifted: estimate %d bit/s after 20 s%n", lifted);
    assertTrue(lifted >= 1_200_000, "estimate " + lifted);
  }

  @Test
  void probesFindTheFreedCapacityFasterThanTheSteadyIncrease() {
    long[] after10s = new long[2];
    for (int probing = 0; probing < 2; probing++) {
      SimulatedLink link = new SimulatedLink(400_000, 1_500_000);
      link.probing = probing == 1;
      link.run(20_000);
      long limited = link.estimator.estimate();
      assertTrue(
          limited < 400_000, "a probe does not lift the estimate over a real limit: " + limited);
      link.capacity = 10_000_000;
      link.desired = 2_000_000;
      link.run(10_000);
      after10s[probing] = link.estimator.estimate();
    }
    System.out.printf(
        "10 s after a 400 kbit/s limit lifts: %d bit/s without probes, %d with%n",
        after10s[0], after10s[1]);
    assertTrue(after10s[1] >= 1_500_000, "with probes: " + after10s[1]);
    assertTrue(after10s[1] > after10s[0] * 1.5, after10s[0] + " vs " + after10s[1]);
  }

  @Test
  void heavyLossCutsTheEstimateEvenWithoutQueueing() {
    SimulatedLink link = new SimulatedLink(50_000_000, 2_000_000);
    link.desired = 2_000_000;
    link.run(3_000);
    long before = link.estimator.estimate();
    link.loss = 0.25;
    link.run(5_000);
    long after = link.estimator.estimate();
    System.out.printf("25%% loss: estimate %d -> %d bit/s%n", before, after);
    // About x(1 - loss/2) a second once the loss shows in a whole window (GCC reacts slowly by
    // design, so a burst does not crash the rate).
    assertTrue(after < before * 0.8, before + " -> " + after);
  }

  @Test
  void anAmpleLinkIsNotMistakenForCongestion() {
    SimulatedLink link = new SimulatedLink(50_000_000, 1_000_000);
    link.desired = 3_000_000;
    link.run(20_000);
    long estimate = link.estimator.estimate();
    assertTrue(estimate >= 2_500_000, "estimate " + estimate);
    assertTrue(link.estimator.signal() != TrendlineDetector.Signal.OVERUSING);
  }
}
