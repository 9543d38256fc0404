package io.octopod.operator.conference;

import io.octopod.protocol.control.OctoKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The check value bridges report for their current Octo key ({@code ConferenceInfo.octoKeyCheck}):
 * the first 8 bytes of the SHA-256 of the key bytes, hex. The bridge computes the same in its own
 * {@code OctoKeyCheck}; comparing the two tells which key a bridge holds without it revealing the
 * key.
 */
public final class OctoKeyCheck {

  private OctoKeyCheck() {}

  public static String of(OctoKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.keyBytes("octo.key"));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
