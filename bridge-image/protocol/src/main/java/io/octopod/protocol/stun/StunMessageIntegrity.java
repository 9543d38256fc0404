package io.octopod.protocol.stun;

import static io.octopod.protocol.Bytes.putU16;
import static io.octopod.protocol.Bytes.u16;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the
 * header's length field counting up to the end of the MESSAGE-INTEGRITY attribute (so a FINGERPRINT
 * after it is left out). The only class of this module allowed to use {@code javax.crypto}; the
 * message layout stays in {@link StunMessage} and {@link StunMessageWriter}.
 *
 * <p>One instance per key (an ICE session's password), holding an initialised {@link Mac}, so that
 * signing and checking allocate nothing. Not thread-safe: an ICE session is handled by one thread
 * at a time.
 */
public final class StunMessageIntegrity {

  public static final int HMAC_LENGTH = 20;
  static final int ATTRIBUTE_LENGTH = 4 + HMAC_LENGTH;

  private final Mac mac;
  private final byte[] computed = new byte[HMAC_LENGTH];

  /**
   * @param key the short-term credential: the ICE password's bytes (RFC 8489 §9.1.1)
   */
  public StunMessageIntegrity(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /**
   * Computes the HMAC of the message at {@code messageOffset} for a MESSAGE-INTEGRITY attribute
   * whose header starts at {@code attributeOffset}, and writes the attribute. The message's length
   * field is set to end after the attribute.
   */
  public void sign(byte[] buffer, int messageOffset, int attributeOffset) {
    putU16(buffer, attributeOffset, StunAttribute.MESSAGE_INTEGRITY);
    putU16(buffer, attributeOffset + 2, HMAC_LENGTH);
    putU16(
        buffer,
        messageOffset + 2,
        attributeOffset + ATTRIBUTE_LENGTH - messageOffset - StunMessage.HEADER_LENGTH);
    hmac(buffer, messageOffset, attributeOffset, buffer, attributeOffset + 4);
  }

  /** Whether the message has a MESSAGE-INTEGRITY attribute that this key produced. */
  public boolean verify(StunMessage message) {
    int value = message.find(StunAttribute.MESSAGE_INTEGRITY);
    if (value < 0 || message.valueLength() != HMAC_LENGTH) {
      return false;
    }
    byte[] buffer = message.buffer();
    int start = message.offset();
    int attributeOffset = value - 4;
    int declared = u16(buffer, start + 2);
    // The HMAC covers a header whose length ends at this attribute; patch, hash, restore.
    putU16(
        buffer, start + 2, attributeOffset + ATTRIBUTE_LENGTH - start - StunMessage.HEADER_LENGTH);
    try {
      hmac(buffer, start, attributeOffset, computed, 0);
    } finally {
      putU16(buffer, start + 2, declared);
    }
    return constantTimeEquals(buffer, value);
  }

  /** Compares without an early exit, so timing tells nothing about where the bytes differ. */
  private boolean constantTimeEquals(byte[] buffer, int at) {
    int diff = 0;
    for (int i = 0; i < HMAC_LENGTH; i++) {
      diff |= computed[i] ^ buffer[at + i];
    }
    return diff == 0;
  }

  private void hmac(byte[] buffer, int from, int to, byte[] out, int outOffset) {
    mac.update(buffer, from, to - from);
    try {
      mac.doFinal(out, outOffset);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("20 bytes are reserved for the HMAC", e);
    }
  }
}
