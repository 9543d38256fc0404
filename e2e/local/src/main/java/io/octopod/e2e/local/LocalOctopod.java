package io.octopod.e2e.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.Helm;
import io.octopod.e2e.controlplane.ImageCommands;
import io.octopod.e2e.controlplane.KubeVersion;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.e2e.controlplane.ProcessKubelet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Octopod as a multi-region install runs it, on this machine: the local control plane with one node
 * per region, {@code helm install} of the chart with a BridgePool per region (pod IPs exposed), the
 * operator and the bridges running as pods on the process kubelets, and the example Conference
 * ({@code manifests/examples/conference.yaml}, room {@code standup}). The focus is reached on an
 * operator pod's address: there is no kube-proxy here to serve the Service's.
 *
 * <p>The first region is the install's own (where the focus assumes a participant is when it says
 * nothing); participants name theirs with {@code ?region=}.
 */
public final class LocalOctopod implements AutoCloseable {

  public static final String NAMESPACE = "octopod";
  public static final String RELEASE = "octopod";
  public static final String ROOM = "standup";
  private static final int FOCUS_PORT = 8090;
  private static final Duration READY = Duration.ofSeconds(180);

  private final List<String> regions;
  private final LocalCluster cluster;
  private final Path repo;

  private LocalOctopod(List<String> regions, LocalCluster cluster, Path repo) {
    this.regions = List.copyOf(regions);
    this.cluster = cluster;
    this.repo = repo;
  }

  /**
   * Starts everything and returns once the operator serves the focus and every region's bridges are
   * Ready.
   *
   * @param name names the cluster's directory under {@code target/control-plane}
   * @param regions the regions, the install's own first
   * @param operatorReplicas 1 for the fastest start, 2 to run leader election as in production
   */
  public static LocalOctopod start(String name, List<String> regions, int operatorReplicas)
      throws IOException, InterruptedException {
    return start(name, regions, operatorReplicas, 1);
  }

  /**
   * As {@link #start(String, List, int)}, with {@code bridgesPerRegion} bridges in each region's
   * pool.
   */
  public static LocalOctopod start(
      String name, List<String> regions, int operatorReplicas, int bridgesPerRegion)
      throws IOException, InterruptedException {
    return start(name, regions, operatorReplicas, bridgesPerRegion, true);
  }

  /**
   * As {@link #start(String, List, int, int)}; without {@code exampleConference}, no Conference is
   * created (a peer cluster that only lends its bridges).
   */
  public static LocalOctopod start(
      String name,
      List<String> regions,
      int operatorReplicas,
      int bridgesPerRegion,
      boolean exampleConference)
      throws IOException, InterruptedException {
    return start(name, regions, operatorReplicas, bridgesPerRegion, exampleConference, Map.of());
  }

  /**
   * As above; a region in {@code publicAddresses} gets a pool exposed as {@code FixedAddresses},
   * one bridge per address (where a test puts a relay in front of each), the others expose pod IPs.
   */
  public static LocalOctopod start(
      String name,
      List<String> regions,
      int operatorReplicas,
      int bridgesPerRegion,
      boolean exampleConference,
      Map<String, List<String>> publicAddresses)
      throws IOException, InterruptedException {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("at least one region");
    }
    Path repo = KubeVersion.fromRepository().repository();
    Path bridgeJar = requireFile(repo.resolve("bridge-image/bridge/target/octopod-bridge.jar"));
    Path operatorJar = requireFile(repo.resolve("operator/operator/target/octopod-operator.jar"));
    Helm helm = Helm.build(repo);
    LocalCluster cluster =
        LocalCluster.start(
            name, ImageCommands.defaults().withBridge(bridgeJar).withOperator(operatorJar));
    LocalOctopod octopod = new LocalOctopod(regions, cluster, repo);
    try {
      for (String region : regions) {
        cluster.addNode(nodeName(region), Map.of(ProcessKubelet.REGION, region));
      }
      Path values = cluster.directory().resolve("values.yaml");
      Files.writeString(
          values, values(regions, operatorReplicas, bridgesPerRegion, publicAddresses));
      helm.succeed(
          "install",
          RELEASE,
          "helm/octopod",
          "--kubeconfig=" + cluster.kubeconfig(),
          "--namespace",
          NAMESPACE,
          "--create-namespace",
          "-f",
          values.toString());
      if (exampleConference) {
        cluster.kubectl(
            "apply",
            "--server-side",
            "-f",
            repo.resolve("manifests/examples/conference.yaml").toString());
      }
      octopod.awaitReady(READY);
      return octopod;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** The node the process kubelet of a region registers. */
  public static String nodeName(String region) {
    return "node-" + region + "-0";
  }

  /**
   * The chart values: the first region is the install's, one BridgePool per region, bridges
   * advertising their pod IPs, and participants allowed to name their region.
   */
  static String values(
      List<String> regions,
      int operatorReplicas,
      int bridgesPerRegion,
      Map<String, List<String>> publicAddresses) {
    StringBuilder out = new StringBuilder();
    out.append("region: ").append(regions.get(0)).append('\n');
    out.append("operator:\n  replicas: ").append(operatorReplicas).append('\n');
    out.append("focus:\n  regionFromQuery: true\n");
    // Another local cluster may peer with this one (TwoClustersIT) through the read-only account.
    out.append("peerAccess:\n  enabled: true\n");
    out.append("bridgePools:\n");
    for (String region : regions) {
      out.append("  - name: ").append(region).append('\n');
      out.append("    region: ").append(region).append('\n');
      List<String> fixed = publicAddresses.get(region);
      if (fixed == null) {
        out.append("    replicas: ").append(bridgesPerRegion).append('\n');
        out.append("    exposure: {mode: PodIP}\n");
      } else {
        out.append("    replicas: ").append(fixed.size()).append('\n');
        out.append("    exposure: {mode: FixedAddresses, publicAddresses: [")
            .append(String.join(", ", fixed))
            .append("]}\n");
      }
      out.append("    capacity: {maxParticipants: 50}\n");
      out.append("    drainTimeout: 2m\n");
    }
    return out.toString();
  }

  /** Waits until an operator pod serves the focus and every region's BridgePool is Ready. */
  public void awaitReady(Duration timeout) {
    Await.until(timeout, "an operator pod serving the focus", () -> focusAddress().isPresent());
    for (String region : regions) {
      Await.until(timeout, "BridgePool " + region + " Ready", () -> poolReady(region));
    }
  }

  /** The example Conference ({@link #ROOM}) as the API server has it now, or null. */
  public GenericKubernetesResource conference() {
    return client()
        .genericKubernetesResources("octopod.io/v1alpha1", "Conference")
        .inNamespace(NAMESPACE)
        .withName(ROOM)
        .get();
  }

  /** Whether the BridgePool's Ready condition is True. */
  public boolean poolReady(String pool) {
    GenericKubernetesResource resource =
        client()
            .genericKubernetesResources("octopod.io/v1alpha1", "BridgePool")
            .inNamespace(NAMESPACE)
            .withName(pool)
            .get();
    if (resource == null || !(resource.getAdditionalProperties().get("status") instanceof Map)) {
      return false;
    }
    Object conditions =
        ((Map<?, ?>) resource.getAdditionalProperties().get("status")).get("conditions");
    if (!(conditions instanceof List<?> list)) {
      return false;
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(Map.class::cast)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  /** host:port of a Ready operator pod's focus, if one is Ready. */
  public Optional<String> focusAddress() {
    Deployment operator =
        client().apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get();
    if (operator == null) {
      return Optional.empty();
    }
    for (Pod pod :
        client()
            .pods()
            .inNamespace(NAMESPACE)
            .withLabels(operator.getSpec().getSelector().getMatchLabels())
            .list()
            .getItems()) {
      if (pod.getMetadata().getDeletionTimestamp() == null && ready(pod)) {
        return Optional.of(pod.getStatus().getPodIP() + ":" + FOCUS_PORT);
      }
    }
    return Optional.empty();
  }

  /** The meeting page of the example room for a participant in a region. */
  public String meetingUrl(String participant, String region) {
    String focus = focusAddress().orElseThrow(() -> new IllegalStateException("no focus"));
    return "http://" + focus + "/" + ROOM + "?name=" + participant + "&region=" + region;
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public List<String> regions() {
    return regions;
  }

  public LocalCluster cluster() {
    return cluster;
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public Path repository() {
    return repo;
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " is missing: build it first (mvn -DskipTests package)");
    }
    return file;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
