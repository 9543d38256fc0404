package io.octopod.protocol.octo;

import static io.octopod.protocol.Bytes.i64;
import static io.octopod.protocol.Bytes.putI64;
import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u32;

import io.octopod.protocol.Flyweight;

/**
 * The opened payload of an Octo ack datagram (kind 4): what a bridge has of the messages one peer
 * sent it, cumulatively and then fragment by fragment for the messages it holds out of order or in
 * part, so that the peer resends only the fragments that were lost.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  | Flags |   Reserved    |          Entry Count          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +               Cumulative Message Number (64 bits)             +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Entry: Distance (32 bits)                    |  } Entry Count
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  } times,
 * |                                                               |  } 12 bytes
 * +              Entry: Fragments Held (64 bits)                  +  } each
 * |                                                               |  }
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Ver         4 bits  1. Anything else is dropped.
 * Flags       4 bits  sent as 0, ignored on receipt.
 * Count      16 bits  0 to 64 entries; the payload is exactly 12 + 12 * count bytes.
 * Cumulative 64 bits  every message up to and including this number was delivered (or given up
 *                     by the sender); 0 before the receiver has seen any message.
 * Distance   32 bits  the entry's message number minus Cumulative: 1 or more, rising entry by
 *                     entry.
 * Fragments  64 bits  bit i (least significant first) set when fragment i of that message arrived.
 * </pre>
 */
public final class OctoAck extends Flyweight {

  public static final int VERSION = 1;
  public static final int LENGTH = 12;
  public static final int ENTRY_LENGTH = 12;

  /** At most this many messages are held beyond the cumulative point, so acked at once. */
  public static final int MAX_ENTRIES = 64;

  static final String TOO_SHORT = "shorter than the 12-byte ack header";
  static final String UNSUPPORTED_VERSION = "ack version is not 1";
  static final String TOO_MANY_ENTRIES = "ack has more than 64 entries";
  static final String BAD_LENGTH = "ack length is not 12 + 12 bytes per entry";
  static final String BAD_DISTANCE = "ack entry distances are not positive and rising";

  public boolean wrap(byte[] buffer, int offset, int length) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < LENGTH) {
      return reject(TOO_SHORT);
    }
    if (((buffer[offset] & 0xff) >>> 4) != VERSION) {
      return reject(UNSUPPORTED_VERSION);
    }
    int count = u16(buffer, offset + 2);
    if (count > MAX_ENTRIES) {
      return reject(TOO_MANY_ENTRIES);
    }
    if (length != LENGTH + count * ENTRY_LENGTH) {
      return reject(BAD_LENGTH);
    }
    long previous = 0;
    for (int i = 0; i < count; i++) {
      long distance = u32(buffer, offset + LENGTH + i * ENTRY_LENGTH);
      if (distance <= previous) {
        return reject(BAD_DISTANCE);
      }
      previous = distance;
    }
    return accept(buffer, offset, length);
  }

  public int entryCount() {
    return u16(buffer, offset + 2);
  }

  public long cumulative() {
    return i64(buffer, offset + 4);
  }

  /** The message number of entry {@code i}. */
  public long entryNumber(int i) {
    return cumulative() + u32(buffer, offset + LENGTH + i * ENTRY_LENGTH);
  }

  /** The fragments of entry {@code i}'s message that arrived, bit i for fragment i. */
  public long entryFragments(int i) {
    return i64(buffer, offset + LENGTH + i * ENTRY_LENGTH + 4);
  }

  /** Writes the fixed part; entries follow with {@link #writeEntry}. Returns {@link #LENGTH}. */
  public static int writeHeader(byte[] out, int at, long cumulative, int entryCount) {
    out[at] = (byte) (VERSION << 4);
    out[at + 1] = 0;
    putU16(out, at + 2, entryCount);
    putI64(out, at + 4, cumulative);
    return LENGTH;
  }

  /** Writes entry {@code i} of an ack whose header starts at {@code at}. */
  public static void writeEntry(
      byte[] out, int at, int i, long cumulative, long number, long fragments) {
    int entry = at + LENGTH + i * ENTRY_LENGTH;
    putU32(out, entry, number - cumulative);
    putI64(out, entry + 4, fragments);
  }
}
