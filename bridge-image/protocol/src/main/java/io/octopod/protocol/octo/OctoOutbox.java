package io.octopod.protocol.octo;

import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of one peer's Octo messages: numbers and fragments each message, keeps it until
 * the peer's {@link OctoAck} covers it, and resends the fragments not acked when its timer runs
 * out, with exponential backoff from a retransmission timeout measured like TCP's (RFC 6298). A
 * message sent {@value #MAX_SENDS} times without an ack, or pushed out by {@value #MAX_MESSAGES}
 * newer ones, is given up: the backlog field of later fragments tells the peer not to wait for it.
 * Time is passed in (nanoseconds). Not thread-safe: one per (conference, peer), on the media loop.
 */
public final class OctoOutbox {

  /** Messages held unacknowledged; the receiver's window, so it never refuses one as too far. */
  public static final int MAX_MESSAGES = OctoInbox.WINDOW;

  /** Transmissions of a message (the first and the resends) before it is given up. */
  public static final int MAX_SENDS = 10;

  public static final long INITIAL_RTO_NANOS = 200_000_000L;
  public static final long MIN_RTO_NANOS = 50_000_000L;
  public static final long MAX_RTO_NANOS = 1_000_000_000L;

  /** Where fragments go: the caller seals and sends {@code [off, off + len)} to the peer. */
  @FunctionalInterface
  public interface Wire {
    void send(byte[] buf, int off, int len);
  }

  /** What happened to messages, for counters. */
  public interface Events {
    void acked(int messages);

    void resent(int fragments);

    void abandoned(int messages);
  }

  private static final class Outgoing {
    final long number;
    final byte[] message;
    final long allFragments;
    long acked;
    int sends;
    long sentAt;
    long due;

    Outgoing(long number, byte[] message) {
      this.number = number;
      this.message = message;
      int count = OctoFragment.fragmentsFor(message.length);
      this.allFragments = count == 64 ? -1L : (1L << count) - 1;
    }

    boolean held() {
      return acked == allFragments;
    }
  }

  /** Ordered by number, consecutive: only the oldest ever leaves before being acked. */
  private final List<Outgoing> queue = new ArrayList<>();

  private final byte[] scratch = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
  private long next;
  private long smoothedRtt = -1;
  private long rttVariation;
  private long rto = INITIAL_RTO_NANOS;

  /**
   * @param firstNumber the first message's number: above any this sender used before (the wall
   *     clock in microseconds), so a peer never takes a new message for an old one
   */
  public OctoOutbox(long firstNumber) {
    if (firstNumber < 1) {
      throw new IllegalArgumentException("message numbers start at 1 or above");
    }
    this.next = firstNumber;
  }

  /**
   * Numbers a message, sends all its fragments, and keeps it until acked.
   *
   * @param message 1 to {@link OctoFragment#MAX_MESSAGE_BYTES} bytes, not changed afterwards
   * @return its number
   */
  public long send(byte[] message, long now, Wire wire, Events events) {
    if (message.length < 1 || message.length > OctoFragment.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("an Octo message is 1 to 60,000 bytes");
    }
    if (queue.size() >= MAX_MESSAGES) {
      abandonThrough(0, events);
    }
    Outgoing m = new Outgoing(next++, message);
    queue.add(m);
    transmit(m, now, wire);
    return m.number;
  }

  private void transmit(Outgoing m, long now, Wire wire) {
    long firstHeld = queue.get(0).number;
    int count = OctoFragment.fragmentsFor(m.message.length);
    for (int i = 0; i < count; i++) {
      if ((m.acked & (1L << i)) == 0) {
        int len =
            OctoFragment.write(
                scratch, 0, m.number, m.number - firstHeld, m.message, m.message.length, i);
        wire.send(scratch, 0, len);
      }
    }
    m.sends++;
    m.sentAt = now;
    m.due = now + Math.min(MAX_RTO_NANOS, rto << Math.min(m.sends - 1, 20));
  }

  /**
   * Takes a peer's ack.
   *
   * @return false when it acks a message never sent (it is then ignored)
   */
  public boolean acked(OctoAck ack, long now, Events events) {
    long cumulative = ack.cumulative();
    int entries = ack.entryCount();
    if (cumulative >= next || (entries > 0 && ack.entryNumber(entries - 1) >= next)) {
      return false;
    }
    int done = 0;
    while (!queue.isEmpty() && queue.get(0).number <= cumulative) {
      Outgoing m = queue.remove(0);
      if (!m.held()) {
        sample(m, now);
      }
      done++;
    }
    if (done > 0) {
      events.acked(done);
    }
    if (queue.isEmpty()) {
      return true;
    }
    // The peer lists every message it holds beyond the cumulative point, so one it leaves out
    // has none of its fragments (it may have restarted): the list replaces what was known.
    long first = queue.get(0).number;
    int entry = 0;
    for (int at = 0; at < queue.size(); at++) {
      Outgoing m = queue.get(at);
      while (entry < ack.entryCount() && ack.entryNumber(entry) < first + at) {
        entry++;
      }
      boolean listed = entry < ack.entryCount() && ack.entryNumber(entry) == first + at;
      boolean wasHeld = m.held();
      m.acked = listed ? ack.entryFragments(entry) & m.allFragments : 0;
      if (!wasHeld && m.held()) {
        sample(m, now);
      }
    }
    return true;
  }

  /** A round-trip sample from a message sent once (Karn: resends are ambiguous). */
  private void sample(Outgoing m, long now) {
    if (m.sends != 1) {
      return;
    }
    long rtt = now - m.sentAt;
    if (smoothedRtt < 0) {
      smoothedRtt = rtt;
      rttVariation = rtt / 2;
    } else {
      rttVariation = (3 * rttVariation + Math.abs(smoothedRtt - rtt)) / 4;
      smoothedRtt = (7 * smoothedRtt + rtt) / 8;
    }
    rto = Math.max(MIN_RTO_NANOS, Math.min(MAX_RTO_NANOS, smoothedRtt + 4 * rttVariation));
  }

  /** Resends the unacked fragments of every message whose timer ran out; gives up the hopeless. */
  public void resendDue(long now, Wire wire, Events events) {
    for (int i = queue.size() - 1; i >= 0; i--) {
      Outgoing m = queue.get(i);
      if (!m.held() && now - m.due >= 0 && m.sends >= MAX_SENDS) {
        // It and everything older: those have waited longer still.
        abandonThrough(i, events);
        break;
      }
    }
    for (Outgoing m : queue) {
      if (!m.held() && now - m.due >= 0) {
        events.resent(OctoFragment.fragmentsFor(m.message.length) - Long.bitCount(m.acked));
        transmit(m, now, wire);
      }
    }
  }

  private void abandonThrough(int index, Events events) {
    queue.subList(0, index + 1).clear();
    events.abandoned(index + 1);
  }

  /** Whether messages await an ack. */
  public boolean pending() {
    return !queue.isEmpty();
  }

  /** Messages awaiting an ack. */
  public int backlog() {
    return queue.size();
  }

  /** The current retransmission timeout. */
  public long rtoNanos() {
    return rto;
  }
}
