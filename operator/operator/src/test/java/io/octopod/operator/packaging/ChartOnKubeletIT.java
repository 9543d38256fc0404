package io.octopod.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.Condition;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.bridge.browser.WebDriverSession;
import io.octopod.bridge.testkit.LoadAverage;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.Helm;
import io.octopod.e2e.controlplane.ImageCommands;
import io.octopod.e2e.controlplane.KubeVersion;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.e2e.controlplane.ProcessKubelet;
import io.octopod.operator.model.PoolLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart as a cluster runs it: {@code helm install} with {@code helm/examples/local.yaml} into
 * the real control plane, and the process kubelets run what it renders. The operator runs as pods
 * (two replicas, leader election, as its ServiceAccount under the chart's RBAC, the API server
 * enforcing RBAC), creates the example BridgePools' StatefulSets, and the kubelets run those
 * bridges as pods too. Then a conference with a participant in each region, and a {@code helm
 * upgrade} that adds a bridge and rolls the operator Deployment, while both keep receiving video.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartOnKubeletIT {

  private static final String NS = "octopod";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration WAIT = Duration.ofSeconds(180);

  /**
   * The rollout replaces both operator replicas one after the other, and each new JVM starts beside
   * two bridges, the old operators and two Chromium pages on 2 cores: 152 s in a passing run, more
   * than 180 s in two runs on 2026-12-03 (one new pod took 75 s to start). Bounded, not timed.
   */
  private static final Duration ROLLOUT_WAIT = Duration.ofMinutes(10);

  private static Path repo;
  private static Helm helm;
  private static LocalCluster cluster;
  private static KubernetesClient client;
  private static String kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    repo = KubeVersion.fromRepository().repository();
    helm = Helm.build(repo);
    Path bridgeJar = repo.resolve("bridge-image/bridge/target/octopod-bridge.jar");
    Path operatorJar = repo.resolve("operator/operator/target/octopod-operator.jar");
    assertTrue(Files.isRegularFile(bridgeJar), "built before this module: " + bridgeJar);
    assertTrue(Files.isRegularFile(operatorJar), "packaged before the ITs: " + operatorJar);
    cluster =
        LocalCluster.start(
            "chart-on-kubelet",
            ImageCommands.defaults().withBridge(bridgeJar).withOperator(operatorJar));
    client = cluster.client();
    cluster.addNode("node-us-east-0", Map.of(ProcessKubelet.REGION, "us-east"));
    cluster.addNode("node-ap-southeast-0", Map.of(ProcessKubelet.REGION, "ap-southeast"));
    kubeconfig = "--kubeconfig=" + cluster.kubeconfig();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void theOperatorRunsAsPodsWithLeaderElection() throws Exception {
    long started = System.nanoTime();
    helm.succeed(
        "install",
        "octopod",
        "helm/octopod",
        kubeconfig,
        "--namespace",
        NS,
        "--create-namespace",
        "-f",
        "helm/examples/local.yaml");
    awaitOrShow(
        "both operator replicas Ready",
        () -> {
          Deployment d = client.apps().deployments().inNamespace(NS).withName("octopod").get();
          return d != null
              && d.getStatus() != null
              && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas());
        });
    Set<String> operators = operatorPods();
    assertEquals(2, operators.size(), "two operator pods: " + operators);
    Lease lease = client.leases().inNamespace(NS).withName("octopod-operator").get();
    assertNotNull(lease, "the leader-election Lease");
    assertTrue(
        operators.contains(lease.getSpec().getHolderIdentity()),
        "an operator pod holds the lease: " + lease.getSpec().getHolderIdentity());
    System.out.printf(
        "operator pods %s Ready %.1f s after helm install; leader %s%n",
        operators, (System.nanoTime() - started) / 1e9, lease.getSpec().getHolderIdentity());
  }

  @Test
  @Order(2)
  void theExampleBridgePoolsBecomeReady() throws Exception {
    long started = System.nanoTime();
    for (String pool : List.of("us-east", "ap-southeast")) {
      awaitOrShow("BridgePool " + pool + " Ready", () -> poolReady(pool));
    }
    System.out.printf(
        "both BridgePools Ready %.1f s after the operator; bridge pods %s%n",
        (System.nanoTime() - started) / 1e9, bridgePods());
    // The same pods, run by the process kubelet in their region.
    for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
      String pool = pod.getMetadata().getLabels().get(PoolLabels.POOL);
      if (pool != null) {
        assertEquals("node-" + pool + "-0", pod.getSpec().getNodeName(), "placed in its region");
        assertEquals(Boolean.FALSE, pod.getSpec().getAutomountServiceAccountToken());
      }
    }
  }

  /**
   * One participant per region in the example Conference, through the focus of an operator pod:
   * Octo between the two bridges. Then {@code helm upgrade} with two bridges in us-east and a
   * changed operator setting (so the Deployment rolls, and leadership may move): both keep
   * decoding, and the bridges they are on are the same pods as before.
   */
  @Test
  @Order(3)
  void anUpgradeKeepsTheConferencesMedia() throws Exception {
    cluster.kubectl(
        "apply",
        "--server-side",
        "-f",
        repo.resolve("manifests/examples/conference.yaml").toString());
    String focus = focusAddress();
    Map<String, String> bridgesBefore = bridgeUids();
    Map<String, WebDriverSession> pages = new LinkedHashMap<>();
    try {
      for (String region : List.of("us-east", "ap-southeast")) {
        WebDriverSession page = WebDriverSession.start();
        pages.put(region, page);
        page.navigate(
            "http://" + focus + "/standup?name=" + region.replace('-', '_') + "&region=" + region);
      }
      awaitOrShow(
          "both participants decoding each other",
          () -> pages.values().stream().allMatch(p -> frames(p) > 30));
      Conference standup =
          client.resources(Conference.class).inNamespace(NS).withName("standup").get();
      System.out.println(cluster.kubectl("get", "conferences,bridgepools", "-n", NS));
      assertEquals(
          2, standup.getStatus().getBridgeCount(), "one bridge per region, joined by Octo");

      Path upgraded = Files.createTempFile("local-upgraded-", ".yaml");
      ObjectNode values =
          (ObjectNode) YAML.readTree(repo.resolve("helm/examples/local.yaml").toFile());
      ((ObjectNode) values.withArray("bridgePools").get(0)).put("replicas", 2);
      values.putObject("operator").put("maxRamPercentage", 55);
      YAML.writeValue(upgraded.toFile(), values);
      // Mark each page's PeerConnection and record every state it passes through, so that a
      // rejoin or an ICE restart during the upgrade is seen, however briefly.
      for (WebDriverSession page : pages.values()) {
        page.executeAsync(
            "const done = arguments[0]; window.pcBeforeUpgrade = pc; window.pcStates = [];"
                + " pc.addEventListener('connectionstatechange',"
                + " () => window.pcStates.push(pc.connectionState)); done('ok');");
      }
      String deploymentBefore = deploymentRevision();
      long upgradeStarted = System.nanoTime();
      helm.succeed(
          "upgrade",
          "octopod",
          "helm/octopod",
          kubeconfig,
          "--namespace",
          NS,
          "-f",
          upgraded.toString());

      // Sample the video while the rollout runs: the longest time any participant's decoded
      // frame count stood still.
      Map<String, Long> lastFrames = new LinkedHashMap<>();
      Map<String, Long> lastProgress = new LinkedHashMap<>();
      Map<String, Long> longestStall = new LinkedHashMap<>();
      pages.keySet().forEach(r -> longestStall.put(r, 0L));
      boolean rolledOut = false;
      long deadline = System.nanoTime() + ROLLOUT_WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        long now = System.nanoTime();
        for (Map.Entry<String, WebDriverSession> e : pages.entrySet()) {
          long f = frames(e.getValue());
          if (f > lastFrames.getOrDefault(e.getKey(), -1L)) {
            lastFrames.put(e.getKey(), f);
            lastProgress.put(e.getKey(), now);
          }
          longestStall.merge(
              e.getKey(), (now - lastProgress.get(e.getKey())) / 1_000_000, Math::max);
        }
        if (!rolledOut && upgradeDone(deploymentBefore)) {
          rolledOut = true;
          System.out.printf(
              "upgrade rolled out after %.1f s: %s%n",
              (System.nanoTime() - upgradeStarted) / 1e9, bridgePods());
          // Keep sampling a little after the rollout: the new operator takes over.
          deadline = Math.min(deadline, System.nanoTime() + 10_000_000_000L);
        }
        Thread.sleep(500);
      }
      // The stall is reported, not asserted: on two cores the helm upgrade starts two operator
      // JVMs beside the Chromium pages, and a renderer starved for 2.5 s (seen once) is the
      // machine, not the upgrade. What the upgrade must not do is touch the media session.
      System.out.printf(
          "longest video stall per participant during the upgrade (ms): %s (load average %s)%n",
          longestStall, LoadAverage.now());
      assertTrue(rolledOut, "the upgrade rolled out: " + cluster.kubectl("get", "pods", "-n", NS));
      for (Map.Entry<String, WebDriverSession> e : pages.entrySet()) {
        String session =
            e.getValue()
                .executeAsync(
                    "const done = arguments[0]; done(JSON.stringify({same: pc ==="
                        + " window.pcBeforeUpgrade, states: window.pcStates}));")
                .asText();
        assertEquals(
            "{\"same\":true,\"states\":[]}",
            session,
            e.getKey() + " kept its PeerConnection, connected throughout the upgrade");
        long framesAtRollout = frames(e.getValue());
        awaitOrShow(
            e.getKey() + " still decoding after the upgrade",
            () -> frames(e.getValue()) > framesAtRollout + 30);
      }
      Map<String, String> bridgesAfter = bridgeUids();
      bridgesBefore.forEach(
          (pod, uid) ->
              assertEquals(uid, bridgesAfter.get(pod), pod + " kept running through the upgrade"));
      assertEquals(3, bridgesAfter.size(), "a second us-east bridge: " + bridgesAfter);
    } finally {
      pages.values().forEach(WebDriverSession::close);
    }
  }

  private static boolean upgradeDone(String deploymentBefore) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName("octopod").get();
    boolean operatorRolled =
        !deploymentRevision().equals(deploymentBefore)
            && d.getStatus() != null
            && Integer.valueOf(2).equals(d.getStatus().getUpdatedReplicas())
            && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas())
            && Integer.valueOf(2).equals(d.getStatus().getReplicas());
    return operatorRolled && poolReady("us-east") && readyBridges("us-east") == 2;
  }

  private static String deploymentRevision() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName("octopod").get();
    return d.getMetadata().getAnnotations().getOrDefault("deployment.kubernetes.io/revision", "");
  }

  private static boolean poolReady(String name) {
    BridgePool pool = client.resources(BridgePool.class).inNamespace(NS).withName(name).get();
    return pool != null
        && pool.getStatus() != null
        && pool.getStatus().getConditions() != null
        && pool.getStatus().getConditions().stream()
            .anyMatch(
                c -> Condition.READY.equals(c.getType()) && Condition.TRUE.equals(c.getStatus()));
  }

  private static int readyBridges(String name) {
    BridgePool pool = client.resources(BridgePool.class).inNamespace(NS).withName(name).get();
    return pool.getStatus().getReadyReplicas() == null ? 0 : pool.getStatus().getReadyReplicas();
  }

  private static Set<String> operatorPods() {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel("app.kubernetes.io/instance", "octopod")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getLabels().get(PoolLabels.POOL) == null)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private static List<String> bridgePods() {
    List<String> out = new ArrayList<>(bridgeUids().keySet());
    out.sort(null);
    return out;
  }

  private static Map<String, String> bridgeUids() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Pod pod : client.pods().inNamespace(NS).withLabel(PoolLabels.POOL).list().getItems()) {
      out.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
    }
    return out;
  }

  /** An operator pod's focus (no kube-proxy here: the Service's endpoint, as a proxy would). */
  private static String focusAddress() {
    for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
      if (operatorPods().contains(pod.getMetadata().getName())) {
        return pod.getStatus().getPodIP() + ":8090";
      }
    }
    throw new AssertionError("no operator pod");
  }

  private static long frames(WebDriverSession page) {
    try {
      JsonNode in =
          JSON.readTree(
              page.executeAsync("const done = arguments[0]; octopodInbound().then(done);")
                  .asText());
      return in.path("frames").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void awaitOrShow(String what, java.util.function.BooleanSupplier condition)
      throws Exception {
    try {
      Await.until(WAIT, what, condition::getAsBoolean);
    } catch (AssertionError e) {
      System.out.println(
          cluster.kubectl("get", "pods,deployments,bridgepools,leases", "-n", NS, "-o", "wide"));
      System.out.println("pod logs in " + cluster.directory());
      throw e;
    }
  }
}
