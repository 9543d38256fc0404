package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.model.BridgePoolResources;
import io.octopod.operator.model.PoolLabels;
import io.octopod.operator.model.ResolvedPoolSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The bridges a pool's pods show: each live pod with its addresses (by the pool's exposure mode)
 * and readiness. Read by the reconciler on the leader and by the standby feed on the other
 * replicas, so both build the same directory from the same pods.
 */
final class PoolBridges {

  private PoolBridges() {}

  /**
   * @param directoryPrefix prepended to the pool's namespace in the directory: "" for this
   *     cluster's pools, the peer's name for a peer cluster's
   */
  static List<KnownBridge> fromPods(
      KubernetesClient client,
      BridgePool pool,
      ResolvedPoolSpec spec,
      String token,
      String directoryPrefix) {
    String ns = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    String addressType =
        pool.getSpec().getExposure() == null
            ? null
            : pool.getSpec().getExposure().getNodeAddressType();
    List<KnownBridge> out = new ArrayList<>();
    for (Pod pod :
        client.pods().inNamespace(ns).withLabels(PoolLabels.selector(name)).list().getItems()) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String podName = pod.getMetadata().getName();
      Node node =
          pod.getSpec().getNodeName() == null
              ? null
              : client.nodes().withName(pod.getSpec().getNodeName()).get();
      Service nodePort = client.services().inNamespace(ns).withName(podName + "-media").get();
      BridgeAddresses addresses =
          BridgeAddresses.resolve(spec, addressType, pod, node, nodePort, ordinal(podName));
      if (addresses.control() == null) {
        continue;
      }
      out.add(
          new KnownBridge(
              podName,
              directoryPrefix + ns,
              name,
              spec.region(),
              podReady(pod),
              addresses.control(),
              addresses.octo(),
              addresses.media(),
              BridgeAddresses.channel(spec, pod),
              token,
              spec.overloadStress(),
              DrainMarks.startedAt(pod) != null,
              null,
              null,
              0));
    }
    return out;
  }

  /** The pool's control token from its Secret; null while the Secret does not exist. */
  static String token(KubernetesClient client, String namespace, String pool) {
    Secret secret =
        client
            .secrets()
            .inNamespace(namespace)
            .withName(BridgePoolResources.tokenSecretName(pool))
            .get();
    if (secret == null
        || secret.getData() == null
        || secret.getData().get(BridgePoolResources.TOKEN_KEY) == null) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(BridgePoolResources.TOKEN_KEY)),
        StandardCharsets.UTF_8);
  }

  private static int ordinal(String podName) {
    try {
      return Integer.parseInt(podName.substring(podName.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean podReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
