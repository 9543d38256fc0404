package io.octopod.bridge.srtp;

import java.util.concurrent.atomic.LongAdder;

/** Why SRTP and SRTCP packets were dropped, counted per endpoint and exported as metrics. */
public final class SrtpCounters {

  final LongAdder tooShort = new LongAdder();
  final LongAdder authenticationFailed = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder tooOld = new LongAdder();
  final LongAdder unprotected = new LongAdder();

  public long tooShort() {
    return tooShort.sum();
  }

  /** Wrong tag: a forged, corrupted or wrongly keyed packet. */
  public long authenticationFailed() {
    return authenticationFailed.sum();
  }

  /** Already received (within the replay window). */
  public long replayed() {
    return replayed.sum();
  }

  /** Older than the replay window. */
  public long tooOld() {
    return tooOld.sum();
  }

  /** Packets that decrypted and authenticated. */
  public long unprotected() {
    return unprotected.sum();
  }

  public long dropped() {
    return tooShort() + authenticationFailed() + replayed() + tooOld();
  }
}
