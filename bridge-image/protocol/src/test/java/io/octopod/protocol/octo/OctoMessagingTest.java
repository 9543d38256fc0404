package io.octopod.protocol.octo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The message layer on bytes and a test clock: the inbox reassembles and orders, bounds its memory
 * and refuses what does not fit; the outbox resends only what its acks leave out, backs off, and
 * gives up; the two together deliver everything in order across a lossy, reordering channel.
 */
class OctoMessagingTest {

  private static final long MS = 1_000_000L;
  private static final long FIRST = 1_000_000;

  private final OctoFragment view = new OctoFragment();
  private final OctoAck ackView = new OctoAck();

  /** Counts what an outbox reports. */
  private static final class Tally implements OctoOutbox.Events {
    int acked;
    int resent;
    int abandoned;

    @Override
    public void acked(int messages) {
      acked += messages;
    }

    @Override
    public void resent(int fragments) {
      resent += fragments;
    }

    @Override
    public void abandoned(int messages) {
      abandoned += messages;
    }
  }

  private final Tally tally = new Tally();
  private final List<byte[]> wire = new ArrayList<>();
  private final OctoOutbox.Wire capture = (b, o, l) -> wire.add(Arrays.copyOfRange(b, o, o + l));

  private static byte[] message(int length, int seed) {
    byte[] m = new byte[length];
    new Random(seed).nextBytes(m);
    return m;
  }

  private static byte[] fragment(byte[] message, long number, long backlog, int index) {
    byte[] out = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
    return Arrays.copyOf(
        out, OctoFragment.write(out, 0, number, backlog, message, message.length, index));
  }

  private OctoInbox.Verdict give(OctoInbox inbox, byte[] datagram) {
    assertTrue(view.wrap(datagram, 0, datagram.length), view.invalidReason());
    return inbox.receive(view);
  }

  private OctoAck ackOf(OctoInbox inbox) {
    byte[] out = new byte[OctoInbox.MAX_ACK_LENGTH];
    int len = inbox.writeAck(out, 0);
    assertTrue(ackView.wrap(out, 0, len), ackView.invalidReason());
    return ackView;
  }

  @Test
  void fragmentsInAnyOrderMakeTheMessageAndDuplicatesAreNamed() {
    OctoInbox inbox = new OctoInbox();
    byte[] m = message(5000, 1);
    int count = OctoFragment.fragmentsFor(5000);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    for (int i = 0; i < count - 1; i++) {
      assertEquals(OctoInbox.Verdict.ADDED, give(inbox, fragment(m, FIRST, 0, order.get(i))));
      assertNull(inbox.poll(), "not before the last fragment");
    }
    assertEquals(
        OctoInbox.Verdict.DUPLICATE, give(inbox, fragment(m, FIRST, 0, order.get(0))), "again");
    assertEquals(OctoInbox.Verdict.ADDED, give(inbox, fragment(m, FIRST, 0, order.get(count - 1))));
    assertArrayEquals(m, inbox.poll());
    assertNull(inbox.poll());
    assertEquals(0, inbox.heldBytes());
    assertEquals(
        OctoInbox.Verdict.DUPLICATE,
        give(inbox, fragment(m, FIRST, 0, 0)),
        "a resend of a delivered message");
  }

  @Test
  void messagesAreDeliveredInTheOrderSentAndAcksDescribeTheGap() {
    OctoInbox inbox = new OctoInbox();
    byte[] a = message(100, 1);
    byte[] b = message(2000, 2);
    byte[] c = message(10, 3);
    give(inbox, fragment(a, FIRST, 0, 0));
    assertArrayEquals(a, inbox.poll());
    give(inbox, fragment(c, FIRST + 2, 1, 0));
    give(inbox, fragment(b, FIRST + 1, 0, 1));
    assertNull(inbox.poll(), "c waits for b");
    OctoAck ack = ackOf(inbox);
    assertEquals(FIRST, ack.cumulative());
    assertEquals(2, ack.entryCount());
    assertEquals(FIRST + 1, ack.entryNumber(0));
    assertEquals(0b10, ack.entryFragments(0), "b's second fragment only");
    assertEquals(FIRST + 2, ack.entryNumber(1));
    assertEquals(0b1, ack.entryFragments(1));
    give(inbox, fragment(b, FIRST + 1, 0, 0));
    assertArrayEquals(b, inbox.poll());
    assertArrayEquals(c, inbox.poll());
    assertEquals(FIRST + 2, ackOf(inbox).cumulative());
  }

  @Test
  void aSenderGivingUpLetsTheReceiverMoveOnAndKeepWhatIsWhole() {
    OctoInbox inbox = new OctoInbox();
    byte[] m = message(3000, 1);
    byte[] whole = message(50, 2);
    give(inbox, fragment(m, FIRST, 0, 0)); // first message: never completed
    give(inbox, fragment(whole, FIRST + 1, 1, 0)); // complete, waiting behind it
    assertNull(inbox.poll());
    // A later fragment says the sender holds nothing below FIRST + 2 any more.
    byte[] next = message(20, 3);
    give(inbox, fragment(next, FIRST + 2, 0, 0));
    assertArrayEquals(whole, inbox.poll(), "the whole one is still delivered, in order");
    assertArrayEquals(next, inbox.poll());
    assertEquals(0, inbox.heldBytes(), "the part-message is forgotten");
  }

  @Test
  void aRestartedReceiverStartsAtTheSendersBacklogAndARestartedSenderIsFollowed() {
    OctoInbox inbox = new OctoInbox();
    byte[] m = message(10, 1);
    give(inbox, fragment(m, FIRST + 50, 3, 0));
    assertNull(inbox.poll(), "three older messages the sender still holds come first");
    assertEquals(FIRST + 46, inbox.delivered());
    // The sender restarted: numbers continue far above, from its clock.
    byte[] after = message(10, 2);
    give(inbox, fragment(after, FIRST + 9_000_000, 0, 0));
    assertArrayEquals(m, inbox.poll(), "the whole message it held still comes first");
    assertArrayEquals(after, inbox.poll());
  }

  /**
   * Found by fuzzing: a first fragment saying the sender holds everything from message 1 used to
   * leave the start unset, so the next fragment set it again above a message already held, and the
   * ack listed that message below its cumulative point.
   */
  @Test
  void aStartAtTheFirstNumberIsKeptAndAcksStayWellFormed() {
    OctoInbox inbox = new OctoInbox();
    give(inbox, fragment(message(3000, 1), 5, 4, 0));
    byte[] tenth = message(3000, 2);
    give(inbox, fragment(tenth, 10, 0, 0));
    OctoAck ack = ackOf(inbox);
    assertEquals(9, ack.cumulative(), "message 10 says nothing below it is held any more");
    assertEquals(1, ack.entryCount(), "message 5's part is forgotten");
    assertEquals(10, ack.entryNumber(0));
    assertEquals(0b1, ack.entryFragments(0));
    assertEquals(3000, inbox.heldBytes());
  }

  @Test
  void memoryIsBoundedButTheNextMessageDueIsAlwaysAdmitted() {
    OctoInbox inbox = new OctoInbox();
    byte[] big = message(OctoFragment.MAX_MESSAGE_BYTES, 1);
    give(inbox, fragment(message(1, 9), FIRST, 0, 0));
    inbox.poll();
    // Messages 2..5 each start, none completes: 4 x 60,000 bytes held.
    for (int n = 2; n <= 5; n++) {
      assertEquals(OctoInbox.Verdict.ADDED, give(inbox, fragment(big, FIRST + n, n - 1, 0)));
    }
    assertEquals(OctoInbox.MAX_HELD_BYTES, inbox.heldBytes());
    assertEquals(
        OctoInbox.Verdict.FULL, give(inbox, fragment(big, FIRST + 6, 5, 0)), "a fifth is refused");
    assertEquals(
        OctoInbox.Verdict.ADDED,
        give(inbox, fragment(big, FIRST + 1, 0, 0)),
        "but the one everything waits for is taken");
    assertEquals(
        OctoInbox.Verdict.OUT_OF_WINDOW,
        give(inbox, fragment(message(5, 1), FIRST + 2 + OctoInbox.WINDOW, OctoInbox.WINDOW + 1, 0)),
        "a sender ignoring the window");
    byte[] other = message(OctoFragment.MAX_MESSAGE_BYTES - 1, 2);
    assertEquals(
        OctoInbox.Verdict.INCONSISTENT,
        give(inbox, fragment(other, FIRST + 2, 1, 1)),
        "another length for a message already begun");
  }

  @Test
  void theOutboxResendsOnlyWhatTheAckLeftOutThenBacksOffThenGivesUp() {
    OctoOutbox outbox = new OctoOutbox(FIRST);
    byte[] m = message(4000, 1); // 4 fragments
    long now = 0;
    outbox.send(m, false, now, capture, tally);
    assertEquals(4, wire.size());
    OctoInbox inbox = new OctoInbox();
    give(inbox, wire.get(0));
    give(inbox, wire.get(2));
    assertTrue(outbox.acked(ackOf(inbox), now + MS, tally));
    wire.clear();
    outbox.resendDue(now + OctoOutbox.INITIAL_RTO_NANOS - 1, capture, tally);
    assertTrue(wire.isEmpty(), "not before the timeout");
    now += OctoOutbox.INITIAL_RTO_NANOS;
    outbox.resendDue(now, capture, tally);
    assertEquals(2, wire.size(), "fragments 1 and 3 only");
    assertEquals(2, tally.resent);
    for (byte[] d : wire) {
      assertTrue(view.wrap(d, 0, d.length));
      assertTrue(view.index() == 1 || view.index() == 3);
    }
    wire.clear();
    outbox.resendDue(now + OctoOutbox.INITIAL_RTO_NANOS, capture, tally);
    assertTrue(wire.isEmpty(), "the second timeout is twice as long");
    outbox.resendDue(now + 2 * OctoOutbox.INITIAL_RTO_NANOS, capture, tally);
    assertEquals(2, wire.size());
    for (int i = 0; i < 20 && outbox.pending(); i++) {
      now += OctoOutbox.MAX_RTO_NANOS * 10;
      outbox.resendDue(now, capture, tally);
    }
    assertFalse(outbox.pending());
    assertEquals(1, tally.abandoned);
    assertEquals(0, tally.acked);
  }

  @Test
  void acksOfMessagesNeverSentAreRefusedAndTheBacklogIsBounded() {
    OctoOutbox outbox = new OctoOutbox(FIRST);
    int total = OctoOutbox.MAX_MESSAGES + OctoOutbox.MAX_WAITING + 3;
    for (int i = 0; i < total; i++) {
      outbox.send(message(10, i), false, 0, capture, tally);
    }
    assertEquals(OctoOutbox.MAX_MESSAGES, wire.size(), "64 in flight, one fragment each");
    assertEquals(OctoOutbox.MAX_MESSAGES + OctoOutbox.MAX_WAITING, outbox.backlog());
    assertEquals(3, tally.abandoned, "beyond the waiting bound, given up at once");
    byte[] out = new byte[64];
    int len = OctoAck.writeHeader(out, 0, FIRST + 1_000, 0);
    assertTrue(ackView.wrap(out, 0, len));
    assertFalse(outbox.acked(ackView, 0, tally), "acks a message never sent");
    assertEquals(OctoOutbox.MAX_MESSAGES + OctoOutbox.MAX_WAITING, outbox.backlog());
    // Every fragment says which messages the sender still holds.
    byte[] last = wire.get(wire.size() - 1);
    assertTrue(view.wrap(last, 0, last.length));
    assertEquals(FIRST + 63, view.number());
    assertEquals(FIRST, view.firstHeld());
  }

  @Test
  void theUrgentStateGoesBeforeWaitingMessagesAndReplacesAnOlderCopy() {
    OctoOutbox outbox = new OctoOutbox(FIRST);
    OctoInbox inbox = new OctoInbox();
    byte[] large = message(OctoFragment.MAX_MESSAGE_BYTES, 1);
    for (int i = 0; i < 8; i++) {
      outbox.send(large, false, 0, capture, tally); // 4 in flight (240,000 bytes), 4 waiting
    }
    byte[] staleState = message(500, 2);
    byte[] state = message(600, 3);
    outbox.send(staleState, true, 0, capture, tally);
    outbox.send(state, true, 0, capture, tally);
    assertEquals(9, outbox.backlog(), "the newer state replaced the older one");
    for (byte[] d : wire) {
      give(inbox, d);
    }
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(large, inbox.poll());
    }
    wire.clear();
    outbox.acked(ackOf(inbox), MS, tally);
    outbox.sendWaiting(MS, capture);
    for (byte[] d : wire) {
      give(inbox, d);
    }
    assertArrayEquals(state, inbox.poll(), "the state first");
    assertArrayEquals(large, inbox.poll(), "then the waiting messages");
  }

  @Test
  void messagesBeyondWhatTheReceiverHoldsWaitForAcksToMakeRoom() {
    OctoOutbox outbox = new OctoOutbox(FIRST);
    OctoInbox inbox = new OctoInbox();
    for (int i = 0; i < 40; i++) {
      outbox.send(message(10_000, i), false, 0, capture, tally);
    }
    int first = wire.size();
    assertEquals(
        OctoOutbox.MAX_IN_FLIGHT_BYTES / 10_000 * OctoFragment.fragmentsFor(10_000),
        first,
        "24 messages' fragments go out, the rest wait");
    assertEquals(240_000, outbox.inFlightBytes());
    // The first message's fragments are all lost; the rest arrive and are held, never refused.
    for (int i = OctoFragment.fragmentsFor(10_000); i < first; i++) {
      assertEquals(OctoInbox.Verdict.ADDED, give(inbox, wire.get(i)));
    }
    assertTrue(outbox.acked(ackOf(inbox), MS, tally));
    outbox.sendWaiting(MS, capture);
    assertEquals(first, wire.size(), "nothing acked cumulatively: still no room");
    for (int i = 0; i < OctoFragment.fragmentsFor(10_000); i++) {
      give(inbox, wire.get(i));
    }
    for (int i = 0; i < 24; i++) {
      assertArrayEquals(message(10_000, i), inbox.poll());
    }
    assertTrue(outbox.acked(ackOf(inbox), 2 * MS, tally));
    outbox.sendWaiting(2 * MS, capture);
    assertEquals(24, tally.acked);
    assertEquals(
        40 * OctoFragment.fragmentsFor(10_000), wire.size(), "the other 16 went once acked");
  }

  @Test
  void theRetransmissionTimeoutFollowsTheMeasuredRoundTrip() {
    OctoOutbox outbox = new OctoOutbox(FIRST);
    OctoInbox inbox = new OctoInbox();
    long now = 0;
    for (int i = 0; i < 20; i++) {
      wire.clear();
      outbox.send(message(10, i), false, now, capture, tally);
      give(inbox, wire.get(0));
      inbox.poll();
      now += 120 * MS;
      outbox.acked(ackOf(inbox), now, tally);
    }
    assertEquals(20, tally.acked);
    assertTrue(
        outbox.rtoNanos() >= 120 * MS && outbox.rtoNanos() < 200 * MS,
        "about the round trip: " + outbox.rtoNanos() / MS + " ms");
  }

  /**
   * Outbox and inbox over a channel that loses 5 % of datagrams each way, and reorders: every
   * message arrives, exactly once, in order, and only lost fragments are resent.
   */
  @Test
  void everythingArrivesInOrderAcrossLossAndReordering() {
    Random random = new Random(0x0c7_0);
    OctoOutbox outbox = new OctoOutbox(FIRST);
    OctoInbox inbox = new OctoInbox();
    List<byte[]> sent = new ArrayList<>();
    List<byte[]> received = new ArrayList<>();
    List<byte[]> inFlight = new ArrayList<>();
    OctoOutbox.Wire lossy =
        (b, o, l) -> {
          if (random.nextDouble() >= 0.05) {
            inFlight.add(Arrays.copyOfRange(b, o, o + l));
          }
        };
    int lostAcks = 0;
    int[] refused = new int[1];
    long now = 0;
    for (int step = 0; step < 4_000 && (sent.size() < 200 || outbox.pending()); step++) {
      now += MS;
      if (sent.size() < 200 && step % 5 == 0) {
        byte[] m = message(1 + random.nextInt(12_000), sent.size());
        sent.add(m);
        outbox.send(m, false, now, lossy, tally);
      }
      Collections.shuffle(inFlight, random);
      for (byte[] d : inFlight) {
        if (give(inbox, d) == OctoInbox.Verdict.FULL) {
          refused[0]++;
        }
      }
      inFlight.clear();
      byte[] m;
      while ((m = inbox.poll()) != null) {
        received.add(m);
      }
      if (inbox.ackPending()) {
        OctoAck ack = ackOf(inbox);
        if (random.nextDouble() >= 0.05) {
          outbox.acked(ack, now, tally);
          outbox.sendWaiting(now, lossy);
        } else {
          lostAcks++;
        }
      }
      outbox.resendDue(now, lossy, tally);
    }
    assertEquals(sent.size(), received.size(), "every message, once");
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(sent.get(i), received.get(i), "message " + i + " in order");
    }
    assertEquals(0, tally.abandoned);
    assertEquals(200, tally.acked);
    assertEquals(0, refused[0], "the sender never sent more than the receiver holds");
    assertTrue(tally.resent > 0 && lostAcks > 0, "the channel did lose some");
    System.out.printf(
        "200 messages over 5 %% loss: %d fragments resent, %d acks lost%n", tally.resent, lostAcks);
  }
}
