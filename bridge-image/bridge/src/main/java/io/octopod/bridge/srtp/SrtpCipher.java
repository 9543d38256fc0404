package io.octopod.bridge.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JCE objects one SRTP or SRTCP stream keeps for its life: the AES key, the cipher (CTR or GCM)
 * and, for AES-CM, the HMAC-SHA1 keyed with the session authentication key. Made once per stream,
 * because {@code getInstance} per packet would dominate the cost.
 */
final class SrtpCipher {

  final SrtpProfile profile;
  final SrtpKeys keys;
  final SecretKeySpec key;
  final Cipher cipher;
  final Mac mac;

  SrtpCipher(SrtpProfile profile, SrtpKeys keys) {
    this.profile = profile;
    this.keys = keys;
    this.key = new SecretKeySpec(keys.encryptionKey(), "AES");
    try {
      this.cipher = Cipher.getInstance(profile.aead() ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding");
      this.mac = profile.aead() ? null : Mac.getInstance("HmacSHA1");
      if (mac != null) {
        mac.init(new SecretKeySpec(keys.authenticationKey(), "HmacSHA1"));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES and HmacSHA1 are part of every JDK", e);
    }
  }

  /**
   * Starts an AES-CM IV (RFC 3711 §4.1.1): the session salt times 2^16, XOR the SSRC times 2^64;
   * the caller XORs in the index.
   */
  void ctrIvBase(byte[] iv, long ssrc) {
    byte[] salt = keys.salt();
    Arrays.fill(iv, (byte) 0);
    System.arraycopy(salt, 0, iv, 0, salt.length);
    iv[4] ^= (byte) (ssrc >>> 24);
    iv[5] ^= (byte) (ssrc >>> 16);
    iv[6] ^= (byte) (ssrc >>> 8);
    iv[7] ^= (byte) ssrc;
  }

  /** Compares a computed tag with the received one without an early exit. */
  static boolean tagsEqual(byte[] computed, byte[] buf, int at, int length) {
    int diff = 0;
    for (int i = 0; i < length; i++) {
      diff |= computed[i] ^ buf[at + i];
    }
    return diff == 0;
  }
}
