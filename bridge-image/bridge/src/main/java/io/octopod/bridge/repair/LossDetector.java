package io.octopod.bridge.repair;

import io.octopod.protocol.rtp.SequenceNumbers;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the packets missing from one incoming stream and decides when to NACK them: a gap in the
 * sequence numbers marks packets missing; each is asked for again at most every retry interval (a
 * round trip, since an earlier NACK or its answer may still be travelling), at most {@link
 * #MAX_TRIES} times, and given up once it is too old to be played. Not thread-safe.
 */
public final class LossDetector {

  /** A packet missing for longer than this would arrive after the receivers' jitter buffers. */
  public static final long GIVE_UP_NANOS = 1_000_000_000L;

  public static final int MAX_TRIES = 10;

  /** A jump larger than this is a sender restart, not a loss burst. */
  static final int MAX_GAP = 512;

  private static final class Missing {
    final long since;
    long lastAsked = Long.MIN_VALUE / 2;
    int tries;

    Missing(long since) {
      this.since = since;
    }
  }

  private final Map<Integer, Missing> missing = new LinkedHashMap<>();
  private final RepairCounters counters;
  private int highest = -1;

  public LossDetector(RepairCounters counters) {
    this.counters = counters;
  }

  /** Records an arrival (original or repaired); returns true when it fills a known gap. */
  public boolean received(int sequence, long now) {
    if (highest < 0) {
      highest = sequence;
      return false;
    }
    int diff = SequenceNumbers.diff(sequence, highest);
    if (diff > 0) {
      if (diff > MAX_GAP) {
        missing.clear();
      } else {
        for (int s = 1; s < diff; s++) {
          missing.put(SequenceNumbers.add(highest, s), new Missing(now));
          counters.lossDetected();
        }
      }
      highest = sequence;
      return false;
    }
    if (missing.remove(sequence) != null) {
      counters.repaired();
      return true;
    }
    return false;
  }

  /**
   * Writes into {@code out} the sequence numbers to NACK now, oldest first, and forgets the ones
   * given up on.
   *
   * @param retryNanos the least time between two NACKs of one packet
   * @return how many were written
   */
  public int due(int[] out, long now, long retryNanos) {
    int n = 0;
    Iterator<Map.Entry<Integer, Missing>> it = missing.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, Missing> e = it.next();
      Missing m = e.getValue();
      if (now - m.since > GIVE_UP_NANOS || m.tries >= MAX_TRIES) {
        it.remove();
        counters.unrepaired();
        continue;
      }
      if (n < out.length && now - m.lastAsked >= retryNanos) {
        m.lastAsked = now;
        m.tries++;
        out[n++] = e.getKey();
      }
    }
    return n;
  }

  /** Packets currently missing. */
  public int missingCount() {
    return missing.size();
  }
}
