package io.octopod.bridge.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session keys derived from a master key and salt with the AES-CM PRF (RFC 3711 §4.3, used by the
 * GCM profiles too, RFC 7714 §11), for one direction and one of RTP or RTCP. The key derivation
 * rate is 0, so the keys are derived once per context.
 *
 * @param encryptionKey the session encryption key
 * @param authenticationKey the 160-bit HMAC-SHA1 key (empty for AEAD profiles)
 * @param salt the session salt (14 bytes for AES-CM, 12 for GCM)
 */
public record SrtpKeys(byte[] encryptionKey, byte[] authenticationKey, byte[] salt) {

  static final int RTP_ENCRYPTION = 0x00;
  static final int RTP_AUTHENTICATION = 0x01;
  static final int RTP_SALT = 0x02;
  static final int RTCP_ENCRYPTION = 0x03;
  static final int RTCP_AUTHENTICATION = 0x04;
  static final int RTCP_SALT = 0x05;

  private static final int AUTH_KEY_LENGTH = 20;

  public static SrtpKeys forRtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    return derive(profile, masterKey, masterSalt, RTP_ENCRYPTION, RTP_AUTHENTICATION, RTP_SALT);
  }

  public static SrtpKeys forRtcp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    return derive(profile, masterKey, masterSalt, RTCP_ENCRYPTION, RTCP_AUTHENTICATION, RTCP_SALT);
  }

  private static SrtpKeys derive(
      SrtpProfile profile,
      byte[] masterKey,
      byte[] masterSalt,
      int encLabel,
      int authLabel,
      int saltLabel) {
    if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
      throw new IllegalArgumentException(
          profile
              + " needs a "
              + profile.keyLength()
              + "-byte key and a "
              + profile.saltLength()
              + "-byte salt");
    }
    return new SrtpKeys(
        prf(masterKey, masterSalt, encLabel, profile.keyLength()),
        profile.aead() ? new byte[0] : prf(masterKey, masterSalt, authLabel, AUTH_KEY_LENGTH),
        prf(masterKey, masterSalt, saltLabel, profile.saltLength()));
  }

  /**
   * The AES-CM PRF: AES in counter mode keyed with the master key, over an IV made of the master
   * salt (a 96-bit GCM salt is padded with zeros to 112 bits) XOR the label in its 8th byte (the
   * index DIV kdr is 0), times 2^16.
   */
  static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
    byte[] iv = new byte[16];
    System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
    iv[7] ^= (byte) label;
    return keystream(masterKey, iv, length);
  }

  /** {@code length} bytes of AES counter-mode keystream from a 16-byte IV (RFC 3711 §4.1.1). */
  static byte[] keystream(byte[] key, byte[] iv, int length) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return aes.doFinal(new byte[length]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is part of every JDK", e);
    }
  }
}
