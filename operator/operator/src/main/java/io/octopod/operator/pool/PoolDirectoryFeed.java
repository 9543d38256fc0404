package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.model.ResolvedPoolSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies the bridges of a cluster's BridgePools into the directory, read-only: the pools, their
 * pods and their control tokens, through {@code client}. The reconciler owns the pools of its own
 * cluster on the leader; this feed serves the two cases where nothing reconciles them here: a
 * standby replica's view of its own cluster, and a peer cluster's pools.
 *
 * <p>Pools are entered under {@code directoryPrefix + namespace}, so that a peer's pools never mix
 * with local ones of the same name.
 */
final class PoolDirectoryFeed {

  private final KubernetesClient client;
  private final BridgeDirectory directory;
  private final Set<String> namespaces;
  private final String directoryPrefix;
  private final Set<String> fed = new HashSet<>();

  /**
   * @param namespaces the namespaces to read; empty for all
   * @param directoryPrefix prepended to the namespace in the directory ("" for this cluster)
   */
  PoolDirectoryFeed(
      KubernetesClient client,
      BridgeDirectory directory,
      Set<String> namespaces,
      String directoryPrefix) {
    this.client = client;
    this.directory = directory;
    this.namespaces = Set.copyOf(namespaces);
    this.directoryPrefix = directoryPrefix;
  }

  /** One pass: every pool's bridges in, the pools that disappeared out. */
  synchronized void feed() {
    Set<String> seen = new HashSet<>();
    for (BridgePool pool : pools()) {
      String ns = pool.getMetadata().getNamespace();
      String name = pool.getMetadata().getName();
      String token = PoolBridges.token(client, ns, name);
      if (token == null || pool.getSpec() == null) {
        continue; // its operator has not set this pool up yet
      }
      StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName(name).get();
      int current =
          set == null || set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
      ResolvedPoolSpec spec;
      try {
        spec = ResolvedPoolSpec.of(pool.getSpec(), Math.max(current, 1));
      } catch (RuntimeException e) {
        continue; // invalid: its operator reports it in the pool's status
      }
      // Bridges asked to drain carry the mark on their pods, and say so in their stats.
      List<KnownBridge> bridges = PoolBridges.fromPods(client, pool, spec, token, directoryPrefix);
      directory.syncPool(directoryPrefix + ns, name, bridges);
      seen.add(ns + "/" + name);
    }
    for (String gone : fed) {
      if (!seen.contains(gone)) {
        String[] parts = gone.split("/", 2);
        directory.removePool(directoryPrefix + parts[0], parts[1]);
      }
    }
    fed.clear();
    fed.addAll(seen);
  }

  /** Takes every pool this feed entered out of the directory. */
  synchronized void clear() {
    for (String pool : fed) {
      String[] parts = pool.split("/", 2);
      directory.removePool(directoryPrefix + parts[0], parts[1]);
    }
    fed.clear();
  }

  private List<BridgePool> pools() {
    if (namespaces.isEmpty()) {
      return client.resources(BridgePool.class).inAnyNamespace().list().getItems();
    }
    return namespaces.stream()
        .flatMap(
            ns -> client.resources(BridgePool.class).inNamespace(ns).list().getItems().stream())
        .toList();
  }
}
