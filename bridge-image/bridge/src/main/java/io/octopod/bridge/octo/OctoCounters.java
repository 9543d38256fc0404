package io.octopod.bridge.octo;

import io.octopod.protocol.control.OctoMessageStats;
import io.octopod.protocol.control.OctoStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
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
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder messagesReceived = new LongAdder();
  private final LongAdder messagesAcked = new LongAdder();
  private final LongAdder fragmentsResent = new LongAdder();
  private final LongAdder messagesAbandoned = new LongAdder();
  private final LongAdder messagesRefused = new LongAdder();
  private final LongAdder acksSent = new LongAdder();
  private final LongAdder acksReceived = new LongAdder();
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

  void countMessageSent() {
    messagesSent.increment();
  }

  void countMessageReceived() {
    messagesReceived.increment();
  }

  void countMessagesAcked(int n) {
    messagesAcked.add(n);
  }

  void countFragmentsResent(int n) {
    fragmentsResent.add(n);
  }

  void countMessagesAbandoned(int n) {
    messagesAbandoned.add(n);
  }

  void countMessageRefused() {
    messagesRefused.increment();
  }

  void countAckSent() {
    acksSent.increment();
  }

  void countAckReceived() {
    acksReceived.increment();
  }

  /** Messages handed to peer bridges, one per peer. */
  public long messagesSent() {
    return messagesSent.sum();
  }

  /** Messages from peer bridges reassembled and delivered in order. */
  public long messagesReceived() {
    return messagesReceived.sum();
  }

  /** Messages peer bridges acknowledged. */
  public long messagesAcked() {
    return messagesAcked.sum();
  }

  /** Message fragments sent again because their ack did not come in time. */
  public long fragmentsResent() {
    return fragmentsResent.sum();
  }

  /** Messages given up without an ack. */
  public long messagesAbandoned() {
    return messagesAbandoned.sum();
  }

  /** Messages refused before sending: over the size limit. */
  public long messagesRefused() {
    return messagesRefused.sum();
  }

  public long acksSent() {
    return acksSent.sum();
  }

  public long acksReceived() {
    return acksReceived.sum();
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
  public OctoStats snapshot() {
    Map<String, Long> drops = new TreeMap<>();
    for (OctoDrop reason : OctoDrop.values()) {
      drops.put(reason.label(), dropped(reason));
    }
    return new OctoStats(
        received(),
        accepted(),
        sent(),
        receivedBytes(),
        sentBytes(),
        nacksSent(),
        nacksReceived(),
        retransmitted(),
        cacheMisses(),
        drops,
        new OctoMessageStats(
            messagesSent(),
            messagesReceived(),
            messagesAcked(),
            fragmentsResent(),
            messagesAbandoned(),
            messagesRefused(),
            acksSent(),
            acksReceived()));
  }
}
