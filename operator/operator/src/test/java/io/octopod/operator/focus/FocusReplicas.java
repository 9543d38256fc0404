package io.octopod.operator.focus;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.e2e.controlplane.Await;
import io.octopod.operator.OctopodOperator;
import io.octopod.operator.selection.BridgeState;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A second operator replica for tests, standing by (another identity holds the lease) and serving a
 * focus of its own: the chart's default of two replicas, with the focus Service spreading pages
 * over both.
 */
final class FocusReplicas {

  private static final String LEASE = "octopod-operator";

  private FocusReplicas() {}

  /** Holds the operator lease for an identity that is no test's operator. */
  static void holdLeaseElsewhere(KubernetesClient client, String namespace) {
    client
        .leases()
        .inNamespace(namespace)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(LEASE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("a-leader-elsewhere")
                .withLeaseDurationSeconds(3600)
                .withAcquireTime(ZonedDateTime.now())
                .withRenewTime(ZonedDateTime.now())
                .endSpec()
                .build())
        .create();
  }

  static void releaseLease(KubernetesClient client, String namespace) {
    client.leases().inNamespace(namespace).withName(LEASE).delete();
  }

  /**
   * Starts a standby operator with its focus, and waits until its directory knows {@code bridges}
   * ready bridges (it places joins from it).
   */
  static OctopodOperator startStandby(
      KubernetesClient client, String namespace, FocusSettings focus, int bridges)
      throws Exception {
    OctopodOperator standby =
        OctopodOperator.start(
            client,
            new OctopodOperator.Settings(
                Set.of(namespace), namespace, "standby", true, "127.0.0.1", 0, false));
    standby.startFocus(client, focus);
    Await.until(
        Duration.ofSeconds(120),
        "the standby's directory to know the bridges ready",
        () ->
            standby.directory().infos().stream().filter(b -> b.state() == BridgeState.READY).count()
                >= bridges);
    return standby;
  }
}
