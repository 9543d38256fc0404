package io.octopod.bridge.experiment;

import java.util.List;

/** Pair samples for the experiment's unit tests, with only the fields a test varies. */
final class PairSamples {

  private PairSamples() {}

  /**
   * A pair over 60 s: 1,000 frames decoded and emitted, 50 ms each in the jitter buffer, half a
   * second per freeze, 30 NACKs, 3 PLIs, 25 retransmissions, 9,900 packets received, 360 px with
   * one switch, three answered pings of four.
   */
  static PairSample sample(String setup, int repetition, PairGroup group, long freezes, long lost) {
    return new PairSample(
        setup,
        repetition,
        "r",
        "s",
        group,
        60,
        1000,
        50.0,
        1000,
        freezes,
        0.5 * freezes,
        30,
        3,
        25,
        lost,
        9900,
        360,
        1,
        List.of(170.0, 160.0, 200.0),
        4);
  }
}
