package io.octopod.bridge.srtp;

/**
 * The SRTP protection profiles the bridge negotiates in DTLS {@code use_srtp} (RFC 5764 §4.1.2, RFC
 * 7714 §14.2), with their key, salt and tag sizes.
 */
public enum SrtpProfile {
  /** RFC 3711 AES counter mode with an 80-bit HMAC-SHA1 tag; every browser supports it. */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, false),
  /** RFC 7714 AES-GCM with a 128-bit key: encryption and authentication in one pass. */
  AEAD_AES_128_GCM(0x0007, 16, 12, 16, true),
  /** RFC 7714 AES-GCM with a 256-bit key. */
  AEAD_AES_256_GCM(0x0008, 32, 12, 16, true);

  private final int id;
  private final int keyLength;
  private final int saltLength;
  private final int tagLength;
  private final boolean aead;

  SrtpProfile(int id, int keyLength, int saltLength, int tagLength, boolean aead) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.tagLength = tagLength;
    this.aead = aead;
  }

  /** The {@code SRTPProtectionProfile} value on the wire. */
  public int id() {
    return id;
  }

  public int keyLength() {
    return keyLength;
  }

  public int saltLength() {
    return saltLength;
  }

  /** Bytes a protected RTP packet grows by; SRTCP adds 4 more for E and the index. */
  public int tagLength() {
    return tagLength;
  }

  public boolean aead() {
    return aead;
  }

  /**
   * Keying material to export from DTLS for this profile: two keys and two salts (RFC 5764 §4.2).
   */
  public int keyingMaterialLength() {
    return 2 * (keyLength + saltLength);
  }

  public static SrtpProfile byId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }
}
