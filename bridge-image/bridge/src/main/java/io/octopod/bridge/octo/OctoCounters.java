package io.octopod.bridge.octo;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What crossed this bridge's Octo port, and what was dropped and why. Thread-safe. */
public final class OctoCounters {

  private final LongAdder received = new LongAdder();
  private final LongAdder receivedBytes = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder sentBytes = new LongAdder();
  private final LongAdder nacksSent = new LongAdder();
  private final LongAdder nacksReceived = new LongAdder();
  private final LongAdder retransmitted = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final Map<OctoDrop, LongAdder> dropped = new EnumMap<>(OctoDrop.class);

  public OctoCounters() {
    for (OctoDrop reason : OctoDrop.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  void countReceived(int bytes) {
    received.increment();
    receivedBytes.add(bytes);
  }

  void countAccepted() {
    accepted.increment();
  }

  void countSent(int bytes) {
    sent.increment();
    sentBytes.add(bytes);
  }

  void countDrop(OctoDrop reason) {
    dropped.get(reason).increment();
  }

  /** Sequence numbers this bridge asked a peer bridge to resend. */
  public void countNacksSent(int count) {
    nacksSent.add(count);
  }

  /** Sequence numbers a peer bridge asked this bridge to resend. */
  public void countNacksReceived(int count) {
    nacksReceived.add(count);
  }

  /** Packets resent to a peer bridge from this bridge's cache. */
  public void countRetransmitted() {
    retransmitted.increment();
  }

  /** Packets a peer asked for that this bridge no longer had. */
  public void countCacheMiss() {
    cacheMisses.increment();
  }

  public long received() {
    return received.sum();
  }

  public long receivedBytes() {
    return receivedBytes.sum();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long sent() {
    return sent.sum();
  }

  public long sentBytes() {
    return sentBytes.sum();
  }

  public long dropped(OctoDrop reason) {
    return dropped.get(reason).sum();
  }

  public long nacksSent() {
    return nacksSent.sum();
  }

  public long nacksReceived() {
    return nacksReceived.sum();
  }

  public long retransmitted() {
    return retransmitted.sum();
  }

  public long cacheMisses() {
    return cacheMisses.sum();
  }

  /** The figures as the stats API shows them. */
  public io.octopod.protocol.control.OctoStats snapshot() {
    Map<String, Long> drops = new java.util.TreeMap<>();
    for (OctoDrop reason : OctoDrop.values()) {
      drops.put(reason.label(), dropped(reason));
    }
    return new io.octopod.protocol.control.OctoStats(
        received(),
        accepted(),
        sent(),
        receivedBytes(),
        sentBytes(),
        nacksSent(),
        nacksReceived(),
        retransmitted(),
        cacheMisses(),
        drops);
  }
}
