package io.octopod.bridge.transport;

import io.octopod.bridge.srtp.SrtpCounters;
import java.util.concurrent.atomic.LongAdder;

/**
 * Datagrams the media port dropped, by reason. Every bad input ends up in exactly one counter; none
 * throws or disturbs another endpoint. SRTP's own reasons are in each endpoint's SrtpCounters, and
 * summed over all endpoints in {@link #srtp()}.
 */
public final class TransportCounters {

  final LongAdder unknownKind = new LongAdder();
  final LongAdder unknownSource = new LongAdder();
  final LongAdder malformedStun = new LongAdder();
  final LongAdder stunForNoEndpoint = new LongAdder();
  final LongAdder stunBadIntegrity = new LongAdder();
  final LongAdder stunReplayRefused = new LongAdder();
  final LongAdder dtlsFromUnknownAddress = new LongAdder();
  final LongAdder dtlsQueueFull = new LongAdder();
  final LongAdder mediaBeforeKeys = new LongAdder();
  private final SrtpCounters srtp = new SrtpCounters();

  /** SRTP and SRTCP drops of every endpoint this bridge had, by reason. */
  public SrtpCounters srtp() {
    return srtp;
  }

  /** Neither STUN, DTLS, RTP nor RTCP (RFC 7983). */
  public long unknownKind() {
    return unknownKind.sum();
  }

  /** DTLS or media from an address no endpoint has checked. */
  public long unknownSource() {
    return unknownSource.sum();
  }

  public long malformedStun() {
    return malformedStun.sum();
  }

  public long stunForNoEndpoint() {
    return stunForNoEndpoint.sum();
  }

  /** Binding requests whose MESSAGE-INTEGRITY or FINGERPRINT failed (answered 401). */
  public long stunBadIntegrity() {
    return stunBadIntegrity.sum();
  }

  /**
   * Authenticated binding requests repeating a recent transaction from an address they would have
   * moved the media to or taught (a replayed check): dropped unanswered, nothing followed.
   */
  public long stunReplayRefused() {
    return stunReplayRefused.sum();
  }

  public long dtlsFromUnknownAddress() {
    return dtlsFromUnknownAddress.sum();
  }

  public long mediaBeforeKeys() {
    return mediaBeforeKeys.sum();
  }
}
