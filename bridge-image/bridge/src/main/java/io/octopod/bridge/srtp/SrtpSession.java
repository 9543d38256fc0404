package io.octopod.bridge.srtp;

import java.security.GeneralSecurityException;

/**
 * The SRTP state of one DTLS association: keys for what we send and for what we receive, and a
 * stream per SSRC for each. A sending stream is made on first use; a receiving one only for a
 * packet that authenticated, and, once {@link #limitToSignalledSsrcs} was called, only for the
 * SSRCs the endpoint signalled plus a few others ({@link ReceiveStreams}). Unprotect failures are
 * counted by reason in {@link #counters()} and never thrown. One session is used by one thread at a
 * time (the endpoint's).
 */
public final class SrtpSession {

  private final SrtpProfile profile;
  private final byte[] sendKey;
  private final byte[] sendSalt;
  private final byte[] receiveKey;
  private final byte[] receiveSalt;
  private final SsrcTable<SrtpStream> rtpSend = new SsrcTable<>();
  private final SignalledSsrcs signalled = new SignalledSsrcs();
  private final ReceiveStreams<SrtpStream> rtpReceive;
  private final SsrcTable<SrtcpStream> rtcpSend = new SsrcTable<>();
  private final ReceiveStreams<SrtcpStream> rtcpReceive;
  // Made once, so a lookup allocates no capturing lambda per packet.
  private final java.util.function.LongFunction<SrtpStream> newSendStream;
  private final java.util.function.LongFunction<SrtcpStream> newSendControl;
  private final SrtpCounters counters = new SrtpCounters();

  public SrtpSession(
      SrtpProfile profile, byte[] sendKey, byte[] sendSalt, byte[] receiveKey, byte[] receiveSalt) {
    this.profile = profile;
    this.sendKey = sendKey.clone();
    this.sendSalt = sendSalt.clone();
    this.receiveKey = receiveKey.clone();
    this.receiveSalt = receiveSalt.clone();
    SrtpKeys.forRtp(profile, sendKey, sendSalt); // validates the sizes now, not on the first packet
    newSendStream = x -> new SrtpStream(profile, SrtpKeys.forRtp(profile, sendKey, sendSalt));
    rtpReceive =
        new ReceiveStreams<>(
            () -> new SrtpStream(profile, SrtpKeys.forRtp(profile, receiveKey, receiveSalt)),
            signalled);
    newSendControl = x -> new SrtcpStream(profile, SrtpKeys.forRtcp(profile, sendKey, sendSalt));
    rtcpReceive =
        new ReceiveStreams<>(
            () -> new SrtcpStream(profile, SrtpKeys.forRtcp(profile, receiveKey, receiveSalt)),
            signalled);
  }

  /**
   * From DTLS-exported keying material (RFC 5764 §4.2): client key, server key, client salt, server
   * salt. The DTLS client sends with the client's keys.
   */
  public static SrtpSession fromKeyingMaterial(
      SrtpProfile profile, byte[] material, boolean dtlsClient) {
    int k = profile.keyLength();
    int s = profile.saltLength();
    if (material.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException(
          "expected " + profile.keyingMaterialLength() + " bytes of keying material");
    }
    byte[] clientKey = java.util.Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = java.util.Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    return dtlsClient
        ? new SrtpSession(profile, clientKey, clientSalt, serverKey, serverSalt)
        : new SrtpSession(profile, serverKey, serverSalt, clientKey, clientSalt);
  }

  public SrtpProfile profile() {
    return profile;
  }

  public SrtpCounters counters() {
    return counters;
  }

  /**
   * Limits receiving to the SSRCs the endpoint's latest offer signalled ({@code a=ssrc}), which
   * always get a stream, and {@link ReceiveStreams#UNSIGNALLED_LIMIT} others. The bridge sets it
   * for every endpoint; a session never told (the client role, receiving from the bridge it chose
   * on as many SSRCs as the conference has slots) takes any SSRC that authenticates.
   */
  public void limitToSignalledSsrcs(long[] ssrcs) {
    signalled.set(ssrcs);
  }

  /** Receiving SRTP and SRTCP streams held: what a flood of new SSRCs would grow. */
  int receiveStreams() {
    return rtpReceive.size() + rtcpReceive.size();
  }

  /**
   * Protects an RTP packet in place; the buffer needs {@code profile().tagLength()} bytes of room.
   *
   * @return the protected length, or -1 when the packet is refused (and counted as {@link
   *     SrtpCounters#indexWouldRepeat}) because protecting it would reuse a keystream
   */
  public int protectRtp(byte[] buf, int off, int len) throws GeneralSecurityException {
    int n = rtpSend.get(SrtpStream.ssrcOf(buf, off), newSendStream).protect(buf, off, len);
    return n == SrtpStream.INDEX_WOULD_REPEAT ? counters.countRefusedSend() : n;
  }

  /** Unprotects in place; returns the RTP length, or -1 when dropped (and counted). */
  public int unprotectRtp(byte[] buf, int off, int len) {
    if (len < 12) {
      return counters.count(SrtpStream.TOO_SHORT);
    }
    try {
      return counters.count(rtpReceive.unprotect(SrtpStream.ssrcOf(buf, off), buf, off, len));
    } catch (GeneralSecurityException e) {
      return counters.count(SrtpStream.AUTH_FAILED);
    }
  }

  /** Protects a compound RTCP packet in place; needs {@code tagLength + 4} bytes of room. */
  public int protectRtcp(byte[] buf, int off, int len) throws GeneralSecurityException {
    return rtcpSend
        .get(io.octopod.protocol.Bytes.u32(buf, off + 4), newSendControl)
        .protect(buf, off, len);
  }

  public int unprotectRtcp(byte[] buf, int off, int len) {
    if (len < 8) {
      return counters.count(SrtpStream.TOO_SHORT);
    }
    try {
      return counters.count(
          rtcpReceive.unprotect(io.octopod.protocol.Bytes.u32(buf, off + 4), buf, off, len));
    } catch (GeneralSecurityException e) {
      return counters.count(SrtpStream.AUTH_FAILED);
    }
  }
}
