package io.octopod.operator.focus;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceAccess;
import io.octopod.api.v1alpha1.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Whether a join may enter a room: the Conference's access rules, read from its Secrets at each
 * join (so a rotated secret applies at once). A room with a token secret needs a JWT for it; a room
 * with a password secret needs the password; a room with both accepts either.
 */
final class RoomAccess {

  private final KubernetesClient client;
  private final JwtPolicy jwtPolicy;
  private final Clock clock;

  RoomAccess(KubernetesClient client, JwtPolicy jwtPolicy, Clock clock) {
    this.client = client;
    this.jwtPolicy = jwtPolicy;
    this.clock = clock;
  }

  void check(Conference conference, String room, String token, String password) throws FocusError {
    ConferenceAccess access =
        conference.getSpec() == null ? null : conference.getSpec().getAccess();
    if (access == null
        || (access.getTokenSecretRef() == null && access.getPasswordSecretRef() == null)) {
      return;
    }
    String ns = conference.getMetadata().getNamespace();
    FocusError refused = null;
    if (access.getTokenSecretRef() != null) {
      String secret = read(ns, access.getTokenSecretRef());
      try {
        JwtVerifier.fromSecret(secret, jwtPolicy, clock).verify(token, room);
        return;
      } catch (FocusError e) {
        refused = e;
      }
    }
    if (access.getPasswordSecretRef() != null) {
      String expected = read(ns, access.getPasswordSecretRef());
      if (password != null
          && MessageDigest.isEqual(
              password.getBytes(StandardCharsets.UTF_8),
              expected.getBytes(StandardCharsets.UTF_8))) {
        return;
      }
      if (refused == null || password != null) {
        refused =
            new FocusError(
                FocusError.BAD_PASSWORD,
                password == null ? "this room needs a password" : "wrong password");
      }
    }
    throw refused;
  }

  private String read(String namespace, SecretKeyRef ref) throws FocusError {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    String base64 =
        secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
    if (base64 == null) {
      // Misconfigured: refuse rather than let everyone in.
      throw new FocusError(
          FocusError.BAD_TOKEN,
          "the room's access secret " + ref.getName() + "/" + ref.getKey() + " is missing");
    }
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
