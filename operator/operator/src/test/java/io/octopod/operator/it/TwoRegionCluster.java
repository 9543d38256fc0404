package io.octopod.operator.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.BridgePoolSpec;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ExposureMode;
import io.octopod.api.v1alpha1.MediaExposure;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.ImageCommands;
import io.octopod.e2e.controlplane.KubeVersion;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.e2e.controlplane.ProcessKubelet;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the operator's integration tests stand on: the local control plane with one node in {@code
 * us-east} and one in {@code ap-southeast}, the process kubelet running the real bridge jar as the
 * bridge image, Octopod's CRDs served, and the test namespace.
 */
public final class TwoRegionCluster {

  public static final String NAMESPACE = "octopod";
  private static final Duration WAIT = Duration.ofSeconds(120);

  private TwoRegionCluster() {}

  public static LocalCluster start(String name) throws Exception {
    Path repo = KubeVersion.fromRepository().repository();
    Path bridgeJar = repo.resolve("bridge-image/bridge/target/octopod-bridge.jar");
    assertTrue(
        Files.isRegularFile(bridgeJar), "the bridge jar is built before this module: " + bridgeJar);
    LocalCluster cluster = LocalCluster.start(name, ImageCommands.defaults().withBridge(bridgeJar));
    KubernetesClient client = cluster.client();
    cluster.addNode("node-us-east-0", Map.of(ProcessKubelet.REGION, "us-east"));
    cluster.addNode("node-ap-southeast-0", Map.of(ProcessKubelet.REGION, "ap-southeast"));
    try (var crds = Files.list(repo.resolve("crds"))) {
      for (Path crd : crds.filter(p -> p.toString().endsWith(".yml")).toList()) {
        try (FileInputStream in = new FileInputStream(crd.toFile())) {
          client.load(in).serverSideApply();
        }
      }
    }
    Await.until(
        WAIT,
        "the CRDs to be served",
        () -> {
          try {
            client.resources(BridgePool.class).list();
            client.resources(Conference.class).list();
            return true;
          } catch (KubernetesClientException e) {
            return false;
          }
        });
    cluster.createNamespace(NAMESPACE);
    return cluster;
  }

  /**
   * A pool of the test bridge image in a region, exposed on pod IPs. Its endpoint timeout is an
   * hour: the tests' participants are mostly endpoints reserved through the join service, with no
   * client behind them, that must stay for the test's length (the bridge would otherwise remove
   * them after 30 s); tests of the timeout set their own.
   */
  public static BridgePool pool(String name, String region, Integer replicas) {
    BridgePool pool = new BridgePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(NAMESPACE);
    BridgePoolSpec spec = new BridgePoolSpec();
    spec.setRegion(region);
    spec.setReplicas(replicas);
    spec.setImage("octopod/bridge:test");
    spec.setDrainTimeout("5m");
    spec.setEndpointTimeout("1h");
    MediaExposure exposure = new MediaExposure();
    exposure.setMode(ExposureMode.PodIP);
    spec.setExposure(exposure);
    pool.setSpec(spec);
    return pool;
  }
}
