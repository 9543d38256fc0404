package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.model.PoolLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells the directory at once when a bridge's pod stops being Ready or is deleted, instead of at
 * the next pool sync or poll: the bridge takes no new participants from then on, and it is polled
 * on the spot ({@link BridgeDirectory#podNotReady}), so that a bridge whose process is gone or
 * frozen is marked dead within a second of its kubelet noticing. Runs on every operator replica,
 * since each serves joins from its own directory.
 */
public final class BridgePodWatch implements AutoCloseable {

  private final KubernetesClient client;
  private final BridgeDirectory directory;
  private final Set<String> namespaces;
  private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

  /**
   * @param namespaces the watched namespaces; empty for all
   */
  public BridgePodWatch(
      KubernetesClient client, BridgeDirectory directory, Set<String> namespaces) {
    this.client = client;
    this.directory = directory;
    this.namespaces = Set.copyOf(namespaces);
  }

  public void start() {
    Handler handler = new Handler();
    if (namespaces.isEmpty()) {
      informers.add(
          client
              .pods()
              .inAnyNamespace()
              .withLabel(PoolLabels.NAME, "octopod-bridge")
              .inform(handler, 0));
      return;
    }
    for (String ns : namespaces) {
      informers.add(
          client
              .pods()
              .inNamespace(ns)
              .withLabel(PoolLabels.NAME, "octopod-bridge")
              .inform(handler, 0));
    }
  }

  /** Whether the pod is Ready and not being deleted. */
  static boolean serving(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {}

    @Override
    public void onUpdate(Pod before, Pod after) {
      if (serving(before) && !serving(after)) {
        stopped(after);
      }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      stopped(pod);
    }

    private void stopped(Pod pod) {
      directory.podNotReady(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
