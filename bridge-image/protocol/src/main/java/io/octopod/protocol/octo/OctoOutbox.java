package io.octopod.protocol.octo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of one peer's Octo messages. A message waits until the peer has room for it, is
 * then numbered and sent fragment by fragment, and is kept until the peer's {@link OctoAck} covers
 * it; fragments not acked when the message's timer runs out are resent, with exponential backoff
 * from a retransmission timeout measured like TCP's (RFC 6298). A message sent {@value #MAX_SENDS}
 * times without an ack is given up, and with it the older ones: the backlog field of later
 * fragments tells the peer not to wait for them.
 *
 * <p>Room: at most {@value #MAX_MESSAGES} messages and {@link #MAX_IN_FLIGHT_BYTES} bytes are in
 * flight, what the peer's {@link OctoInbox} holds, so the peer never refuses a fragment. Waiting
 * messages are bounded too ({@value #MAX_WAITING}; more are given up). An urgent message (the
 * bridge's periodic state) goes before the waiting ones and replaces an urgent one still waiting,
 * so a backlog of participants' messages never holds the state back by more than what is in flight.
 *
 * <p>Time is passed in (nanoseconds). Not thread-safe: one per (conference, peer), on the media
 * loop.
 */
public final class OctoOutbox {

  /** Messages in flight; the receiver's window, so it never refuses one as too far ahead. */
  public static final int MAX_MESSAGES = OctoInbox.WINDOW;

  /**
   * Bytes of messages in flight beyond the oldest: the receiver holds at most this much besides the
   * message it waits for, so a sender that keeps to it never has fragments refused for room.
   */
  public static final int MAX_IN_FLIGHT_BYTES = OctoInbox.MAX_HELD_BYTES;

  /** Messages waiting for room; a message beyond them is given up at once. */
  public static final int MAX_WAITING = 64;

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

  /** In flight: numbered consecutively; only the oldest ever leaves before being acked. */
  private final List<Outgoing> inFlight = new ArrayList<>();

  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private byte[] waitingUrgent;
  private final byte[] scratch = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
  private long next;
  private int inFlightBytes;
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
   * Sends a message as soon as there is room (now, usually), and keeps it until acked.
   *
   * @param message 1 to {@link OctoFragment#MAX_MESSAGE_BYTES} bytes, not changed afterwards
   * @param urgent goes before the waiting messages, replacing an urgent one still waiting
   */
  public void send(byte[] message, boolean urgent, long now, Wire wire, Events events) {
    if (message.length < 1 || message.length > OctoFragment.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("an Octo message is 1 to 60,000 bytes");
    }
    if (urgent) {
      waitingUrgent = message;
    } else if (waiting.size() >= MAX_WAITING) {
      events.abandoned(1);
      return;
    } else {
      waiting.add(message);
    }
    sendWaiting(now, wire);
  }

  /** Sends waiting messages, urgent first, as far as there is room now. */
  public void sendWaiting(long now, Wire wire) {
    while (waitingUrgent != null || !waiting.isEmpty()) {
      byte[] message = waitingUrgent != null ? waitingUrgent : waiting.peek();
      boolean room =
          inFlight.isEmpty()
              || (inFlight.size() < MAX_MESSAGES
                  && inFlightBytes + message.length <= MAX_IN_FLIGHT_BYTES);
      if (!room) {
        return;
      }
      if (message == waitingUrgent) {
        waitingUrgent = null;
      } else {
        waiting.poll();
      }
      Outgoing m = new Outgoing(next++, message);
      inFlight.add(m);
      inFlightBytes += message.length;
      transmit(m, now, wire);
    }
  }

  private void transmit(Outgoing m, long now, Wire wire) {
    long firstHeld = inFlight.get(0).number;
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
   * Takes a peer's ack. Call {@link #sendWaiting} after: it may have made room.
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
    while (!inFlight.isEmpty() && inFlight.get(0).number <= cumulative) {
      Outgoing m = removeOldest();
      if (!m.held()) {
        sample(m, now);
      }
      done++;
    }
    if (done > 0) {
      events.acked(done);
    }
    if (inFlight.isEmpty()) {
      return true;
    }
    // The peer lists every message it holds beyond the cumulative point, so one it leaves out
    // has none of its fragments (it may have restarted): the list replaces what was known.
    long first = inFlight.get(0).number;
    int entry = 0;
    for (int at = 0; at < inFlight.size(); at++) {
      Outgoing m = inFlight.get(at);
      while (entry < entries && ack.entryNumber(entry) < first + at) {
        entry++;
      }
      boolean listed = entry < entries && ack.entryNumber(entry) == first + at;
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

  /**
   * Resends the unacked fragments of every message whose timer ran out, gives up the hopeless, and
   * sends what then has room.
   */
  public void resendDue(long now, Wire wire, Events events) {
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      Outgoing m = inFlight.get(i);
      if (!m.held() && now - m.due >= 0 && m.sends >= MAX_SENDS) {
        // It and everything older: those have waited longer still.
        for (int j = 0; j <= i; j++) {
          removeOldest();
        }
        events.abandoned(i + 1);
        break;
      }
    }
    for (Outgoing m : inFlight) {
      if (!m.held() && now - m.due >= 0) {
        events.resent(OctoFragment.fragmentsFor(m.message.length) - Long.bitCount(m.acked));
        transmit(m, now, wire);
      }
    }
    sendWaiting(now, wire);
  }

  private Outgoing removeOldest() {
    Outgoing m = inFlight.remove(0);
    inFlightBytes -= m.message.length;
    return m;
  }

  /** Whether messages are in flight (and so need the timer). */
  public boolean pending() {
    return !inFlight.isEmpty();
  }

  /** Messages in flight or waiting. */
  public int backlog() {
    return inFlight.size() + waiting.size() + (waitingUrgent == null ? 0 : 1);
  }

  /** Bytes of the messages in flight. */
  public int inFlightBytes() {
    return inFlightBytes;
  }

  /** The current retransmission timeout. */
  public long rtoNanos() {
    return rto;
  }
}
