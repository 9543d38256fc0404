package io.octopod.operator.focus;

import java.time.Duration;
import java.util.Map;

/**
 * What a room's JWT must satisfy beyond its signature and {@code room} claim: an {@code exp} no
 * further than {@code maxLifetime} after its {@code iat} (or after now, without one), and, when
 * configured, this audience and issuer. A long-lived token is as good as a password that never
 * changes, and it can't be revoked short of rotating the room's secret.
 *
 * @param maxLifetime {@code FOCUS_JWT_MAX_LIFETIME_SECONDS}, 24 h by default
 * @param audience {@code FOCUS_JWT_AUDIENCE}: the {@code aud} a token must name, or null for any
 * @param issuer {@code FOCUS_JWT_ISSUER}: the {@code iss} a token must carry, or null for any
 */
public record JwtPolicy(Duration maxLifetime, String audience, String issuer) {

  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

  /** Shortest HS256 secret accepted: RFC 7518 §3.2 asks for a key of the hash's size. */
  public static final int MIN_HMAC_SECRET_BYTES = 32;

  /** Smallest RSA key accepted for RS256 (RFC 7518 §3.3). */
  public static final int MIN_RSA_BITS = 2048;

  public JwtPolicy {
    if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("the JWT lifetime cap must be positive");
    }
  }

  public static JwtPolicy defaults() {
    return new JwtPolicy(DEFAULT_MAX_LIFETIME, null, null);
  }

  /** Reads {@code FOCUS_JWT_*}; a blank value counts as unset. */
  public static JwtPolicy fromEnvironment(Map<String, String> env) {
    String lifetime = env.get("FOCUS_JWT_MAX_LIFETIME_SECONDS");
    return new JwtPolicy(
        lifetime == null || lifetime.isBlank()
            ? DEFAULT_MAX_LIFETIME
            : Duration.ofSeconds(Long.parseLong(lifetime.trim())),
        blankToNull(env.get("FOCUS_JWT_AUDIENCE")),
        blankToNull(env.get("FOCUS_JWT_ISSUER")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
