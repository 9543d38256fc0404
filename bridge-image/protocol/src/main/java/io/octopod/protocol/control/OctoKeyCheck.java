package io.octopod.protocol.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The check value a bridge reports for its current Octo key ({@link ConferenceInfo#octoKeyCheck}):
 * the first 8 bytes of the SHA-256 of the key bytes, hex. The bridge reports it and the operator
 * computes it for the key it meant to give: it tells which key a bridge holds without revealing it,
 * so two keys that share an id are told apart.
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
