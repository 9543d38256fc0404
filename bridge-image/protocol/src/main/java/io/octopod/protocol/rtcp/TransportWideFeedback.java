package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u24;

/**
 * Transport-wide congestion control feedback: RTPFB FMT 15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). It reports, for a range of
 * transport-wide sequence numbers, which packets arrived and the arrival time deltas.
 *
 * <pre>
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |
 * .                                                               .
 * |         recv delta            |  recv delta   | zero padding  |
 *
 * run-length chunk:  |0| S |       run length (13 bits)      |
 * status vector:     |1|0|  14 one-bit symbols (0 lost, 1 small delta)  |
 *                    |1|1|  7 two-bit symbols (S)                       |
 * S: 00 not received, 01 received with a 1-byte delta (0..63.75 ms),
 *    10 received with a 2-byte signed delta, 11 reserved
 * deltas in 250 us ticks; reference time in 64 ms units (signed 24 bits)
 * </pre>
 *
 * {@link #wrap} walks all chunks once to check that the statuses and deltas fit; {@link
 * #nextPacket()} then reports one sequence number at a time without allocating.
 */
public final class TransportWideFeedback extends FeedbackPacket {

  public static final int FORMAT = 15;
  public static final int NOT_RECEIVED = 0;
  public static final int SMALL_DELTA = 1;
  public static final int LARGE_DELTA = 2;

  /** One delta tick, in microseconds. */
  public static final int DELTA_TICK_MICROS = 250;

  /** One reference-time unit, in microseconds. */
  public static final long REFERENCE_TIME_UNIT_MICROS = 64_000;

  static final String TOO_SHORT = "transport-cc feedback is shorter than its 8-byte FCI header";
  static final String CHUNKS_OVERRUN = "transport-cc chunks run past the packet";
  static final String DELTAS_OVERRUN = "transport-cc receive deltas run past the packet";
  static final String RESERVED_SYMBOL = "transport-cc status symbol 11 is reserved";
  static final String ZERO_RUN = "transport-cc run-length chunk with run length 0";

  private int deltasOffset;
  // iteration state
  private int chunkAt;
  private int inChunk;
  private int remaining;
  private int deltaAt;
  private int sequence;
  private int status;
  private int delta;

  public TransportWideFeedback() {
    super(RTPFB, FORMAT);
  }

  @Override
  protected String wrapFci(int fci, int fciLength) {
    if (fciLength < 8) {
      return TOO_SHORT;
    }
    int end = fci + fciLength;
    int statuses = u16(buffer, fci + 2);
    int at = fci + 8;
    int deltaBytes = 0;
    while (statuses > 0) {
      if (at + 2 > end) {
        return CHUNKS_OVERRUN;
      }
      int chunk = u16(buffer, at);
      at += 2;
      int n = chunkSize(chunk);
      if (n == 0) {
        return ZERO_RUN;
      }
      int used = Math.min(n, statuses);
      for (int i = 0; i < used; i++) {
        int s = symbol(chunk, i);
        if (s == 3) {
          return RESERVED_SYMBOL;
        }
        deltaBytes += s;
      }
      statuses -= used;
    }
    if (at + deltaBytes > end) {
      return DELTAS_OVERRUN;
    }
    deltasOffset = at;
    restart();
    return null;
  }

  private static int chunkSize(int chunk) {
    if ((chunk & 0x8000) == 0) {
      return chunk & 0x1fff;
    }
    return (chunk & 0x4000) == 0 ? 14 : 7;
  }

  private static int symbol(int chunk, int index) {
    if ((chunk & 0x8000) == 0) {
      return (chunk >>> 13) & 3;
    }
    if ((chunk & 0x4000) == 0) {
      return (chunk >>> (13 - index)) & 1;
    }
    return (chunk >>> (12 - 2 * index)) & 3;
  }

  public int baseSequence() {
    return u16(buffer, fciOffset());
  }

  public int statusCount() {
    return u16(buffer, fciOffset() + 2);
  }

  /** Reference time in 64 ms units, signed 24 bits. */
  public int referenceTime() {
    return u24(buffer, fciOffset() + 4) << 8 >> 8;
  }

  public int feedbackCount() {
    return buffer[fciOffset() + 7] & 0xff;
  }

  /** Starts the walk over the reported packets again. */
  public void restart() {
    chunkAt = fciOffset() + 8;
    inChunk = 0;
    remaining = statusCount();
    deltaAt = deltasOffset;
    sequence = (baseSequence() - 1) & 0xffff;
  }

  /** Moves to the next reported sequence number; false after the last. */
  public boolean nextPacket() {
    if (remaining == 0) {
      return false;
    }
    int chunk = u16(buffer, chunkAt);
    status = symbol(chunk, inChunk);
    if (status == SMALL_DELTA) {
      delta = buffer[deltaAt] & 0xff;
      deltaAt += 1;
    } else if (status == LARGE_DELTA) {
      delta = (short) u16(buffer, deltaAt);
      deltaAt += 2;
    } else {
      delta = 0;
    }
    sequence = (sequence + 1) & 0xffff;
    remaining--;
    if (++inChunk == chunkSize(chunk)) {
      inChunk = 0;
      chunkAt += 2;
    }
    return true;
  }

  public int sequence() {
    return sequence;
  }

  /** {@link #NOT_RECEIVED}, {@link #SMALL_DELTA} or {@link #LARGE_DELTA}. */
  public int status() {
    return status;
  }

  public boolean received() {
    return status != NOT_RECEIVED;
  }

  /** Arrival delta from the previous received packet (or the reference time), in 250 us ticks. */
  public int deltaTicks() {
    return delta;
  }
}
