package io.octopod.bridge.srtp;

import java.security.GeneralSecurityException;

/**
 * The SRTP state of one DTLS association: keys for what we send and for what we receive, and a
 * stream per SSRC for each, created on first use. Unprotect failures are counted by reason in
 * {@link #counters()} and never thrown. One session is used by one thread at a time (the
 * endpoint's).
 */
public final class SrtpSession {

  private final SrtpProfile profile;
  private final byte[] sendKey;
  private final byte[] sendSalt;
  private final byte[] receiveKey;
  private final byte[] receiveSalt;
  private final SsrcTable<SrtpStream> rtpSend = new SsrcTable<>();
  private final SsrcTable<SrtpStream> rtpReceive = new SsrcTable<>();
  private final SsrcTable<SrtcpStream> rtcpSend = new SsrcTable<>();
  private final SsrcTable<SrtcpStream> rtcpReceive = new SsrcTable<>();
  // Made once, so a lookup allocates no capturing lambda per packet.
  private final java.util.function.LongFunction<SrtpStream> newSendStream;
  private final java.util.function.LongFunction<SrtpStream> newReceiveStream;
  private final java.util.function.LongFunction<SrtcpStream> newSendControl;
  private final java.util.function.LongFunction<SrtcpStream> newReceiveControl;
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
    newReceiveStream =
        x -> new SrtpStream(profile, SrtpKeys.forRtp(profile, receiveKey, receiveSalt));
    newSendControl = x -> new SrtcpStream(profile, SrtpKeys.forRtcp(profile, sendKey, sendSalt));
    newReceiveControl =
        x -> new SrtcpStream(profile, SrtpKeys.forRtcp(profile, receiveKey, receiveSalt));
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
   * Protects an RTP packet in place; the buffer needs {@code profile().tagLength()} bytes of room.
   */
  public int protectRtp(byte[] buf, int off, int len) throws GeneralSecurityException {
    return rtpSend.get(SrtpStream.ssrcOf(buf, off), newSendStream).protect(buf, off, len);
  }

  /** Unprotects in place; returns the RTP length, or -1 when dropped (and counted). */
  public int unprotectRtp(byte[] buf, int off, int len) {
    if (len < 12) {
      counters.tooShort.increment();
      return -1;
    }
    SrtpStream stream = rtpReceive.get(SrtpStream.ssrcOf(buf, off), newReceiveStream);
    try {
      return count(stream.unprotect(buf, off, len));
    } catch (GeneralSecurityException e) {
      counters.authenticationFailed.increment();
      return -1;
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
      counters.tooShort.increment();
      return -1;
    }
    SrtcpStream stream =
        rtcpReceive.get(io.octopod.protocol.Bytes.u32(buf, off + 4), newReceiveControl);
    try {
      return count(stream.unprotect(buf, off, len));
    } catch (GeneralSecurityException e) {
      counters.authenticationFailed.increment();
      return -1;
    }
  }

  private int count(int result) {
    switch (result) {
      case SrtpStream.TOO_SHORT -> counters.tooShort.increment();
      case SrtpStream.AUTH_FAILED -> counters.authenticationFailed.increment();
      case SrtpStream.REPLAYED -> counters.replayed.increment();
      case SrtpStream.TOO_OLD -> counters.tooOld.increment();
      default -> {
        counters.unprotected.increment();
        return result;
      }
    }
    return -1;
  }
}
