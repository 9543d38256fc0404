package io.octopod.bridge.srtp;

import static io.octopod.protocol.Bytes.putI32;
import static io.octopod.protocol.Bytes.u16;
import static io.octopod.protocol.Bytes.u32;

import io.octopod.bridge.replay.ReplayWindow;
import io.octopod.protocol.rtp.RtpPacket;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP for one SSRC in one direction (RFC 3711, RFC 7714): the session keys, the JCE cipher and MAC
 * made once, the roll-over counter, and for a receiver the replay window. Packets are protected and
 * unprotected in place; a protected packet is {@code tagLength} bytes longer, so the caller leaves
 * that room after it. Not thread-safe: one stream is used by one thread at a time.
 *
 * <p>A sender derives each packet's roll-over counter from the packet's own sequence number, the
 * way a receiver does (RFC 3711 §3.3.1), not from the order packets happen to be sent in: a late or
 * repaired packet from before a wrap, sent after it, keeps the counter of its own cycle. Otherwise
 * it would take the (SSRC, ROC, SEQ) of the packet 65,536 later, and two packets would share a
 * keystream (and, for GCM, a nonce). The indexes sent lately are remembered, and a packet whose
 * index was used, or is too old to tell, is refused instead of protected.
 */
final class SrtpStream implements ReceiveStream {

  /** {@link #unprotect} results below 0. */
  static final int TOO_SHORT = -1;

  static final int AUTH_FAILED = -2;
  static final int REPLAYED = -3;
  static final int TOO_OLD = -4;

  /** {@link #protect} refused: the packet's index was used already, or is too old to tell. */
  static final int INDEX_WOULD_REPEAT = -5;

  /**
   * Indexes a sender remembers behind the highest it sent. A rewritten packet arrives late by at
   * most a jitter buffer's worth; one later than this is refused, not risked.
   */
  static final int SENT_WINDOW = 1024;

  private static final long MAX_ROC = 0xffff_ffffL;

  private final SrtpProfile profile;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final Mac mac;
  private final SrtpCipher primitives;
  private final byte[] iv;
  private final byte[] tag = new byte[20];
  private final byte[] rocBytes = new byte[4];
  private final RtpPacket rtp = new RtpPacket();
  private final ReplayWindow replay = new ReplayWindow();
  private final ReplayWindow sent = new ReplayWindow(SENT_WINDOW);
  private long roc;
  private int highestSeq = -1;

  SrtpStream(SrtpProfile profile, SrtpKeys keys) {
    this.primitives = new SrtpCipher(profile, keys);
    this.profile = profile;
    this.key = primitives.key;
    this.cipher = primitives.cipher;
    this.mac = primitives.mac;
    this.iv = new byte[profile.aead() ? 12 : 16];
  }

  /** The roll-over counter this sender is at (tests and the RTCP side use it). */
  long rolloverCounter() {
    return roc;
  }

  /**
   * Protects the RTP packet at {@code [off, off + len)}.
   *
   * @return its new length, or {@link #INDEX_WOULD_REPEAT} (the buffer is left as it was)
   */
  int protect(byte[] buf, int off, int len) throws GeneralSecurityException {
    if (!rtp.wrapHeaderOnly(buf, off, len)) {
      throw new IllegalArgumentException("not an RTP packet: " + rtp.invalidReason());
    }
    int seq = rtp.sequenceNumber();
    long packetRoc = estimateRoc(seq);
    if (packetRoc < 0
        || packetRoc > MAX_ROC
        || sent.check(index(packetRoc, seq)) != ReplayWindow.Verdict.NEW) {
      return INDEX_WOULD_REPEAT;
    }
    int header = rtp.headerLength();
    long ssrc = rtp.ssrc();
    int protectedLength;
    if (profile.aead()) {
      gcmIv(ssrc, packetRoc, seq);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(buf, off, header);
      protectedLength = header + cipher.doFinal(buf, off + header, len - header, buf, off + header);
    } else {
      ctrIv(ssrc, index(packetRoc, seq));
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      cipher.update(buf, off + header, len - header, buf, off + header);
      authenticate(buf, off, len, packetRoc);
      System.arraycopy(tag, 0, buf, off + len, profile.tagLength());
      protectedLength = len + profile.tagLength();
    }
    sent.record(index(packetRoc, seq));
    advanceTo(packetRoc, seq);
    return protectedLength;
  }

  /**
   * Unprotects the SRTP packet at {@code [off, off + len)} in place.
   *
   * @return the RTP packet's length, or one of the negative reasons above
   */
  @Override
  public int unprotect(byte[] buf, int off, int len) throws GeneralSecurityException {
    int tagLength = profile.tagLength();
    if (len < RtpPacket.FIXED_HEADER_LENGTH + tagLength
        || !rtp.wrapHeaderOnly(buf, off, len - tagLength)) {
      return TOO_SHORT;
    }
    int seq = rtp.sequenceNumber();
    long guessedRoc = estimateRoc(seq);
    if (guessedRoc < 0 || guessedRoc > MAX_ROC) {
      return TOO_OLD; // before the stream's first packet, or past the last counter: none fits
    }
    long index = index(guessedRoc, seq);
    ReplayWindow.Verdict verdict = replay.check(index);
    if (verdict != ReplayWindow.Verdict.NEW) {
      return verdict == ReplayWindow.Verdict.REPLAYED ? REPLAYED : TOO_OLD;
    }
    int header = rtp.headerLength();
    long ssrc = rtp.ssrc();
    int plainLength;
    if (profile.aead()) {
      gcmIv(ssrc, guessedRoc, seq);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(buf, off, header);
      try {
        plainLength = header + cipher.doFinal(buf, off + header, len - header, buf, off + header);
      } catch (AEADBadTagException e) {
        return AUTH_FAILED;
      }
    } else {
      int authenticated = len - tagLength;
      authenticate(buf, off, authenticated, guessedRoc);
      if (!tagMatches(buf, off + authenticated, tagLength)) {
        return AUTH_FAILED;
      }
      ctrIv(ssrc, index);
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
      cipher.update(buf, off + header, authenticated - header, buf, off + header);
      plainLength = authenticated;
    }
    replay.record(index);
    advanceTo(guessedRoc, seq);
    return plainLength;
  }

  private static long index(long rolloverCounter, int seq) {
    return (rolloverCounter << 16) | seq;
  }

  /** Moves the highest index seen or sent forward to this packet's, if it is newer. */
  private void advanceTo(long packetRoc, int seq) {
    if (highestSeq < 0 || index(packetRoc, seq) > index(roc, highestSeq)) {
      roc = packetRoc;
      highestSeq = seq;
    }
  }

  /**
   * RFC 3711 Appendix A: the ROC that puts {@code seq} closest to the highest index seen or sent;
   * -1 for a packet that would belong before counter 0 (older than the stream's first packet,
   * across a wrap). Past {@link #MAX_ROC} the caller refuses: the counter must not wrap to 0 (RFC
   * 3711 §9.2 asks for new keys first).
   */
  private long estimateRoc(int seq) {
    if (highestSeq < 0) {
      return roc;
    }
    if (highestSeq < 0x8000) {
      return seq - highestSeq > 0x8000 ? roc - 1 : roc;
    }
    return highestSeq - 0x8000 > seq ? roc + 1 : roc;
  }

  /** AES-CM IV (RFC 3711 §4.1.1): salt·2^16 XOR SSRC·2^64 XOR index·2^16. */
  private void ctrIv(long ssrc, long index) {
    primitives.ctrIvBase(iv, ssrc);
    for (int i = 0; i < 6; i++) {
      iv[13 - i] ^= (byte) (index >>> (8 * i));
    }
  }

  /** GCM IV (RFC 7714 §8.1): (00 00 ‖ SSRC ‖ ROC ‖ SEQ) XOR the 96-bit salt. */
  private void gcmIv(long ssrc, long rolloverCounter, int seq) {
    byte[] salt = primitives.keys.salt();
    iv[0] = salt[0];
    iv[1] = salt[1];
    for (int i = 0; i < 4; i++) {
      iv[2 + i] = (byte) (salt[2 + i] ^ (ssrc >>> (24 - 8 * i)));
      iv[6 + i] = (byte) (salt[6 + i] ^ (rolloverCounter >>> (24 - 8 * i)));
    }
    iv[10] = (byte) (salt[10] ^ (seq >>> 8));
    iv[11] = (byte) (salt[11] ^ seq);
  }

  private void authenticate(byte[] buf, int off, int len, long rolloverCounter)
      throws GeneralSecurityException {
    mac.update(buf, off, len);
    putI32(rocBytes, 0, (int) rolloverCounter);
    mac.update(rocBytes);
    mac.doFinal(tag, 0);
  }

  private boolean tagMatches(byte[] buf, int at, int length) {
    return SrtpCipher.tagsEqual(tag, buf, at, length);
  }

  static long ssrcOf(byte[] buf, int off) {
    return u32(buf, off + 8);
  }

  static int seqOf(byte[] buf, int off) {
    return u16(buf, off + 2);
  }
}
