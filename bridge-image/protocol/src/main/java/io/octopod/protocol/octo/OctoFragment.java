package io.octopod.protocol.octo;

import static io.octopod.protocol.Bytes.i64;
import static io.octopod.protocol.Bytes.putI64;
import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u32;

import io.octopod.protocol.Flyweight;

/**
 * The message sub-header (version 1): the start of the opened payload of every Octo message
 * datagram (kind 3). A message (UTF-8 JSON, at most {@value #MAX_MESSAGE_BYTES} bytes) is cut into
 * fragments that each fit a 1,200-byte datagram, so no Octo datagram is ever fragmented by IP; the
 * receiver reassembles them, delivers messages in order, and acknowledges them with {@link OctoAck}
 * (kind 4) so that the sender resends what was lost. See {@code docs/octo.md}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  | Flags |   Reserved    |        Fragment Index         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Fragment Count         |        Message Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                   Message Number (64 bits)                    +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Backlog (32 bits)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   fragment bytes: {@value #FRAGMENT_BYTES} bytes, fewer in the last fragment         ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Ver      4 bits  1. Anything else is dropped.
 * Flags    4 bits  sent as 0, ignored on receipt.
 * Index   16 bits  0 to count - 1; fragment i carries message bytes [i * 1,136, ...).
 * Count   16 bits  1 to 53: exactly ceil(length / 1,136).
 * Length  16 bits  the whole message's length, 1 to 60,000 bytes.
 * Number  64 bits  per sender, conference and receiving bridge, +1 per message. Starts at the
 *                  sender's wall clock in microseconds, so a restarted bridge continues above.
 * Backlog 32 bits  how many messages below this one the sender still holds unacknowledged:
 *                  every message below (number - backlog) is delivered or given up, so the
 *                  receiver stops waiting for it (after its own restart, or the sender's).
 * </pre>
 */
public final class OctoFragment extends Flyweight {

  public static final int VERSION = 1;
  public static final int LENGTH = 20;

  /** The largest Octo message datagram: fits a 1,280-byte IPv6 path MTU with room to spare. */
  public static final int MAX_DATAGRAM = 1200;

  /** Message bytes per fragment: what is left of a datagram after headers and tag. */
  public static final int FRAGMENT_BYTES =
      MAX_DATAGRAM - OctoHeader.LENGTH - OctoHeader.TAG_LENGTH - LENGTH;

  /** The largest message; the 16-bit length field would allow 65,535. */
  public static final int MAX_MESSAGE_BYTES = 60_000;

  public static final int MAX_FRAGMENTS = fragmentsFor(MAX_MESSAGE_BYTES);

  static final String TOO_SHORT = "shorter than the 20-byte message sub-header";
  static final String UNSUPPORTED_VERSION = "message sub-header version is not 1";
  static final String BAD_LENGTH = "message length is 0 or over 60,000 bytes";
  static final String BAD_COUNT = "fragment count does not match the message length";
  static final String BAD_INDEX = "fragment index is not below the fragment count";
  static final String BAD_FRAGMENT_SIZE = "fragment size does not match its index and the length";
  static final String BAD_NUMBER = "message number is not positive, or below its backlog";

  /** How many fragments a message of {@code length} bytes takes. */
  public static int fragmentsFor(int length) {
    return (length + FRAGMENT_BYTES - 1) / FRAGMENT_BYTES;
  }

  /** How many bytes fragment {@code index} of a message of {@code length} bytes carries. */
  public static int fragmentSize(int length, int index) {
    return Math.min(FRAGMENT_BYTES, length - index * FRAGMENT_BYTES);
  }

  /** Checks a sub-header and the fragment after it (an opened message payload). */
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
    int index = u16(buffer, offset + 2);
    int count = u16(buffer, offset + 4);
    int total = u16(buffer, offset + 6);
    if (total < 1 || total > MAX_MESSAGE_BYTES) {
      return reject(BAD_LENGTH);
    }
    if (count != fragmentsFor(total)) {
      return reject(BAD_COUNT);
    }
    if (index >= count) {
      return reject(BAD_INDEX);
    }
    if (length - LENGTH != fragmentSize(total, index)) {
      return reject(BAD_FRAGMENT_SIZE);
    }
    long number = i64(buffer, offset + 8);
    if (number < 1 || number - u32(buffer, offset + 16) < 1) {
      return reject(BAD_NUMBER);
    }
    return accept(buffer, offset, length);
  }

  public int index() {
    return u16(buffer, offset + 2);
  }

  public int count() {
    return u16(buffer, offset + 4);
  }

  public int messageLength() {
    return u16(buffer, offset + 6);
  }

  public long number() {
    return i64(buffer, offset + 8);
  }

  public long backlog() {
    return u32(buffer, offset + 16);
  }

  /** The lowest message number the sender still holds: all below are delivered or given up. */
  public long firstHeld() {
    return number() - backlog();
  }

  public int bodyOffset() {
    return offset + LENGTH;
  }

  public int bodyLength() {
    return length - LENGTH;
  }

  /**
   * Writes fragment {@code index} of {@code message}: the sub-header, then its bytes.
   *
   * @return the bytes written, at most {@code LENGTH + FRAGMENT_BYTES}
   */
  public static int write(
      byte[] out, int at, long number, long backlog, byte[] message, int messageLength, int index) {
    int size = fragmentSize(messageLength, index);
    out[at] = (byte) (VERSION << 4);
    out[at + 1] = 0;
    putU16(out, at + 2, index);
    putU16(out, at + 4, fragmentsFor(messageLength));
    putU16(out, at + 6, messageLength);
    putI64(out, at + 8, number);
    putU32(out, at + 16, backlog);
    System.arraycopy(message, index * FRAGMENT_BYTES, out, at + LENGTH, size);
    return LENGTH + size;
  }
}
