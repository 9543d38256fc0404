package io.octopod.protocol.rtcp;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.u16;

/**
 * Generic NACK: transport-layer feedback, FMT 1 (RFC 4585 §6.2.1). Each 4-byte FCI names a lost
 * packet (PID) and a bitmask of the 16 following ones (BLP).
 *
 * <pre>
 * |            PID                |             BLP               |
 * </pre>
 */
public final class GenericNack extends FeedbackPacket {

  public static final int FORMAT = 1;
  static final String NO_ENTRIES = "NACK needs one or more 4-byte FCI entries (RFC 4585 6.2.1)";

  public GenericNack() {
    super(RTPFB, FORMAT);
  }

  @Override
  protected String wrapFci(int fciOffset, int fciLength) {
    return fciLength == 0 || (fciLength & 3) != 0 ? NO_ENTRIES : null;
  }

  public int entryCount() {
    return fciLength() / 4;
  }

  public int packetId(int index) {
    return u16(buffer, fciOffset() + 4 * checked(index));
  }

  public int lostBitmask(int index) {
    return u16(buffer, fciOffset() + 4 * checked(index) + 2);
  }

  private int checked(int index) {
    if (index < 0 || index >= entryCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return index;
  }

  /**
   * Writes every lost sequence number into {@code lost} (at most {@code lost.length}).
   *
   * @return how many were written
   */
  public int lostSequenceNumbers(int[] lost) {
    int n = 0;
    for (int i = 0; i < entryCount(); i++) {
      int pid = packetId(i);
      int blp = lostBitmask(i);
      if (n < lost.length) {
        lost[n++] = pid;
      }
      for (int bit = 0; bit < 16 && n < lost.length; bit++) {
        if ((blp & (1 << bit)) != 0) {
          lost[n++] = (pid + bit + 1) & 0xffff;
        }
      }
    }
    return n;
  }

  /**
   * Writes a NACK for the given lost sequence numbers, which must be in increasing order (modulo
   * wrap-around); each run of up to 17 packets becomes one FCI entry.
   */
  public static int write(
      byte[] out, int at, long senderSsrc, long mediaSsrc, int[] lost, int count) {
    int pos = at + FIXED_LENGTH;
    int i = 0;
    while (i < count) {
      int pid = lost[i++] & 0xffff;
      int blp = 0;
      while (i < count) {
        int distance = ((lost[i] & 0xffff) - pid) & 0xffff;
        if (distance < 1 || distance > 16) {
          break;
        }
        blp |= 1 << (distance - 1);
        i++;
      }
      putU16(out, pos, pid);
      putU16(out, pos + 2, blp);
      pos += 4;
    }
    writeCommon(out, at, FORMAT, RTPFB, pos - at, senderSsrc, mediaSsrc);
    return pos - at;
  }
}
