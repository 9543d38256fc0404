package io.octopod.operator.conference;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.operator.model.GoDuration;
import io.octopod.protocol.control.OctoKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A conference's Octo keys, kept in a Secret the Conference owns (so deleting the Conference
 * deletes them). A new key gets the next key id and the old one stays as the previous key, which
 * bridges still accept, so rotation loses no packet in flight.
 */
public final class OctoKeys {

  public static final Duration DEFAULT_ROTATION = Duration.ofHours(24);
  static final String ROTATED_AT = "octopod.io/rotated-at";

  /** The keys a conference's bridges are given. */
  public record KeyState(OctoKey current, OctoKey previous, Instant rotatedAt) {}

  private final KubernetesClient client;
  private final SecureRandom random = new SecureRandom();

  public OctoKeys(KubernetesClient client) {
    this.client = client;
  }

  public static String secretName(Conference conference) {
    return conference.getMetadata().getName() + "-octo-key";
  }

  /** Reads the keys, creating the Secret or rotating the key when due. */
  public synchronized KeyState ensure(Conference conference, Instant now) {
    String ns = conference.getMetadata().getNamespace();
    Secret secret = client.secrets().inNamespace(ns).withName(secretName(conference)).get();
    Duration rotation =
        conference.getSpec() == null || conference.getSpec().getOctoKeyRotation() == null
            ? DEFAULT_ROTATION
            : GoDuration.parse(conference.getSpec().getOctoKeyRotation());
    if (secret == null) {
      KeyState fresh = new KeyState(newKey(1), null, now);
      try {
        write(conference, fresh, true);
        return fresh;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another operator instance (or a join racing the reconciler) created it first: use theirs.
        secret = client.secrets().inNamespace(ns).withName(secretName(conference)).get();
      }
    }
    KeyState state = read(secret);
    if (now.isAfter(state.rotatedAt().plus(rotation))) {
      int nextId = state.current().keyId() % 255 + 1;
      KeyState rotated = new KeyState(newKey(nextId), state.current(), now);
      write(conference, rotated, false);
      return rotated;
    }
    return state;
  }

  private OctoKey newKey(int keyId) {
    byte[] key = new byte[16];
    random.nextBytes(key);
    return new OctoKey(keyId, Base64.getEncoder().encodeToString(key));
  }

  private static KeyState read(Secret secret) {
    Map<String, String> data = secret.getData();
    OctoKey current =
        new OctoKey(Integer.parseInt(decode(data.get("keyId"))), decode(data.get("key")));
    OctoKey previous =
        data.get("previousKeyId") == null
            ? null
            : new OctoKey(
                Integer.parseInt(decode(data.get("previousKeyId"))),
                decode(data.get("previousKey")));
    String at =
        secret.getMetadata().getAnnotations() == null
            ? null
            : secret.getMetadata().getAnnotations().get(ROTATED_AT);
    return new KeyState(current, previous, at == null ? Instant.EPOCH : Instant.parse(at));
  }

  private void write(Conference conference, KeyState state, boolean create) {
    SecretBuilder b =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName(conference))
            .withNamespace(conference.getMetadata().getNamespace())
            .withAnnotations(Map.of(ROTATED_AT, state.rotatedAt().toString()))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(conference.getApiVersion())
                    .withKind(conference.getKind())
                    .withName(conference.getMetadata().getName())
                    .withUid(conference.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withType("Opaque")
            .addToStringData("keyId", Integer.toString(state.current().keyId()))
            .addToStringData("key", state.current().key());
    if (state.previous() != null) {
      b.addToStringData("previousKeyId", Integer.toString(state.previous().keyId()))
          .addToStringData("previousKey", state.previous().key());
    }
    Secret secret = b.build();
    if (create) {
      client
          .secrets()
          .inNamespace(conference.getMetadata().getNamespace())
          .resource(secret)
          .create();
    } else {
      // Replaces the whole data: a rotated Secret must not keep keys older than the previous one.
      client
          .secrets()
          .inNamespace(conference.getMetadata().getNamespace())
          .withName(secret.getMetadata().getName())
          .edit(
              old -> {
                old.setData(null);
                old.setStringData(secret.getStringData());
                old.getMetadata().setAnnotations(secret.getMetadata().getAnnotations());
                return old;
              });
    }
  }

  private static String decode(String base64) {
    return base64 == null
        ? null
        : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
