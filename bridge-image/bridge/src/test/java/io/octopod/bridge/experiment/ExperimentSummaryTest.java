package io.octopod.bridge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentSummaryTest {

  private static PairSample far(String setup, int repetition, long freezes, long lost) {
    return PairSamples.sample(setup, repetition, PairGroup.FAR, freezes, lost);
  }

  @Test
  void spreadIsTheMedianAndRangeOfTheRuns() {
    Spread odd = Spread.of(List.of(3.0, 1.0, 2.0));
    assertEquals(2.0, odd.median());
    assertEquals(1.0, odd.min());
    assertEquals(3.0, odd.max());
    assertEquals(2.5, Spread.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    assertEquals("2.0 (1.0–3.0)", odd.format(1));
    assertEquals("–", Spread.of(List.of(Double.NaN)).format(1), "nothing measured");
  }

  @Test
  void metricsPoolCountsOverPairsBeforeDividing() {
    List<PairSample> pairs = List.of(far("star", 1, 2, 100), far("star", 1, 0, 0));
    assertEquals(50.0, Metric.JITTER_BUFFER.of(pairs), 1e-9, "ms per frame");
    assertEquals(1.0, Metric.FREEZES.of(pairs), 1e-9, "2 freezes in 2 stream-minutes");
    assertEquals(100.0 * 0.5 * 2 / 120, Metric.FROZEN.of(pairs), 1e-9);
    assertEquals(100.0 * 100 / (100 + 19800), Metric.CHROMIUM_LOST.of(pairs), 1e-9);
    assertEquals(170.0, Metric.E2E_RTT.of(pairs), 1e-9, "median of every ping");
    assertEquals(25.0, Metric.PING_LOSS.of(pairs), 1e-9, "3 of 4 pings answered");
    assertEquals(1000.0 / 60, Metric.FRAME_RATE.of(pairs), 1e-9);
    assertEquals(360.0, Metric.RECEIVED_HEIGHT.of(pairs), 1e-9);
    assertEquals(1.0, Metric.LAYER_SWITCHES.of(pairs), 1e-9, "2 switches in 2 stream-minutes");
    assertEquals(3.0, Metric.KEYFRAME_REQUESTS.of(pairs), 1e-9, "6 PLIs in 2 stream-minutes");
  }

  @Test
  void eachRepetitionIsOneValueOfTheSpread() {
    ExperimentSummary summary =
        new ExperimentSummary(
            List.of(
                far("star", 1, 6, 0),
                far("star", 2, 2, 0),
                far("star", 3, 4, 0),
                far("cascade", 1, 0, 0)));
    Spread star = summary.spread(Metric.FREEZES, PairGroup.FAR, "star");
    assertEquals(List.of(2.0, 4.0, 6.0), star.values());
    assertEquals(4.0, star.median());
    assertEquals(List.of(0.0), summary.spread(Metric.FREEZES, PairGroup.FAR, "cascade").values());
    assertTrue(
        summary.spread(Metric.FREEZES, PairGroup.NEAR_A, "star").values().isEmpty(),
        "no near pairs measured");
    String table = summary.markdownTable();
    assertTrue(
        table.contains("| freezes (/min) | far (A ↔ B) | 4.00 (2.00–6.00) | 0.00 (0.00–0.00) |"),
        table);
    assertTrue(
        summary.csv().contains("FREEZES,/min,FAR,star,4.0000,2.0000,6.0000,2.0000;4.0000;6.0000"));
  }
}
