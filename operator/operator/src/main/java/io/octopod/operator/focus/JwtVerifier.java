package io.octopod.operator.focus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Checks a participant's JWT for one room, with Nimbus JOSE+JWT doing the parsing and the
 * signature: HS256 with a shared secret of at least 32 bytes, or RS256 with a PEM public key of at
 * least 2,048 bits, whichever the Conference's Secret holds. The token must be signed with exactly
 * that algorithm (no "none", no switching from RS256 to HS256 with the public key as the secret),
 * carry an {@code exp} within the {@link JwtPolicy}'s lifetime cap, not be expired or not yet valid
 * (60 s of leeway for clock skew), name the configured audience and issuer if any, and its {@code
 * room} claim must name the room. Every failure is a {@code bad-token} with the reason; a room
 * whose secret is too weak refuses every token and says so.
 */
public final class JwtVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LEEWAY_SECONDS = 60;

  private final JWSAlgorithm algorithm;
  private final JWSVerifier verifier;
  private final String weakKey;
  private final JwtPolicy policy;
  private final Clock clock;

  private JwtVerifier(
      JWSAlgorithm algorithm, JWSVerifier verifier, String weakKey, JwtPolicy policy, Clock clock) {
    this.algorithm = algorithm;
    this.verifier = verifier;
    this.weakKey = weakKey;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * From the Secret's value: a PEM public key ({@code -----BEGIN PUBLIC KEY-----}) means RS256,
   * anything else is the HS256 secret itself.
   */
  public static JwtVerifier fromSecret(String value, JwtPolicy policy, Clock clock) {
    String trimmed = value.trim();
    if (!trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
      return hs256(value.getBytes(StandardCharsets.UTF_8), policy, clock);
    }
    String base64 =
        trimmed
            .replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    RSAPublicKey key;
    try {
      key =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("the token key is not an RSA public key in PEM", e);
    }
    int bits = key.getModulus().bitLength();
    if (bits < JwtPolicy.MIN_RSA_BITS) {
      return weak(
          JWSAlgorithm.RS256,
          "the room's RSA key has "
              + bits
              + " bits; at least "
              + JwtPolicy.MIN_RSA_BITS
              + " are needed",
          policy,
          clock);
    }
    return new JwtVerifier(JWSAlgorithm.RS256, new RSASSAVerifier(key), null, policy, clock);
  }

  /** With an HS256 secret given as raw bytes (tests, RFC 7515's example key). */
  public static JwtVerifier hs256(byte[] secret, JwtPolicy policy, Clock clock) {
    if (secret.length < JwtPolicy.MIN_HMAC_SECRET_BYTES) {
      return weak(
          JWSAlgorithm.HS256,
          "the room's token secret has "
              + secret.length
              + " bytes; at least "
              + JwtPolicy.MIN_HMAC_SECRET_BYTES
              + " are needed",
          policy,
          clock);
    }
    try {
      return new JwtVerifier(
          JWSAlgorithm.HS256, new MACVerifier(secret.clone()), null, policy, clock);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HS256 secret", e);
    }
  }

  private static JwtVerifier weak(
      JWSAlgorithm algorithm, String why, JwtPolicy policy, Clock clock) {
    return new JwtVerifier(algorithm, null, why, policy, clock);
  }

  /**
   * Verifies {@code token} for {@code room}.
   *
   * @return the token's claims
   */
  public JsonNode verify(String token, String room) throws FocusError {
    JWTClaimsSet claims = verifiedClaims(token);
    long now = clock.instant().getEpochSecond();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw bad("the token has no expiry (exp)");
    }
    if (now > seconds(exp) + LEEWAY_SECONDS) {
      throw bad("the token has expired");
    }
    long from = claims.getIssueTime() == null ? now : Math.min(now, seconds(claims.getIssueTime()));
    if (seconds(exp) - from > policy.maxLifetime().toSeconds()) {
      throw bad(
          "the token lives longer than the "
              + policy.maxLifetime().toSeconds()
              + " s this focus accepts");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now + LEEWAY_SECONDS < seconds(nbf)) {
      throw bad("the token is not valid yet");
    }
    if (policy.audience() != null
        && (claims.getAudience() == null || !claims.getAudience().contains(policy.audience()))) {
      throw bad("the token is not for this audience");
    }
    if (policy.issuer() != null && !policy.issuer().equals(claims.getIssuer())) {
      throw bad("the token is not from the expected issuer");
    }
    Object claimedRoom = claims.getClaim("room");
    if (!(claimedRoom instanceof String)) {
      throw bad("the token has no room claim");
    }
    if (!claimedRoom.equals(room)) {
      throw bad("the token is for another room");
    }
    return JSON.valueToTree(claims.toJSONObject());
  }

  /** Checks the signature and returns the claims, without judging them. */
  JsonNode verifySignature(String token) throws FocusError {
    return JSON.valueToTree(verifiedClaims(token).toJSONObject());
  }

  private JWTClaimsSet verifiedClaims(String token) throws FocusError {
    if (token == null || token.isEmpty()) {
      throw bad("this room needs a token");
    }
    if (weakKey != null) {
      throw bad(weakKey);
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw bad("the token is not a signed JWT: " + e.getMessage());
    }
    if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
      throw bad(
          "the token must be signed with "
              + algorithm
              + ", not '"
              + jwt.getHeader().getAlgorithm()
              + "'");
    }
    try {
      if (!jwt.verify(verifier)) {
        throw bad("the token's signature does not verify");
      }
      return jwt.getJWTClaimsSet();
    } catch (JOSEException e) {
      throw bad("the token's signature does not verify");
    } catch (ParseException e) {
      throw bad("the token's claims are not a JSON object");
    }
  }

  private static long seconds(Date date) {
    return Instant.ofEpochMilli(date.getTime()).getEpochSecond();
  }

  private static FocusError bad(String reason) {
    return new FocusError(FocusError.BAD_TOKEN, reason);
  }
}
