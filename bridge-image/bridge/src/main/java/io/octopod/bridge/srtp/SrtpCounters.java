package io.octopod.bridge.srtp;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Why SRTP and SRTCP packets were dropped (received ones, and sent ones refused before protecting),
 * counted per endpoint and, through {@link #alsoCountInto}, in the bridge's total that {@code
 * /metrics} exports.
 */
public final class SrtpCounters {

  final LongAdder tooShort = new LongAdder();
  final LongAdder authenticationFailed = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder tooOld = new LongAdder();
  final LongAdder unsignalledSsrcOverLimit = new LongAdder();
  final LongAdder unprotected = new LongAdder();
  final LongAdder indexWouldRepeat = new LongAdder();

  /** The bridge's total, counted as well; null when none. Set before the first packet. */
  private SrtpCounters total;

  /** Counts every packet here and in {@code bridgeTotal} too. */
  public void alsoCountInto(SrtpCounters bridgeTotal) {
    this.total = bridgeTotal;
  }

  /**
   * Counts an unprotect result: a length (unprotected) or one of the negative reasons of {@link
   * SrtpStream} and {@link ReceiveStreams}.
   *
   * @return the result when it is a length, else -1
   */
  int count(int result) {
    if (total != null) {
      total.count(result);
    }
    switch (result) {
      case SrtpStream.TOO_SHORT -> tooShort.increment();
      case SrtpStream.AUTH_FAILED -> authenticationFailed.increment();
      case SrtpStream.REPLAYED -> replayed.increment();
      case SrtpStream.TOO_OLD -> tooOld.increment();
      case ReceiveStreams.UNSIGNALLED_OVER_LIMIT -> unsignalledSsrcOverLimit.increment();
      default -> {
        unprotected.increment();
        return result;
      }
    }
    return -1;
  }

  /** Counts a packet this side refused to protect ({@link SrtpStream#INDEX_WOULD_REPEAT}). */
  int countRefusedSend() {
    if (total != null) {
      total.countRefusedSend();
    }
    indexWouldRepeat.increment();
    return -1;
  }

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

  /**
   * On a new SSRC the endpoint never signalled, when it already sends on {@link
   * ReceiveStreams#UNSIGNALLED_LIMIT} of them: refused before any cryptography.
   */
  public long unsignalledSsrcOverLimit() {
    return unsignalledSsrcOverLimit.sum();
  }

  /**
   * Packets not sent because their (SSRC, ROC, SEQ) was used already or is too old to tell: sending
   * them would reuse a keystream.
   */
  public long indexWouldRepeat() {
    return indexWouldRepeat.sum();
  }

  /** Packets that decrypted and authenticated. */
  public long unprotected() {
    return unprotected.sum();
  }

  public long dropped() {
    return tooShort()
        + authenticationFailed()
        + replayed()
        + tooOld()
        + unsignalledSsrcOverLimit()
        + indexWouldRepeat();
  }

  /** Drops by reason, as the {@code reason} label of the exported metric. */
  public Map<String, Long> droppedByReason() {
    return Map.of(
        "too_short", tooShort(),
        "not_authentic", authenticationFailed(),
        "replayed", replayed(),
        "too_old", tooOld(),
        "unsignalled_ssrc_over_limit", unsignalledSsrcOverLimit(),
        "index_would_repeat", indexWouldRepeat());
  }
}
