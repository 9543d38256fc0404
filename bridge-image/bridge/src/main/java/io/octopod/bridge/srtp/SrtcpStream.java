package io.octopod.bridge.srtp;

import static io.octopod.protocol.Bytes.i32;
import static io.octopod.protocol.Bytes.putI32;

import io.octopod.bridge.replay.ReplayWindow;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTCP for one SSRC in one direction (RFC 3711 §3.4, RFC 7714 §9). The first 8 bytes (header and
 * sender SSRC) stay in clear; the rest is encrypted; the E flag and the 31-bit SRTCP index follow,
 * and the tag is appended (AES-CM: after the index; GCM: before it, as RFC 7714 §17 lays out).
 */
final class SrtcpStream implements ReceiveStream {

  static final int TOO_SHORT = SrtpStream.TOO_SHORT;
  static final int AUTH_FAILED = SrtpStream.AUTH_FAILED;
  static final int REPLAYED = SrtpStream.REPLAYED;
  static final int TOO_OLD = SrtpStream.TOO_OLD;
  private static final int CLEAR = 8;
  private static final int E_FLAG = 0x8000_0000;

  private final SrtpProfile profile;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final Mac mac;
  private final SrtpCipher primitives;
  private final byte[] iv;
  private final byte[] tag = new byte[20];
  private final byte[] aad = new byte[12];
  private final ReplayWindow replay = new ReplayWindow();
  private int nextIndex;

  SrtcpStream(SrtpProfile profile, SrtpKeys keys) {
    this.primitives = new SrtpCipher(profile, keys);
    this.profile = profile;
    this.key = primitives.key;
    this.cipher = primitives.cipher;
    this.mac = primitives.mac;
    this.iv = new byte[profile.aead() ? 12 : 16];
  }

  /** Sets the next index to send (the RFC vectors start at a given index). */
  void nextIndex(int index) {
    this.nextIndex = index & 0x7fff_ffff;
  }

  /** Protects the compound RTCP packet at {@code [off, off + len)}; returns its new length. */
  int protect(byte[] buf, int off, int len) throws GeneralSecurityException {
    int index = nextIndex;
    nextIndex = (nextIndex + 1) & 0x7fff_ffff;
    long ssrc = io.octopod.protocol.Bytes.u32(buf, off + 4);
    int eIndex = E_FLAG | index;
    if (profile.aead()) {
      gcmIv(ssrc, index);
      System.arraycopy(buf, off, aad, 0, CLEAR);
      putI32(aad, CLEAR, eIndex);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(aad, 0, 12);
      int sealed = cipher.doFinal(buf, off + CLEAR, len - CLEAR, buf, off + CLEAR);
      putI32(buf, off + CLEAR + sealed, eIndex);
      return CLEAR + sealed + 4;
    }
    ctrIv(ssrc, index);
    cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
    cipher.update(buf, off + CLEAR, len - CLEAR, buf, off + CLEAR);
    putI32(buf, off + len, eIndex);
    mac.update(buf, off, len + 4);
    mac.doFinal(tag, 0);
    System.arraycopy(tag, 0, buf, off + len + 4, profile.tagLength());
    return len + 4 + profile.tagLength();
  }

  /** Unprotects in place; returns the RTCP length, or a negative reason. */
  @Override
  public int unprotect(byte[] buf, int off, int len) throws GeneralSecurityException {
    int tagLength = profile.tagLength();
    if (len < CLEAR + 4 + tagLength) {
      return TOO_SHORT;
    }
    long ssrc = io.octopod.protocol.Bytes.u32(buf, off + 4);
    int eIndexAt = profile.aead() ? off + len - 4 : off + len - tagLength - 4;
    int eIndex = i32(buf, eIndexAt);
    int index = eIndex & 0x7fff_ffff;
    boolean encrypted = (eIndex & E_FLAG) != 0;
    ReplayWindow.Verdict verdict = replay.check(index);
    if (verdict != ReplayWindow.Verdict.NEW) {
      return verdict == ReplayWindow.Verdict.REPLAYED ? REPLAYED : TOO_OLD;
    }
    int plain;
    if (profile.aead()) {
      gcmIv(ssrc, index);
      System.arraycopy(buf, off, aad, 0, CLEAR);
      putI32(aad, CLEAR, eIndex);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(aad, 0, 12);
      int sealed = len - CLEAR - 4;
      try {
        if (encrypted) {
          plain = CLEAR + cipher.doFinal(buf, off + CLEAR, sealed, buf, off + CLEAR);
        } else {
          // Unencrypted SRTCP under GCM: the whole packet is associated data, the tag follows.
          return AUTH_FAILED;
        }
      } catch (AEADBadTagException e) {
        return AUTH_FAILED;
      }
    } else {
      int authenticated = len - tagLength;
      mac.update(buf, off, authenticated);
      mac.doFinal(tag, 0);
      if (!SrtpCipher.tagsEqual(tag, buf, off + authenticated, tagLength)) {
        return AUTH_FAILED;
      }
      plain = authenticated - 4;
      if (encrypted) {
        ctrIv(ssrc, index);
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        cipher.update(buf, off + CLEAR, plain - CLEAR, buf, off + CLEAR);
      }
    }
    replay.record(index);
    return plain;
  }

  private void ctrIv(long ssrc, int index) {
    primitives.ctrIvBase(iv, ssrc);
    iv[10] ^= (byte) (index >>> 24);
    iv[11] ^= (byte) (index >>> 16);
    iv[12] ^= (byte) (index >>> 8);
    iv[13] ^= (byte) index;
  }

  /** GCM IV for SRTCP (RFC 7714 §9.1): (00 00 ‖ SSRC ‖ 00 00 ‖ index) XOR salt. */
  private void gcmIv(long ssrc, int index) {
    byte[] salt = primitives.keys.salt();
    System.arraycopy(salt, 0, iv, 0, 12);
    for (int i = 0; i < 4; i++) {
      iv[2 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
      iv[8 + i] ^= (byte) (index >>> (24 - 8 * i));
    }
  }
}
