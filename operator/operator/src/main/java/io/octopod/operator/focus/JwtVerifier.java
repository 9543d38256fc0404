package io.octopod.operator.focus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a participant's JWT (RFC 7519, compact JWS per RFC 7515) for one room: HS256 with a shared
 * secret, or RS256 with a PEM public key, whichever the Conference's Secret holds. The token must
 * be signed with exactly that algorithm (no "none", no switching from RS256 to HS256 with the
 * public key as the secret), must not be expired or not yet valid (60 s of leeway for clock skew),
 * and its {@code room} claim must name the room. Every failure is a {@code bad-token} with the
 * reason.
 */
public final class JwtVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LEEWAY_SECONDS = 60;

  private final byte[] hmacSecret;
  private final PublicKey rsaKey;
  private final Clock clock;

  private JwtVerifier(byte[] hmacSecret, PublicKey rsaKey, Clock clock) {
    this.hmacSecret = hmacSecret;
    this.rsaKey = rsaKey;
    this.clock = clock;
  }

  /**
   * From the Secret's value: a PEM public key ({@code -----BEGIN PUBLIC KEY-----}) means RS256,
   * anything else is the HS256 secret itself.
   */
  public static JwtVerifier fromSecret(String value, Clock clock) {
    String trimmed = value.trim();
    if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
      String base64 =
          trimmed
              .replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      try {
        PublicKey key =
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return new JwtVerifier(null, key, clock);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException("the token key is not an RSA public key in PEM", e);
      }
    }
    return new JwtVerifier(value.getBytes(StandardCharsets.UTF_8), null, clock);
  }

  /** With an HS256 secret given as raw bytes (tests, RFC 7515's example key). */
  public static JwtVerifier hs256(byte[] secret, Clock clock) {
    return new JwtVerifier(secret.clone(), null, clock);
  }

  /**
   * Verifies {@code token} for {@code room}.
   *
   * @return the token's claims
   */
  public JsonNode verify(String token, String room) throws FocusError {
    JsonNode claims = verifySignature(token);
    long now = clock.instant().getEpochSecond();
    JsonNode exp = claims.get("exp");
    if (exp != null && (!exp.isNumber() || now > exp.asLong() + LEEWAY_SECONDS)) {
      throw bad("the token has expired");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && (!nbf.isNumber() || now + LEEWAY_SECONDS < nbf.asLong())) {
      throw bad("the token is not valid yet");
    }
    JsonNode claimedRoom = claims.get("room");
    if (claimedRoom == null || !claimedRoom.isTextual()) {
      throw bad("the token has no room claim");
    }
    if (!claimedRoom.asText().equals(room)) {
      throw bad("the token is for another room");
    }
    return claims;
  }

  /** Checks the signature and returns the claims, without looking at them. */
  JsonNode verifySignature(String token) throws FocusError {
    if (token == null || token.isEmpty()) {
      throw bad("this room needs a token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw bad("a token has three parts separated by dots");
    }
    JsonNode header = json(parts[0], "header");
    String alg = header.path("alg").asText("");
    String expected = rsaKey != null ? "RS256" : "HS256";
    if (!alg.equals(expected)) {
      throw bad("the token must be signed with " + expected + ", not '" + alg + "'");
    }
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    byte[] signature = base64(parts[2], "signature");
    try {
      boolean valid;
      if (rsaKey != null) {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(rsaKey);
        rsa.update(signed);
        valid = rsa.verify(signature);
      } else {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacSecret, "HmacSHA256"));
        valid = MessageDigest.isEqual(mac.doFinal(signed), signature);
      }
      if (!valid) {
        throw bad("the token's signature does not verify");
      }
    } catch (GeneralSecurityException e) {
      throw bad("the token's signature does not verify");
    }
    JsonNode claims = json(parts[1], "claims");
    if (!claims.isObject()) {
      throw bad("the token's claims are not a JSON object");
    }
    return claims;
  }

  private static JsonNode json(String part, String what) throws FocusError {
    try {
      JsonNode node = JSON.readTree(base64(part, what));
      if (node == null) {
        throw bad("the token's " + what + " is empty");
      }
      return node;
    } catch (java.io.IOException e) {
      throw bad("the token's " + what + " is not JSON");
    }
  }

  private static byte[] base64(String part, String what) throws FocusError {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw bad("the token's " + what + " is not base64url");
    }
  }

  private static FocusError bad(String reason) {
    return new FocusError(FocusError.BAD_TOKEN, reason);
  }
}
