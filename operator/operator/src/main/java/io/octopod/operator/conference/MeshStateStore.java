package io.octopod.operator.conference;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceBridge;
import io.octopod.operator.model.GoDuration;
import io.octopod.protocol.control.OctoKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A conference's stored Octo mesh state: its keys and the relay number of every bridge it has used,
 * in one Secret the Conference owns (so deleting the Conference deletes it). Every replica of the
 * operator, leader or standby, reads it before wiring, and changes it (first key, rotation, a
 * number for a new bridge) only by a write that names the resourceVersion it read: a write based on
 * a stale read is refused with a 409 by the API server, and the change is decided again on a fresh
 * read. So two replicas never hand one relay number to two bridges, nor one key id to two keys.
 *
 * <p>Keys stay in the Secret; the Conference status shows only key ids and relay numbers.
 */
public final class MeshStateStore {

  public static final Duration DEFAULT_ROTATION = Duration.ofHours(24);
  static final String ROTATED_AT = "octopod.io/rotated-at";
  static final String RELAY_NUMBERS = "relayNumbers";

  /** Conflicting writes in a row after which a change is given up (and retried next time). */
  private static final int ATTEMPTS = 20;

  /** The keys a conference's bridges are given. */
  public record KeyState(OctoKey current, OctoKey previous, Instant rotatedAt) {}

  /**
   * The stored state.
   *
   * @param relayNumbers every bridge the conference has used, with its number; numbers are never
   *     reused while the conference lives, because with the sequence number they make the AES-GCM
   *     nonce, and a reused number under the same key could repeat a nonce
   */
  public record MeshState(KeyState keys, Map<String, Integer> relayNumbers) {
    public MeshState {
      relayNumbers = Map.copyOf(relayNumbers);
    }
  }

  private final KubernetesClient client;
  private final SecureRandom random = new SecureRandom();
  private final Runnable onConflict;

  /**
   * @param onConflict called for each write refused because another writer came first
   */
  public MeshStateStore(KubernetesClient client, Runnable onConflict) {
    this.client = client;
    this.onConflict = onConflict;
  }

  public static String secretName(Conference conference) {
    return conference.getMetadata().getName() + "-octo-key";
  }

  /**
   * The state after making sure that the keys exist, the key is rotated when due, and each of
   * {@code bridges} has a relay number; writes only when one of those changes anything.
   */
  public MeshState ensure(Conference conference, Collection<String> bridges, Instant now) {
    Duration rotation =
        conference.getSpec() == null || conference.getSpec().getOctoKeyRotation() == null
            ? DEFAULT_ROTATION
            : GoDuration.parse(conference.getSpec().getOctoKeyRotation());
    return update(
        conference,
        state -> {
          KeyState keys = state == null ? null : state.keys();
          if (keys == null) {
            keys = new KeyState(newKey(1), null, now);
          } else if (now.isAfter(keys.rotatedAt().plus(rotation))) {
            keys = new KeyState(newKey(keys.current().keyId() % 255 + 1), keys.current(), now);
          }
          Map<String, Integer> numbers =
              new TreeMap<>(state == null ? seededFromStatus(conference) : state.relayNumbers());
          for (String relayId : bridges) {
            if (!numbers.containsKey(relayId)) {
              numbers.put(
                  relayId,
                  numbers.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
            }
          }
          return new MeshState(keys, numbers);
        });
  }

  /**
   * Reads, applies {@code change}, and writes the result unless it is unchanged, with the read's
   * resourceVersion; on a conflict (another replica wrote first) reads again and re-applies.
   */
  private MeshState update(Conference conference, UnaryOperator<MeshState> change) {
    String ns = conference.getMetadata().getNamespace();
    for (int attempt = 1; ; attempt++) {
      Secret secret = client.secrets().inNamespace(ns).withName(secretName(conference)).get();
      MeshState before = secret == null ? null : read(secret);
      MeshState after = change.apply(before);
      if (after.equals(before)) {
        return before;
      }
      try {
        if (secret == null) {
          client.secrets().inNamespace(ns).resource(toSecret(conference, after)).create();
        } else {
          Secret replacement = toSecret(conference, after);
          // The read's version: the API server refuses the write if anyone wrote since.
          replacement.getMetadata().setResourceVersion(secret.getMetadata().getResourceVersion());
          client.secrets().inNamespace(ns).resource(replacement).update();
        }
        return after;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
        onConflict.run();
      }
    }
  }

  /** Relay numbers from the status of an operator that kept them there, before this Secret did. */
  private static Map<String, Integer> seededFromStatus(Conference conference) {
    Map<String, Integer> seeded = new HashMap<>();
    if (conference.getStatus() != null) {
      for (ConferenceBridge b : conference.getStatus().getBridges()) {
        if (b.getRelayNumber() != null) {
          seeded.put(b.getRelayId(), b.getRelayNumber());
        }
      }
    }
    return seeded;
  }

  private OctoKey newKey(int keyId) {
    byte[] key = new byte[16];
    random.nextBytes(key);
    return new OctoKey(keyId, Base64.getEncoder().encodeToString(key));
  }

  /** The state a Secret holds; its keys are null when it has none. */
  public static MeshState read(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    KeyState keys = null;
    if (data.get("keyId") != null && data.get("key") != null) {
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
      keys = new KeyState(current, previous, at == null ? Instant.EPOCH : Instant.parse(at));
    }
    return new MeshState(keys, parseNumbers(decode(data.get(RELAY_NUMBERS))));
  }

  /** {@code relay=number} pairs, one a line. */
  static Map<String, Integer> parseNumbers(String text) {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    if (text == null) {
      return numbers;
    }
    for (String line : text.split("\n")) {
      int eq = line.lastIndexOf('=');
      if (eq > 0) {
        numbers.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1)));
      }
    }
    return numbers;
  }

  static String formatNumbers(Map<String, Integer> numbers) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(numbers)
        .forEach((relay, n) -> out.append(relay).append('=').append(n).append('\n'));
    return out.toString();
  }

  private static Secret toSecret(Conference conference, MeshState state) {
    KeyState keys = state.keys();
    SecretBuilder b =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName(conference))
            .withNamespace(conference.getMetadata().getNamespace())
            .withAnnotations(Map.of(ROTATED_AT, keys.rotatedAt().toString()))
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
            .addToStringData("keyId", Integer.toString(keys.current().keyId()))
            .addToStringData("key", keys.current().key())
            .addToStringData(RELAY_NUMBERS, formatNumbers(state.relayNumbers()));
    // The whole data is replaced: a rotated Secret keeps no key older than the previous one.
    if (keys.previous() != null) {
      b.addToStringData("previousKeyId", Integer.toString(keys.previous().keyId()))
          .addToStringData("previousKey", keys.previous().key());
    }
    return b.build();
  }

  private static String decode(String base64) {
    return base64 == null
        ? null
        : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
