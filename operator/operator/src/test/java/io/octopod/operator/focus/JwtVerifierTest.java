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

/**
 * JWT checks: RFC 7515's HS256 example, then each way a token can be wrong for a room, and the
 * policy: a required and capped expiry, audience and issuer, and key sizes.
 */
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
  private static final JwtPolicy POLICY = JwtPolicy.defaults();
  private static final long NOW_S = NOW.instant().getEpochSecond();

  /** An expiry an hour ahead, as claims JSON to append. */
  private static final String EXP = ",\"exp\":" + (NOW_S + 3600);

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
    JwtVerifier verifier = JwtVerifier.hs256(Base64.getUrlDecoder().decode(RFC_KEY), POLICY, NOW);
    JsonNode claims = verifier.verifySignature(RFC_JWS);
    assertEquals("joe", claims.get("iss").asText());
    assertEquals(1300819380L, claims.get("exp").asLong());
    String tampered = RFC_JWS.substring(0, RFC_JWS.length() - 2) + "AA";
    assertThrows(FocusError.class, () -> verifier.verifySignature(tampered));
    assertTrue(reason(verifier, RFC_JWS, "joe").contains("expired"), "exp is in 2011");
  }

  @Test
  void aGoodTokenForTheRoomPasses() throws Exception {
    JwtVerifier verifier = JwtVerifier.hs256(SECRET, POLICY, NOW);
    long exp = NOW.instant().getEpochSecond() + 3600;
    JsonNode claims =
        verifier.verify(
            token("{\"room\":\"standup\",\"exp\":" + exp + ",\"sub\":\"ann\"}"), "standup");
    assertEquals("ann", claims.get("sub").asText());
  }

  @Test
  void eachWrongTokenIsRefusedWithItsReason() throws Exception {
    JwtVerifier verifier = JwtVerifier.hs256(SECRET, POLICY, NOW);
    long now = NOW.instant().getEpochSecond();
    assertTrue(reason(verifier, null, "standup").contains("needs a token"));
    assertTrue(reason(verifier, "a.b", "standup").contains("not a signed JWT"));
    assertTrue(
        reason(verifier, token("{\"room\":\"other\"" + EXP + "}"), "standup")
            .contains("another room"));
    assertTrue(
        reason(verifier, token("{\"sub\":\"x\"" + EXP + "}"), "standup").contains("no room"));
    assertTrue(
        reason(verifier, token("{\"room\":\"standup\",\"exp\":" + (now - 120) + "}"), "standup")
            .contains("expired"));
    assertTrue(
        reason(
                verifier,
                token("{\"room\":\"standup\",\"nbf\":" + (now + 600) + EXP + "}"),
                "standup")
            .contains("not valid yet"));
    assertTrue(
        reason(
                verifier,
                hs256(
                    "{\"alg\":\"HS256\"}",
                    "{\"room\":\"standup\"" + EXP + "}",
                    "wrong-secret-but-long-enough-0123456789".getBytes()),
                "standup")
            .contains("signature"));
    String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"room\":\"standup\"" + EXP + "}") + ".";
    assertTrue(reason(verifier, none, "standup").contains("not a signed JWT"), "alg none");
    String hs512 =
        b64("{\"alg\":\"HS512\"}") + "." + b64("{\"room\":\"standup\"" + EXP + "}") + ".AAAA";
    assertTrue(reason(verifier, hs512, "standup").contains("HS256"), "only the room's alg");
    assertTrue(reason(verifier, "%%%.%%%.%%%", "standup").contains("not a signed JWT"));
  }

  @Test
  void rs256WithAPemPublicKey() throws Exception {
    KeyPair pair = rsaKeys(2048);
    String pem = pem(pair);
    JwtVerifier verifier = JwtVerifier.fromSecret(pem, POLICY, NOW);
    String token = rs256(pair, "{\"room\":\"standup\"" + EXP + "}");
    assertEquals("standup", verifier.verify(token, "standup").get("room").asText());
    // The classic confusion: an HS256 token keyed with the public key's PEM text.
    String confused =
        hs256("{\"alg\":\"HS256\"}", "{\"room\":\"standup\"" + EXP + "}", pem.getBytes());
    assertTrue(reason(verifier, confused, "standup").contains("RS256"));
  }

  @Test
  void anExpiryIsRequiredAndCappedFromIssueOrNow() throws Exception {
    JwtVerifier verifier = JwtVerifier.hs256(SECRET, POLICY, NOW);
    assertTrue(reason(verifier, token("{\"room\":\"standup\"}"), "standup").contains("no expiry"));
    long day = 24 * 3600;
    assertTrue(
        reason(
                verifier,
                token("{\"room\":\"standup\",\"exp\":" + (NOW_S + day + 120) + "}"),
                "standup")
            .contains("lives longer"),
        "no iat: counted from now");
    assertTrue(
        reason(
                verifier,
                token(
                    "{\"room\":\"standup\",\"iat\":"
                        + (NOW_S - 10 * 3600)
                        + ",\"exp\":"
                        + (NOW_S + 20 * 3600)
                        + "}"),
                "standup")
            .contains("lives longer"),
        "issued 10 h ago for 30 h");
    assertEquals(
        "standup",
        verifier
            .verify(
                token("{\"room\":\"standup\",\"iat\":" + NOW_S + ",\"exp\":" + (NOW_S + day) + "}"),
                "standup")
            .get("room")
            .asText(),
        "exactly the cap passes");
    JwtVerifier hourly =
        JwtVerifier.hs256(SECRET, new JwtPolicy(java.time.Duration.ofHours(1), null, null), NOW);
    assertTrue(
        reason(hourly, token("{\"room\":\"standup\",\"exp\":" + (NOW_S + 7200) + "}"), "standup")
            .contains("3600 s"),
        "the cap is configurable");
  }

  @Test
  void aConfiguredAudienceAndIssuerMustMatch() throws Exception {
    JwtVerifier verifier =
        JwtVerifier.hs256(
            SECRET,
            new JwtPolicy(JwtPolicy.DEFAULT_MAX_LIFETIME, "octopod", "https://id.example"),
            NOW);
    String good =
        "{\"room\":\"standup\",\"aud\":[\"x\",\"octopod\"],\"iss\":\"https://id.example\""
            + EXP
            + "}";
    assertEquals("standup", verifier.verify(token(good), "standup").get("room").asText());
    assertTrue(
        reason(verifier, token(good.replace("octopod", "other")), "standup").contains("audience"));
    assertTrue(
        reason(
                verifier,
                token("{\"room\":\"standup\",\"iss\":\"https://id.example\"" + EXP + "}"),
                "standup")
            .contains("audience"),
        "no aud at all");
    assertTrue(
        reason(verifier, token(good.replace("id.example", "evil.example")), "standup")
            .contains("issuer"));
  }

  @Test
  void weakKeysRefuseEveryTokenAndSaySo() throws Exception {
    byte[] shortSecret = "only-16-bytes!!!".getBytes();
    JwtVerifier hs = JwtVerifier.hs256(shortSecret, POLICY, NOW);
    String signedWithIt =
        hs256("{\"alg\":\"HS256\"}", "{\"room\":\"standup\"" + EXP + "}", shortSecret);
    assertTrue(reason(hs, signedWithIt, "standup").contains("at least 32"));

    KeyPair small = rsaKeys(1024);
    String token = rs256(small, "{\"room\":\"standup\"" + EXP + "}");
    assertTrue(
        reason(JwtVerifier.fromSecret(pem(small), POLICY, NOW), token, "standup")
            .contains("1024 bits"));
  }

  private static KeyPair rsaKeys(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  /** The public key as a Conference's Secret holds it. */
  private static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static String rs256(KeyPair pair, String claims) throws Exception {
    String signed = b64("{\"alg\":\"RS256\"}") + "." + b64(claims);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
  }

  @Test
  void thePolicyReadsItsEnvironment() {
    JwtPolicy policy =
        JwtPolicy.fromEnvironment(
            java.util.Map.of(
                "FOCUS_JWT_MAX_LIFETIME_SECONDS", "600",
                "FOCUS_JWT_AUDIENCE", "octopod",
                "FOCUS_JWT_ISSUER", " "));
    assertEquals(java.time.Duration.ofMinutes(10), policy.maxLifetime());
    assertEquals("octopod", policy.audience());
    assertEquals(null, policy.issuer(), "blank is unset");
    assertEquals(JwtPolicy.defaults(), JwtPolicy.fromEnvironment(java.util.Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> JwtPolicy.fromEnvironment(java.util.Map.of("FOCUS_JWT_MAX_LIFETIME_SECONDS", "0")));
  }
}
