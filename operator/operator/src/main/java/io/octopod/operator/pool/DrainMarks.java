package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * When the operator asked a bridge to drain, kept as an annotation on the bridge's pod, so that
 * whichever replica leads next continues the drain with its original deadline (the pod goes when
 * the StatefulSet shrinks, and the mark with it). The first mark wins: it is written with the
 * resourceVersion read, and a replica that finds a mark keeps it.
 */
final class DrainMarks {

  static final String DRAIN_STARTED = "octopod.io/drain-started";

  private DrainMarks() {}

  /** When the pod's bridge was asked to drain, or null. An unreadable mark counts as none. */
  static Instant startedAt(Pod pod) {
    Map<String, String> annotations = pod == null ? null : pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(DRAIN_STARTED);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Marks the pod as draining since {@code now}, unless a mark is there first.
   *
   * @return the drain's start: {@code now}, or the mark another writer made; null if the pod is
   *     gone
   */
  static Instant mark(KubernetesClient client, Pod pod, Instant now) {
    Pod current = pod;
    while (current != null) {
      Instant existing = startedAt(current);
      if (existing != null) {
        return existing;
      }
      String patch =
          "{\"metadata\":{\"resourceVersion\":\""
              + current.getMetadata().getResourceVersion()
              + "\",\"annotations\":{\""
              + DRAIN_STARTED
              + "\":\""
              + now
              + "\"}}}";
      try {
        podResource(client, current).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        return now;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return null;
        }
        if (e.getCode() != 409) {
          throw e;
        }
        current = podResource(client, current).get(); // changed since read: look again
      }
    }
    return null;
  }

  /** Removes the mark (a drain called off because the pool grew again). */
  static void clear(KubernetesClient client, Pod pod) {
    if (startedAt(pod) == null) {
      return;
    }
    try {
      podResource(client, pod)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + DRAIN_STARTED + "\":null}}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static PodResource podResource(KubernetesClient client, Pod pod) {
    return client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName());
  }
}
