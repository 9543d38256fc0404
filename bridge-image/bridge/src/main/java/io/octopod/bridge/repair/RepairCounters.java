package io.octopod.bridge.repair;

import io.octopod.protocol.control.RepairStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loss-repair figures for one endpoint, both legs: what it asked of the bridge as a receiver, and
 * what the bridge asked of it as a sender. Written on the media thread, read by stats.
 */
public final class RepairCounters {

  private final LongAdder nacksReceived = new LongAdder();
  private final LongAdder retransmissions = new LongAdder();
  private final LongAdder resendsSuppressed = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder nacksSent = new LongAdder();
  private final LongAdder lossesDetected = new LongAdder();
  private final LongAdder repaired = new LongAdder();
  private final LongAdder unrepaired = new LongAdder();

  /** A sequence number a receiver NACKed. */
  public void nackReceived() {
    nacksReceived.increment();
  }

  /** A packet resent to a receiver from the cache. */
  public void retransmitted() {
    retransmissions.increment();
  }

  /** A NACKed packet not resent because it was resent less than a round trip ago. */
  public void resendSuppressed() {
    resendsSuppressed.increment();
  }

  /** A NACKed packet no longer (or never) in the cache. */
  public void cacheMiss() {
    cacheMisses.increment();
  }

  /** A sequence number the bridge NACKed to the sender. */
  public void nackSent() {
    nacksSent.increment();
  }

  void lossDetected() {
    lossesDetected.increment();
  }

  void repaired() {
    repaired.increment();
  }

  void unrepaired() {
    unrepaired.increment();
  }

  public RepairStats snapshot() {
    return new RepairStats(
        nacksReceived.sum(),
        retransmissions.sum(),
        resendsSuppressed.sum(),
        cacheMisses.sum(),
        nacksSent.sum(),
        lossesDetected.sum(),
        repaired.sum(),
        unrepaired.sum());
  }
}
