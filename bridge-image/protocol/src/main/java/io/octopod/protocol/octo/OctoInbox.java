package io.octopod.protocol.octo;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving side of one peer's Octo messages: reassembles fragments, hands out whole messages
 * in the order they were sent, and writes the acks that tell the peer what to resend. Memory is
 * bounded: at most {@value #WINDOW} messages beyond the last one delivered, and {@value
 * #MAX_HELD_BYTES} bytes of them, except the next one due, which is always admitted so that a full
 * buffer can't block delivery. Not thread-safe: one per (conference, peer), on the media loop.
 */
public final class OctoInbox {

  /** Messages held beyond the last delivered one; also the most an ack describes. */
  public static final int WINDOW = OctoAck.MAX_ENTRIES;

  /** Bytes held for messages other than the next one due (four of the largest messages). */
  public static final int MAX_HELD_BYTES = 4 * OctoFragment.MAX_MESSAGE_BYTES;

  /** What became of a fragment. */
  public enum Verdict {
    /** Kept: new bytes of a message not yet delivered. */
    ADDED,
    /** Already held, or its message already delivered or given up (a resend crossing an ack). */
    DUPLICATE,
    /** Its message is more than {@link #WINDOW} messages beyond the last delivered one. */
    OUT_OF_WINDOW,
    /** Its count or length disagree with earlier fragments of the same message. */
    INCONSISTENT,
    /** Holding its message would exceed {@link #MAX_HELD_BYTES}. */
    FULL
  }

  /** One message being put back together. */
  private static final class Reassembly {
    final byte[] bytes;
    final int count;
    long held;
    int heldCount;

    Reassembly(int length, int count) {
      this.bytes = new byte[length];
      this.count = count;
    }

    boolean complete() {
      return heldCount == count;
    }
  }

  /** Every message up to this number is delivered or given up. */
  private long delivered;

  /** Whether a fragment has come: the first one sets where delivery starts. */
  private boolean started;

  private final TreeMap<Long, Reassembly> held = new TreeMap<>();
  private int heldBytes;
  private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
  private boolean ackPending;

  /** Takes a fragment that passed {@link OctoFragment#wrap}. */
  public Verdict receive(OctoFragment fragment) {
    long number = fragment.number();
    long beforeFirstHeld = fragment.firstHeld() - 1;
    if (!started) {
      // The first fragment from this peer (or since this bridge started): wait for nothing the
      // sender no longer holds.
      started = true;
      delivered = beforeFirstHeld;
    } else if (beforeFirstHeld > delivered) {
      skipTo(beforeFirstHeld);
    }
    ackPending = true;
    if (number <= delivered) {
      return Verdict.DUPLICATE;
    }
    if (number - delivered > WINDOW) {
      return Verdict.OUT_OF_WINDOW;
    }
    Reassembly message = held.get(number);
    if (message == null) {
      boolean nextDue = number == delivered + 1;
      if (!nextDue && heldBytes + fragment.messageLength() > MAX_HELD_BYTES) {
        return Verdict.FULL;
      }
      message = new Reassembly(fragment.messageLength(), fragment.count());
      held.put(number, message);
      heldBytes += message.bytes.length;
    }
    if (fragment.count() != message.count || fragment.messageLength() != message.bytes.length) {
      return Verdict.INCONSISTENT;
    }
    long bit = 1L << fragment.index();
    if ((message.held & bit) != 0) {
      return Verdict.DUPLICATE;
    }
    System.arraycopy(
        fragment.buffer(),
        fragment.bodyOffset(),
        message.bytes,
        fragment.index() * OctoFragment.FRAGMENT_BYTES,
        fragment.bodyLength());
    message.held |= bit;
    message.heldCount++;
    deliverReady();
    return Verdict.ADDED;
  }

  /**
   * The sender gave up everything up to {@code last}: what is complete of it is still delivered, in
   * order; the rest is forgotten.
   */
  private void skipTo(long last) {
    Iterator<Map.Entry<Long, Reassembly>> it = held.headMap(last, true).entrySet().iterator();
    while (it.hasNext()) {
      Reassembly message = it.next().getValue();
      if (message.complete()) {
        ready.add(message.bytes);
      }
      heldBytes -= message.bytes.length;
      it.remove();
    }
    delivered = last;
    deliverReady();
  }

  private void deliverReady() {
    Reassembly next;
    while ((next = held.get(delivered + 1)) != null && next.complete()) {
      held.remove(delivered + 1);
      heldBytes -= next.bytes.length;
      ready.add(next.bytes);
      delivered++;
    }
  }

  /** The next whole message in order, or null. */
  public byte[] poll() {
    return ready.poll();
  }

  /** Whether fragments arrived since the last ack was written. */
  public boolean ackPending() {
    return ackPending;
  }

  /** The highest message number up to which everything is delivered or given up. */
  public long delivered() {
    return delivered;
  }

  /** Bytes held for messages not yet delivered. */
  public int heldBytes() {
    return heldBytes;
  }

  /** The largest ack: its header and an entry per message the window can hold. */
  public static final int MAX_ACK_LENGTH = OctoAck.LENGTH + WINDOW * OctoAck.ENTRY_LENGTH;

  /**
   * Writes an ack of what is delivered and held now ({@link OctoAck}).
   *
   * @param out needs {@link #MAX_ACK_LENGTH} bytes from {@code at}
   * @return its length
   */
  public int writeAck(byte[] out, int at) {
    ackPending = false;
    OctoAck.writeHeader(out, at, delivered, held.size());
    int i = 0;
    for (Map.Entry<Long, Reassembly> e : held.entrySet()) {
      OctoAck.writeEntry(out, at, i++, delivered, e.getKey(), e.getValue().held);
    }
    return OctoAck.LENGTH + i * OctoAck.ENTRY_LENGTH;
  }
}
