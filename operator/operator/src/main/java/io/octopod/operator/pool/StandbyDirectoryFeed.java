package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.model.ResolvedPoolSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the bridge directory of a standby replica (one that does not hold the leader lease) filled
 * from the BridgePools' pods, read-only: the reconcilers run only on the leader, but every replica
 * serves the focus behind one Service, and a join that lands on a standby must see the same
 * bridges. The bridges themselves say who is in which conference, so a standby's joins and the
 * leader's agree. It stops feeding when this replica becomes the leader (the reconciler takes over)
 * and resumes if it stops leading.
 */
public final class StandbyDirectoryFeed implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StandbyDirectoryFeed.class.getName());

  private final KubernetesClient client;
  private final BridgeDirectory directory;
  private final Set<String> namespaces;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "standby-directory-feed");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> fed = new HashSet<>();
  private volatile boolean leading;

  /**
   * @param namespaces the watched namespaces; empty for all
   */
  public StandbyDirectoryFeed(
      KubernetesClient client, BridgeDirectory directory, Set<String> namespaces) {
    this.client = client;
    this.directory = directory;
    this.namespaces = Set.copyOf(namespaces);
  }

  public void start() {
    timer.scheduleWithFixedDelay(
        this::feedSafely, 0, BridgeDirectory.POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void startedLeading() {
    leading = true;
  }

  public void stoppedLeading() {
    leading = false;
  }

  private void feedSafely() {
    if (leading) {
      return;
    }
    try {
      feed();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "standby directory feed: the API server did not answer", e);
    }
  }

  private synchronized void feed() {
    Set<String> seen = new HashSet<>();
    for (BridgePool pool : pools()) {
      String ns = pool.getMetadata().getNamespace();
      String name = pool.getMetadata().getName();
      String token = PoolBridges.token(client, ns, name);
      if (token == null || pool.getSpec() == null) {
        continue; // the leader has not set this pool up yet
      }
      StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName(name).get();
      int current =
          set == null || set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
      ResolvedPoolSpec spec;
      try {
        spec = ResolvedPoolSpec.of(pool.getSpec(), Math.max(current, 1));
      } catch (RuntimeException e) {
        continue; // invalid: the leader reports it in the pool's status
      }
      // Bridges asked to drain report it in their stats, which the directory polls.
      directory.syncPool(ns, name, PoolBridges.fromPods(client, pool, spec, token, relay -> false));
      seen.add(ns + "/" + name);
    }
    for (String gone : fed) {
      if (!seen.contains(gone)) {
        String[] parts = gone.split("/", 2);
        directory.removePool(parts[0], parts[1]);
      }
    }
    fed.clear();
    fed.addAll(seen);
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

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
