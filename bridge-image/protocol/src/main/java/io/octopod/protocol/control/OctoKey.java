package io.octopod.protocol.control;

import java.util.Base64;

/**
 * One AES-GCM key of a conference's Octo links.
 *
 * @param keyId the key id carried in every Octo header sealed with this key (0-255)
 * @param key the key bytes, base64; 16 bytes (AES-128) or 32 bytes (AES-256)
 */
public record OctoKey(int keyId, String key) {

  public void validate(String what) {
    if (keyId < 0 || keyId > 255) {
      throw ControlApiException.badRequest(what + ".keyId must be 0-255, got " + keyId);
    }
    int length = keyBytes(what).length;
    if (length != 16 && length != 32) {
      throw ControlApiException.badRequest(
          what + ".key must be 16 or 32 bytes (base64), got " + length + " bytes");
    }
  }

  /** The decoded key; throws a 400 naming {@code what} when it is not base64. */
  public byte[] keyBytes(String what) {
    if (key == null) {
      throw ControlApiException.badRequest(what + ".key is required");
    }
    try {
      return Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw ControlApiException.badRequest(what + ".key is not base64");
    }
  }

  /** Keys are secrets: never print them. */
  @Override
  public String toString() {
    return "OctoKey[keyId=" + keyId + ", key=(hidden)]";
  }
}
