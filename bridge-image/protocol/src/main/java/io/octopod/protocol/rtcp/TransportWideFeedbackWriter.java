package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.putU24;

/**
 * Builds transport-cc feedback (see {@link TransportWideFeedback} for the layout). Reusable: {@link
 * #reset}, {@link #addReceived} per arrived packet in sequence order, then {@link #write}. Its
 * arrays are sized once, so building feedback allocates nothing.
 */
public final class TransportWideFeedbackWriter {

  /** The most packets one feedback covers; a receiver sends feedback far more often than this. */
  public static final int MAX_PACKETS = 4096;

  private final byte[] statuses = new byte[MAX_PACKETS];
  private final short[] deltas = new short[MAX_PACKETS];
  private long senderSsrc;
  private long mediaSsrc;
  private int baseSequence;
  private int referenceTime;
  private int feedbackCount;
  private long lastArrivalMicros;
  private int count;
  private boolean started;

  /**
   * Starts a new feedback packet.
   *
   * @param referenceTimeMicros arrival time of the first packet, rounded down to 64 ms by the
   *     format
   */
  public void reset(
      long senderSsrc,
      long mediaSsrc,
      int baseSequence,
      long referenceTimeMicros,
      int feedbackCount) {
    this.senderSsrc = senderSsrc;
    this.mediaSsrc = mediaSsrc;
    this.baseSequence = baseSequence & 0xffff;
    this.referenceTime =
        (int) Math.floorDiv(referenceTimeMicros, TransportWideFeedback.REFERENCE_TIME_UNIT_MICROS);
    this.lastArrivalMicros = referenceTime * TransportWideFeedback.REFERENCE_TIME_UNIT_MICROS;
    this.feedbackCount = feedbackCount & 0xff;
    this.count = 0;
    this.started = true;
  }

  /**
   * Records a packet that arrived. Sequence numbers must increase; the ones skipped are reported as
   * not received.
   *
   * @return false when the packet can't go into this feedback (before the base, too far ahead, or a
   *     delta beyond ±8.19 s); send this one and start another
   */
  public boolean addReceived(int sequence, long arrivalMicros) {
    if (!started) {
      return false;
    }
    int index = (sequence - baseSequence) & 0xffff;
    if (index < count || index >= MAX_PACKETS) {
      return false;
    }
    long ticks =
        Math.round(
            (arrivalMicros - lastArrivalMicros) / (double) TransportWideFeedback.DELTA_TICK_MICROS);
    if (ticks < Short.MIN_VALUE || ticks > Short.MAX_VALUE) {
      return false;
    }
    for (int i = count; i < index; i++) {
      statuses[i] = TransportWideFeedback.NOT_RECEIVED;
    }
    statuses[index] =
        (byte)
            (ticks >= 0 && ticks <= 255
                ? TransportWideFeedback.SMALL_DELTA
                : TransportWideFeedback.LARGE_DELTA);
    deltas[index] = (short) ticks;
    // Advance by the delta as sent, so that rounding errors do not add up across packets.
    lastArrivalMicros += ticks * TransportWideFeedback.DELTA_TICK_MICROS;
    count = index + 1;
    return true;
  }

  public int packetCount() {
    return count;
  }

  /** Upper bound of {@link #write}'s output for the packets added so far. */
  public int maxSize() {
    return FeedbackPacket.FIXED_LENGTH + 8 + 2 * count + 2 * count + 3;
  }

  /** Writes the feedback; returns its length (a multiple of 4). */
  public int write(byte[] out, int at) {
    int pos = at + FeedbackPacket.FIXED_LENGTH;
    putU16(out, pos, baseSequence);
    putU16(out, pos + 2, count);
    putU24(out, pos + 4, referenceTime & 0xffffff);
    out[pos + 7] = (byte) feedbackCount;
    pos += 8;
    int i = 0;
    while (i < count) {
      int run = runLength(i);
      boolean anyLarge = anyLarge(i, 14);
      if (run >= (anyLarge ? 7 : 14) || run == count - i) {
        int n = Math.min(run, 0x1fff);
        putU16(out, pos, (statuses[i] << 13) | n);
        i += n;
      } else if (!anyLarge) {
        int chunk = 0x8000;
        for (int k = 0; k < 14 && i + k < count; k++) {
          chunk |= statuses[i + k] << (13 - k);
        }
        putU16(out, pos, chunk);
        i += 14;
      } else {
        int chunk = 0xc000;
        for (int k = 0; k < 7 && i + k < count; k++) {
          chunk |= statuses[i + k] << (12 - 2 * k);
        }
        putU16(out, pos, chunk);
        i += 7;
      }
      pos += 2;
    }
    for (int k = 0; k < count; k++) {
      if (statuses[k] == TransportWideFeedback.SMALL_DELTA) {
        out[pos++] = (byte) deltas[k];
      } else if (statuses[k] == TransportWideFeedback.LARGE_DELTA) {
        putU16(out, pos, deltas[k]);
        pos += 2;
      }
    }
    while (((pos - at) & 3) != 0) {
      out[pos++] = 0;
    }
    FeedbackPacket.writeCommon(
        out, at, TransportWideFeedback.FORMAT, RtcpPacket.RTPFB, pos - at, senderSsrc, mediaSsrc);
    return pos - at;
  }

  private int runLength(int from) {
    int n = 1;
    while (from + n < count && statuses[from + n] == statuses[from]) {
      n++;
    }
    return n;
  }

  private boolean anyLarge(int from, int span) {
    for (int k = from; k < Math.min(count, from + span); k++) {
      if (statuses[k] == TransportWideFeedback.LARGE_DELTA) {
        return true;
      }
    }
    return false;
  }
}
