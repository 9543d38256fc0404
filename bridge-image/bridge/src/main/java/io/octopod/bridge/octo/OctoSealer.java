package io.octopod.bridge.octo;

import io.octopod.protocol.octo.OctoHeader;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens Octo datagrams in place: AES-GCM over everything after the 28-byte header, with
 * the header as associated data and its relay id and sequence number (bytes 16-27) as the nonce.
 * One per packet thread: the JCE cipher is reused, not created per packet.
 */
public final class OctoSealer {

  private static final int TAG_BITS = OctoHeader.TAG_LENGTH * 8;

  private final Cipher cipher;
  private final byte[] nonce = new byte[12];

  public OctoSealer() {
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * Seals a datagram whose header is written and whose plaintext follows it.
   *
   * @param buf must have {@link OctoHeader#TAG_LENGTH} bytes free after {@code off + len}
   * @return the sealed datagram's length ({@code len} plus the tag)
   */
  public int seal(SecretKey key, byte[] buf, int off, int len) throws GeneralSecurityException {
    System.arraycopy(buf, off + 16, nonce, 0, 12);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(buf, off, OctoHeader.LENGTH);
    int body = len - OctoHeader.LENGTH;
    return OctoHeader.LENGTH
        + cipher.doFinal(buf, off + OctoHeader.LENGTH, body, buf, off + OctoHeader.LENGTH);
  }

  /**
   * Opens a sealed datagram in place.
   *
   * @return the plaintext's length (it starts right after the header), or -1 when the tag does not
   *     verify: forged, corrupted, or sealed under another key
   */
  public int open(SecretKey key, byte[] buf, int off, int len) {
    if (len < OctoHeader.LENGTH + OctoHeader.TAG_LENGTH) {
      return -1;
    }
    System.arraycopy(buf, off + 16, nonce, 0, 12);
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(buf, off, OctoHeader.LENGTH);
      return cipher.doFinal(
          buf, off + OctoHeader.LENGTH, len - OctoHeader.LENGTH, buf, off + OctoHeader.LENGTH);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed on a well-formed input", e);
    }
  }
}
