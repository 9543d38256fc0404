package io.octopod.operator.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** JWT checks: RFC 7515's HS256 example, then each way a token can be wrong for a room. */
class JwtVerifierTest {

  /** RFC 7515, Appendix A.1: the example HMAC key (JWK "k"). */
  private static final String RFC_KEY =
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

  /** RFC 7515, Appendix A.1: the example JWS in compact serialization. */
  private static final String RFC_JWS =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
          + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
          + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
  private static final byte[] SECRET = "a-room-secret-of-32-bytes-or-so!".getBytes();

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String hs256(String header, String claims, byte[] secret) throws Exception {
    String signed = b64(header) + "." + b64(claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return signed
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String token(String claims) throws Exception {
    return hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, SECRET);
  }

  private static String reason(JwtVerifier verifier, String token, String room) {
    FocusError e = assertThrows(FocusError.class, () -> verifier.verify(token, room));
    assertEquals(FocusError.BAD_TOKEN, e.code());
    return e.getMessage();
  }

  @Test
  void rfc7515ExampleVerifies() throws Exception {
    JwtVerifier verifier = JwtVerifier.hs256(Base64.getUrlDecoder().decode(RFC_KEY), NOW);
    JsonNode claims = verifier.verifySignature(RFC_JWS);
    assertEquals("joe", claims.get("iss").asText());
    assertEquals(1300819380L, claims.get("exp").asLong());
    String tampered = RFC_JWS.substring(0, RFC_JWS.length() - 2) + "AA";
    assertThrows(FocusError.class, () -> verifier.verifySignature(tampered));
    assertTrue(reason(verifier, RFC_JWS, "joe").contains("expired"), "exp is in 2011");
  }

  @Test
  void aGoodTokenForTheRoomPasses() throws Exception {
    JwtVerifier verifier = JwtVerifier.hs256(SECRET, NOW);
    long exp = NOW.instant().getEpochSecond() + 3600;
    JsonNode claims =
        verifier.verify(
            token("{\"room\":\"standup\",\"exp\":" + exp + ",\"sub\":\"ann\"}"), "standup");
    assertEquals("ann", claims.get("sub").asText());
  }

  @Test
  void eachWrongTokenIsRefusedWithItsReason() throws Exception {
    JwtVerifier verifier = JwtVerifier.hs256(SECRET, NOW);
    long now = NOW.instant().getEpochSecond();
    assertTrue(reason(verifier, null, "standup").contains("needs a token"));
    assertTrue(reason(verifier, "a.b", "standup").contains("three parts"));
    assertTrue(reason(verifier, token("{\"room\":\"other\"}"), "standup").contains("another room"));
    assertTrue(reason(verifier, token("{\"sub\":\"x\"}"), "standup").contains("no room"));
    assertTrue(
        reason(verifier, token("{\"room\":\"standup\",\"exp\":" + (now - 120) + "}"), "standup")
            .contains("expired"));
    assertTrue(
        reason(verifier, token("{\"room\":\"standup\",\"nbf\":" + (now + 600) + "}"), "standup")
            .contains("not valid yet"));
    assertTrue(
        reason(
                verifier,
                hs256("{\"alg\":\"HS256\"}", "{\"room\":\"standup\"}", "wrong".getBytes()),
                "standup")
            .contains("signature"));
    String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"room\":\"standup\"}") + ".";
    assertTrue(reason(verifier, none, "standup").contains("HS256"), "alg none is refused");
    assertTrue(reason(verifier, "%%%.%%%.%%%", "standup").contains("base64url"));
  }

  @Test
  void rs256WithAPemPublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    JwtVerifier verifier = JwtVerifier.fromSecret(pem, NOW);
    String signed = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"room\":\"standup\"}");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    String token =
        signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    assertEquals("standup", verifier.verify(token, "standup").get("room").asText());
    // The classic confusion: an HS256 token keyed with the public key's PEM text.
    String confused = hs256("{\"alg\":\"HS256\"}", "{\"room\":\"standup\"}", pem.getBytes());
    assertTrue(reason(verifier, confused, "standup").contains("RS256"));
  }
}
