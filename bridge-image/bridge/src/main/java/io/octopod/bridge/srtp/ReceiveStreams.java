package io.octopod.bridge.srtp;

import java.security.GeneralSecurityException;
import java.util.function.Supplier;

/**
 * One session's receiving streams (SRTP or SRTCP) by SSRC, which the sender, not the bridge,
 * chooses. So that a sender can't make the bridge keep state per SSRC it invents:
 *
 * <ul>
 *   <li>a packet on a new SSRC is checked by a spare stream, kept only if the packet authenticates:
 *       forged packets create nothing, however many SSRCs they name;
 *   <li>once the session knows the SSRCs the endpoint signalled, at most {@link #UNSIGNALLED_LIMIT}
 *       others get a stream; packets on further ones are refused before any cryptography.
 * </ul>
 *
 * Not thread-safe, like the streams.
 */
final class ReceiveStreams<T extends ReceiveStream> {

  /**
   * Browsers send on SSRCs they never signal: Chromium's simulcast offer ({@code a=rid},
   * testdata/chromium) signals only audio, then sends three video layers and an RTX stream for
   * each, about 7 SSRCs, and RTCP from a few of them. 16 leaves room for that twice over (a
   * renegotiated track, a screen share) while keeping a participant's state small.
   */
  static final int UNSIGNALLED_LIMIT = 16;

  /** {@link #unprotect}'s result for a new unsignalled SSRC over the limit. */
  static final int UNSIGNALLED_OVER_LIMIT = -5;

  private final SsrcTable<T> streams = new SsrcTable<>();
  private final Supplier<T> factory;
  private final SignalledSsrcs signalled;
  private T spare;
  private int unsignalled;

  ReceiveStreams(Supplier<T> factory, SignalledSsrcs signalled) {
    this.factory = factory;
    this.signalled = signalled;
  }

  /** Unprotects with {@code ssrc}'s stream; returns the plain length or a negative reason. */
  int unprotect(long ssrc, byte[] buf, int off, int len) throws GeneralSecurityException {
    T stream = streams.find(ssrc);
    if (stream != null) {
      return stream.unprotect(buf, off, len);
    }
    boolean wasSignalled = signalled.contains(ssrc);
    if (!wasSignalled && unsignalled >= UNSIGNALLED_LIMIT && signalled.limited()) {
      return UNSIGNALLED_OVER_LIMIT;
    }
    if (spare == null) {
      spare = factory.get();
    }
    int result = spare.unprotect(buf, off, len);
    if (result >= 0) {
      streams.put(ssrc, spare);
      spare = null;
      if (!wasSignalled) {
        unsignalled++;
      }
    }
    return result;
  }

  int size() {
    return streams.size();
  }
}
